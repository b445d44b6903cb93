import { createHash } from "node:crypto";
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import * as snarkjs from "snarkjs";
import { artifactPaths, defaultBuildDir, loadManifest, requireArtifact } from "../../verifier/src/artifacts.ts";
import type { CircuitId } from "../../verifier/src/circuits.ts";
import { parsePublicSignals, type PublicSignalsOf } from "../../verifier/src/codecs.ts";
import { withCurve } from "../../verifier/src/curve.ts";
import { ArtifactIntegrityError, WitnessError } from "../../verifier/src/errors.ts";
import type { Groth16Proof } from "../../verifier/src/proof.ts";
import type { CircuitInput } from "./inputs.ts";

/** Stages reported to `onProgress`. */
export type ProofStage = "artifacts" | "witness" | "prove" | "done";

/** Options of proof generation. */
export interface ProveOptions {
  buildDir?: string;
  /** Called at each stage with the fraction of the work done (0..1). */
  onProgress?: (stage: ProofStage, fraction: number) => void;
  /**
   * The circuit's wasm and zkey already in memory (a warm prover keeps them between proofs); the caller
   * has checked them, e.g. with loadArtifacts. Without it they are read from `buildDir` and checked.
   */
  artifacts?: LoadedArtifacts;
}

/** A circuit's wasm and zkey bytes, checked against the manifest. */
export interface LoadedArtifacts {
  wasm: Uint8Array;
  zkey: Uint8Array;
}

/**
 * Read circuit `id`'s wasm and zkey into memory after checking their SHA-256 against the manifest.
 *
 * @throws {ArtifactIntegrityError} if an artifact is missing or altered (names the file).
 * @example const artifacts = loadArtifacts("royaltyClaim"); await generateProof("royaltyClaim", input, { artifacts })
 */
export function loadArtifacts(id: CircuitId, buildDir: string = defaultBuildDir()): LoadedArtifacts {
  const entry = loadManifest(buildDir).circuits[id];
  if (!entry) throw new ArtifactIntegrityError(`the manifest has no ${id} circuit: build it with npm run build`);
  const paths = artifactPaths(id, buildDir);
  // The bytes hashed are the bytes kept: read once, then checked.
  const read = (file: string, expected: string): Uint8Array => {
    if (!fs.existsSync(file)) requireArtifact(file, expected);
    const bytes = new Uint8Array(fs.readFileSync(file));
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== expected) {
      throw new ArtifactIntegrityError(`artifact ${file} does not match the manifest (SHA-256 differs)`, {
        details: `expected ${expected}, found ${actual}`,
      });
    }
    return bytes;
  };
  return { wasm: read(paths.wasm, entry.artifacts.wasm.sha256), zkey: read(paths.zkey, entry.artifacts.zkey.sha256) };
}

/** A proof with its public signals, raw (snarkjs order) and named. */
export interface ProofResult<C extends CircuitId> {
  circuit: C;
  proof: Groth16Proof;
  publicSignals: string[];
  signals: PublicSignalsOf<C>;
  timings: { witnessMs: number; proveMs: number };
}

/**
 * Compute the witness of `input`, or explain why none exists. The error names the circuit template and
 * line of the failed constraint, never the input values.
 *
 * @throws {WitnessError}
 */
export async function calculateWitness(
  wasm: string | { type: "mem"; data: Uint8Array },
  input: CircuitInput,
  circuit: string,
): Promise<{ type: "mem"; data?: Uint8Array }> {
  const wtns: { type: "mem"; data?: Uint8Array } = { type: "mem" };
  try {
    await snarkjs.wtns.calculate(input, wasm, wtns);
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    const where = /Error in template (\w+)[^\n]*?line: (\d+)/.exec(msg);
    const tooBig = /Not enough values|Too many values|Signal not found/.exec(msg);
    throw new WitnessError(
      where
        ? `the ${circuit} circuit rejects these inputs: a constraint in template ${where[1]!.replace(/_\d+$/, "")} (line ${where[2]}) does not hold`
        : tooBig
          ? `the ${circuit} circuit input is malformed: ${tooBig[0]}`
          : `the ${circuit} circuit rejects these inputs`,
      { details: where ? undefined : msg.split("\n")[0]?.slice(0, 300) },
    );
  }
  return wtns;
}

/**
 * Generate a Groth16 proof for circuit `id`. Artifacts are checked against the manifest's SHA-256 first.
 *
 * @throws {ArtifactIntegrityError} if an artifact is missing or altered (names the file).
 * @throws {WitnessError} if the inputs do not satisfy the circuit.
 * @example const { proof, signals } = await generateProof("royaltyClaim", royaltyClaimCircuitInput(data))
 */
export async function generateProof<C extends CircuitId>(
  id: C,
  input: CircuitInput,
  options: ProveOptions = {},
): Promise<ProofResult<C>> {
  const progress = options.onProgress ?? (() => {});
  const buildDir = options.buildDir ?? defaultBuildDir();
  progress("artifacts", 0);
  type FileLike = string | { type: "mem"; data: Uint8Array };
  let paths: { wasm: FileLike; zkey: FileLike };
  if (options.artifacts) {
    paths = {
      wasm: { type: "mem", data: options.artifacts.wasm },
      zkey: { type: "mem", data: options.artifacts.zkey },
    };
  } else {
    const entry = loadManifest(buildDir).circuits[id];
    if (!entry) throw new ArtifactIntegrityError(`the manifest has no ${id} circuit: build it with npm run build`);
    paths = artifactPaths(id, buildDir);
    requireArtifact(paths.wasm as string, entry.artifacts.wasm.sha256);
    requireArtifact(paths.zkey as string, entry.artifacts.zkey.sha256);
  }
  return withCurve(async () => {
    progress("witness", 0.05);
    const t0 = performance.now();
    const wtns = await calculateWitness(paths.wasm, input, id);
    const t1 = performance.now();
    progress("prove", 0.2);
    const { proof, publicSignals } = await snarkjs.groth16.prove(paths.zkey, wtns);
    const t2 = performance.now();
    progress("done", 1);
    return {
      circuit: id,
      proof: proof as Groth16Proof,
      publicSignals,
      signals: parsePublicSignals(id, publicSignals),
      timings: { witnessMs: t1 - t0, proveMs: t2 - t1 },
    };
  });
}

import { performance } from "node:perf_hooks";
import type { WitnessCalculator } from "circom_runtime";
import * as snarkjs from "snarkjs";
import { artifactPaths, defaultBuildDir, loadManifest, readArtifact } from "../artifacts/paths.ts";
import { CIRCUIT_IDS, type CircuitId } from "../core/circuits.ts";
import { parsePublicSignals, type PublicSignalsOf } from "../core/codecs.ts";
import { retainCurves, withCurve } from "../core/curve.ts";
import { ArtifactIntegrityError, InvalidInputError, WitnessError } from "../core/errors.ts";
import type { Groth16Proof } from "../core/proof.ts";
import type { CircuitInput } from "./inputs.ts";
import { explainWitnessFailure, witnessFrames } from "./rejections.ts";

/** Stages reported to `onProgress`. */
export type ProofStage = "artifacts" | "witness" | "prove" | "done";

/** Options of proof generation. */
export interface ProveOptions {
  buildDir?: string;
  /** Called at each stage with the fraction of the work done (0..1). */
  onProgress?: (stage: ProofStage, fraction: number) => void;
  /**
   * The circuit's wasm and zkey already in memory (a worker keeps them between proofs); the caller has
   * checked them, e.g. with loadArtifacts. Without it they are read from `buildDir` and checked.
   */
  artifacts?: LoadedArtifacts;
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
 * Compute the witness of `input`, or explain why none exists: the error names the statement that failed in
 * words (from the circuit source's `@rejects` annotations, see rejections.ts), with the template and line of
 * the failed constraint, never the input values. The witness calculator's own "ERROR: ..." console line is
 * kept out of the output: the error says the same.
 *
 * @throws {WitnessError} if a constraint fails (its `statement` and `reason` name it when annotated).
 * @throws {InvalidInputError} if the input is malformed (a signal missing, unknown or of the wrong length):
 *   that is a bad input, not a statement the circuit rejects.
 * With `keep` (the warm {@link Prover}), a wasm in memory gets one witness calculator, built once and reused.
 * @example await calculateWitness(wasmFile, input, "provenance")
 */
export async function calculateWitness(
  wasm: string | { type: "mem"; data: Uint8Array },
  input: CircuitInput,
  circuit: string,
  o: { keep?: boolean } = {},
): Promise<{ type: "mem"; data?: Uint8Array }> {
  const wtns: { type: "mem"; data?: Uint8Array } = { type: "mem" };
  try {
    await quietWitnessCalculator(async () => {
      // A warm prover keeps a calculator per circuit; one proof (a cold process) lets snarkjs build its own, and
      // does not load a second copy of circom_runtime (snarkjs bundles one) for it.
      if (typeof wasm !== "string" && o.keep) wtns.data = await witnessOf(wasm.data, input);
      else await snarkjs.wtns.calculate(input, wasm, wtns);
    });
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    const malformed =
      /Not enough values[^\n]*|Too many values[^\n]*|Not all inputs have been set[^\n]*|Signal not found[^\n]*/.exec(
        msg,
      );
    if (malformed && !/Error in template/.test(msg))
      throw new InvalidInputError(`the ${circuit} circuit input is malformed: ${malformed[0]}`, {
        details: msg.split("\n")[0]?.slice(0, 300),
      });
    const frames = witnessFrames(msg);
    const why = explainWitnessFailure(frames);
    const where = why ?? frames.at(-1);
    throw new WitnessError(
      why
        ? `the ${circuit} circuit rejects these inputs: ${why.reason} (statement ${why.statement}; template ${why.template} line ${why.line})`
        : where
          ? `the ${circuit} circuit rejects these inputs: a constraint in template ${where.template} (line ${where.line}) does not hold`
          : `the ${circuit} circuit rejects these inputs`,
      {
        details: where ? undefined : msg.split("\n")[0]?.slice(0, 300),
        statement: why?.statement,
        reason: why?.reason,
      },
    );
  }
  return wtns;
}

/**
 * One witness calculator per circuit wasm in memory (a loaded circuit's bytes), built on its first witness and
 * kept: snarkjs's wtns.calculate compiles and instantiates the wasm again for every witness. Witnesses of one
 * calculator are computed one at a time (they share its memory). A calculation that fails drops its
 * calculator (the next one starts from a fresh instance), since the calculator keeps each failure's messages
 * and would add them to the next failure's: a rejected input gives the same error every time.
 */
/** circom_runtime's calculator builder, loaded with the first kept calculator (a warm prover's). */
const calculatorBuilder = async (wasm: Uint8Array): Promise<WitnessCalculator> =>
  (await import("circom_runtime")).WitnessCalculatorBuilder(wasm);

const calculators = new WeakMap<Uint8Array, { calculator?: Promise<WitnessCalculator>; queue: Promise<unknown> }>();

function calculatorSlot(wasm: Uint8Array) {
  let slot = calculators.get(wasm);
  if (!slot) calculators.set(wasm, (slot = { queue: Promise.resolve() }));
  return slot;
}

/** The .wtns bytes of `input` from the kept calculator of `wasm`. */
function witnessOf(wasm: Uint8Array, input: CircuitInput): Promise<Uint8Array> {
  const slot = calculatorSlot(wasm);
  const run = slot.queue.then(async () => {
    slot.calculator ??= calculatorBuilder(wasm);
    try {
      return await (await slot.calculator).calculateWTNSBin(input as Record<string, unknown>);
    } catch (cause) {
      slot.calculator = undefined;
      throw cause;
    }
  });
  slot.queue = run.catch(() => {});
  return run;
}

/** Build the kept witness calculator of `wasm` now (a warm prover's first proof then does not). */
async function warmWitnessCalculator(wasm: Uint8Array): Promise<void> {
  const slot = calculatorSlot(wasm);
  slot.calculator ??= calculatorBuilder(wasm);
  try {
    await slot.calculator;
  } catch (cause) {
    slot.calculator = undefined;
    throw cause;
  }
}

/** Run the witness calculator with its own "ERROR: <code> ..." console lines dropped (the error carries them). */
async function quietWitnessCalculator<T>(fn: () => Promise<T>): Promise<T> {
  const { error, log } = console;
  const drop =
    (original: (...a: unknown[]) => void) =>
    (...args: unknown[]): void => {
      if (typeof args[0] === "string" && args[0].startsWith("ERROR:")) return;
      original(...args);
    };
  console.error = drop(error);
  console.log = drop(log);
  try {
    return await fn();
  } finally {
    console.error = error;
    console.log = log;
  }
}

/** The bytes of one circuit's wasm and zkey, checked against the manifest. */
export interface LoadedArtifacts {
  wasm: Uint8Array;
  zkey: Uint8Array;
}
type LoadedCircuit = LoadedArtifacts;

/**
 * Read a circuit's wasm and zkey once into memory and check each against the manifest's SHA-256. The
 * same bytes that were hashed are the bytes snarkjs proves with (no second read of the zkey, no window
 * in which the file could change between the check and its use).
 *
 * @throws {ArtifactIntegrityError} if the manifest lacks the circuit or an artifact is missing or altered.
 */
function loadCircuit(id: CircuitId, buildDir: string): LoadedCircuit {
  const entry = loadManifest(buildDir).circuits[id];
  if (!entry) throw new ArtifactIntegrityError(`the manifest has no ${id} circuit: build it with npm run build`);
  const paths = artifactPaths(id, buildDir);
  return {
    wasm: readArtifact(paths.wasm, entry.artifacts.wasm.sha256),
    zkey: readArtifact(paths.zkey, entry.artifacts.zkey.sha256),
  };
}

/**
 * Read circuit `id`'s wasm and zkey into memory, checked against the manifest's SHA-256 (the bytes hashed
 * are the bytes kept), for {@link generateProof}'s `artifacts` option.
 *
 * @throws {ArtifactIntegrityError} if the manifest lacks the circuit or an artifact is missing or altered.
 * @example const artifacts = loadArtifacts("royaltyClaim"); await generateProof("royaltyClaim", input, { artifacts })
 */
export function loadArtifacts(id: CircuitId, buildDir: string = defaultBuildDir()): LoadedArtifacts {
  return loadCircuit(id, buildDir);
}

async function proveLoaded<C extends CircuitId>(
  id: C,
  circuit: LoadedCircuit,
  input: CircuitInput,
  progress: (stage: ProofStage, fraction: number) => void,
  keep = false,
): Promise<ProofResult<C>> {
  return withCurve(async () => {
    // Build (or fetch the cached) curve while the witness is computed: its workers compile their wasm on
    // other threads, so a cold proof does not pay for the two one after the other.
    const curveReady = snarkjs.curves.getCurveFromName("bn128");
    progress("witness", 0.05);
    const t0 = performance.now();
    let wtns: Awaited<ReturnType<typeof calculateWitness>>;
    try {
      wtns = await calculateWitness({ type: "mem", data: circuit.wasm }, input, id, { keep });
    } finally {
      await curveReady;
    }
    const t1 = performance.now();
    progress("prove", 0.2);
    const { proof, publicSignals } = await snarkjs.groth16.prove({ type: "mem", data: circuit.zkey }, wtns);
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

/**
 * Generate a Groth16 proof for circuit `id` (cold: reads the artifacts, builds the curve, and ends its
 * workers afterwards unless a caller retains them). Artifacts are checked against the manifest's SHA-256
 * first. For many proofs in one process, a {@link Prover} keeps artifacts and curve loaded.
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
  progress("artifacts", 0);
  const circuit = options.artifacts ?? loadCircuit(id, options.buildDir ?? defaultBuildDir());
  return proveLoaded(id, circuit, input, progress);
}

/** Options of {@link Prover.load}. */
export interface ProverOptions {
  buildDir?: string;
  /** The circuits to load (default: all of them). */
  circuits?: readonly CircuitId[];
}

/**
 * A warm prover: holds each circuit's wasm and zkey in memory (checked once against the manifest), one witness
 * calculator per circuit (built at load, reused by every proof) and keeps the bn128 curve and its worker
 * threads alive between proofs. Call {@link Prover.close} when done,
 * or the curve's workers keep the process alive.
 *
 * @example
 * const prover = await Prover.load({ circuits: ["provenance"] })
 * try { for (const input of inputs) await prover.prove("provenance", input) } finally { await prover.close() }
 */
export class Prover {
  readonly buildDir: string;
  readonly #circuits: Map<CircuitId, LoadedCircuit>;
  readonly #release: () => Promise<void>;
  #closed = false;

  private constructor(buildDir: string, circuits: Map<CircuitId, LoadedCircuit>, release: () => Promise<void>) {
    this.buildDir = buildDir;
    this.#circuits = circuits;
    this.#release = release;
  }

  /**
   * Read and check the artifacts of `options.circuits` (default all) and build the curve.
   *
   * @throws {ArtifactIntegrityError} if an artifact is missing or altered (names the file).
   * @example const prover = await Prover.load()
   */
  static async load(options: ProverOptions = {}): Promise<Prover> {
    const buildDir = options.buildDir ?? defaultBuildDir();
    const circuits = new Map<CircuitId, LoadedCircuit>();
    for (const id of options.circuits ?? CIRCUIT_IDS) circuits.set(id, loadCircuit(id, buildDir));
    const release = retainCurves();
    try {
      await withCurve(() => snarkjs.curves.getCurveFromName("bn128"));
      for (const circuit of circuits.values()) await warmWitnessCalculator(circuit.wasm);
    } catch (cause) {
      await release();
      throw cause;
    }
    return new Prover(buildDir, circuits, release);
  }

  /** The circuits this prover holds. */
  get circuits(): CircuitId[] {
    return [...this.#circuits.keys()];
  }

  /**
   * Generate a Groth16 proof for circuit `id` with the loaded artifacts.
   *
   * @throws {InvalidInputError} if the prover is closed or was not loaded with circuit `id`.
   * @throws {WitnessError} if the inputs do not satisfy the circuit.
   * @example const { proof, signals } = await prover.prove("licensee", licenseeCircuitInput(data))
   */
  async prove<C extends CircuitId>(
    id: C,
    input: CircuitInput,
    options: Pick<ProveOptions, "onProgress"> = {},
  ): Promise<ProofResult<C>> {
    if (this.#closed) throw new InvalidInputError("this Prover is closed: load a new one");
    const circuit = this.#circuits.get(id);
    if (!circuit) {
      throw new InvalidInputError(`this Prover was not loaded with the ${id} circuit`, {
        details: `loaded: ${this.circuits.join(", ") || "none"}`,
      });
    }
    const progress = options.onProgress ?? (() => {});
    progress("artifacts", 0);
    return proveLoaded(id, circuit, input, progress, true);
  }

  /** Release the curve's workers (when no one else retains them) and drop the artifacts. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#circuits.clear();
    await this.#release();
  }
}

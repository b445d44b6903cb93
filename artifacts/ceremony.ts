// Groth16 phase 2 by several parties. Each step reads the latest zkey of a circuit's ceremony folder and
// writes the next one; transcript.json records every step. `verifyCeremony` checks the whole chain against
// the r1cs and the ptau (snarkjs zkey verify); `finalizeCeremony` installs the result as the build's zkey.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { artifactPaths, defaultBuildDir, sha256File, VERIFIERS_DIR } from "./paths.ts";
import type { CircuitId } from "../core/circuits.ts";
import { withCurve } from "../core/curve.ts";
import { InvalidInputError, SetupError } from "../core/errors.ts";
import { r1csInfo, requiredPower } from "./binfile.ts";
import { checkPtau, resolvePtauPath, verifyPtau } from "./ptau.ts";
import { tmpName, writeAtomic } from "./files.ts";
import { exportReferenceSolidity, exportSolidity, exportVkey } from "./setup.ts";
import { writeBatchVerifier } from "./batch-verifier.ts";
import { circuitRecord, readManifest, writeManifest } from "./build.ts";
import { circuitInstance } from "../core/circuits.ts";

/** One step of a ceremony. */
export interface CeremonyStep {
  index: number;
  kind: "init" | "contribution" | "beacon";
  name: string;
  file: string;
  hash: string;
  at: string;
}

/** A circuit's ceremony: where it lives, which ptau it started from, its steps. */
export interface Transcript {
  circuit: CircuitId;
  ptau: { path: string; sha256: string; insecure: boolean };
  r1csSha256: string;
  steps: CeremonyStep[];
}

/** Options shared by the ceremony commands. */
export interface CeremonyOptions {
  buildDir?: string;
  /** The ceremony folder (default: <buildDir>/ceremony/<circuit>). */
  dir?: string;
}

function ceremonyDir(id: CircuitId, o: CeremonyOptions): string {
  return path.resolve(o.dir ?? path.join(o.buildDir ?? defaultBuildDir(), "ceremony", id));
}

/** Read a ceremony's transcript. @throws {InvalidInputError} when there is none. */
export function readTranscript(id: CircuitId, o: CeremonyOptions = {}): Transcript {
  const file = path.join(ceremonyDir(id, o), "transcript.json");
  if (!fs.existsSync(file)) {
    throw new InvalidInputError(
      `no ceremony for ${id} at ${path.dirname(file)}: start one with \`ceremony init ${id}\``,
    );
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as Transcript;
}

function saveTranscript(id: CircuitId, o: CeremonyOptions, t: Transcript): void {
  writeAtomic(path.join(ceremonyDir(id, o), "transcript.json"), JSON.stringify(t, null, 2) + "\n");
}

function latest(t: Transcript, dir: string): string {
  const last = t.steps.at(-1);
  if (!last) throw new SetupError(`the ${t.circuit} ceremony has no steps`);
  const file = path.join(dir, last.file);
  if (!fs.existsSync(file)) throw new SetupError(`ceremony file ${file} is missing`);
  if (sha256File(file) !== last.hash) throw new SetupError(`ceremony file ${file} does not match its transcript hash`);
  return file;
}

function nextFile(t: Transcript, kind: string): string {
  return `${String(t.steps.length).padStart(4, "0")}_${kind}.zkey`;
}

/**
 * Start a ceremony: `zkey new` from the circuit's built r1cs and a checked, verified ptau.
 *
 * @throws {InvalidInputError} if a ceremony already exists. @throws {SetupError} for an unusable ptau.
 * @example await initCeremony("royaltyClaim", { ptau: "pot15.ptau" })
 */
export async function initCeremony(id: CircuitId, o: CeremonyOptions & { ptau?: string } = {}): Promise<Transcript> {
  const dir = ceremonyDir(id, o);
  if (fs.existsSync(path.join(dir, "transcript.json"))) {
    throw new InvalidInputError(`a ceremony for ${id} already exists at ${dir}`);
  }
  const paths = artifactPaths(id, o.buildDir ?? defaultBuildDir());
  if (!fs.existsSync(paths.r1cs))
    throw new InvalidInputError(`build the ${id} circuit first: ${paths.r1cs} is missing`);
  const ptau = checkPtau(resolvePtauPath(o.ptau), requiredPower(r1csInfo(paths.r1cs)));
  await verifyPtau(ptau, o.buildDir ?? defaultBuildDir(), () => {});
  fs.mkdirSync(dir, { recursive: true });
  const t: Transcript = {
    circuit: id,
    ptau: { path: ptau.path, sha256: ptau.sha256, insecure: ptau.insecure },
    r1csSha256: sha256File(paths.r1cs),
    steps: [],
  };
  const file = nextFile(t, "init");
  const tmp = tmpName(path.join(dir, file));
  await withCurve(() => snarkjs.zKey.newZKey(paths.r1cs, ptau.path, tmp));
  fs.renameSync(tmp, path.join(dir, file));
  t.steps.push({
    index: 0,
    kind: "init",
    name: "zkey new",
    file,
    hash: sha256File(path.join(dir, file)),
    at: new Date().toISOString(),
  });
  saveTranscript(id, o, t);
  return t;
}

/**
 * Add a contribution. The entropy defaults to 32 fresh random bytes and is never stored.
 *
 * @example await contributeCeremony("royaltyClaim", { name: "Alice" })
 */
export async function contributeCeremony(
  id: CircuitId,
  o: CeremonyOptions & { name: string; entropy?: string },
): Promise<CeremonyStep> {
  if (!o.name || o.name.length > 200)
    throw new InvalidInputError("a contribution needs a --name of 1 to 200 characters");
  return step(id, o, "contribution", o.name, (from, to) =>
    snarkjs.zKey.contribute(from, to, o.name, o.entropy ?? randomBytes(32).toString("hex")),
  );
}

/**
 * Apply a public random beacon (for example a future block hash everyone can see), closing the ceremony.
 *
 * @throws {InvalidInputError} for a beacon that is not hex or an iteration exponent outside 10..63.
 */
export async function beaconCeremony(
  id: CircuitId,
  o: CeremonyOptions & { beacon: string; iterationsExp?: number },
): Promise<CeremonyStep> {
  const hex = o.beacon.replace(/^0x/, "");
  if (!/^([0-9a-fA-F]{2}){1,64}$/.test(hex))
    throw new InvalidInputError("--beacon must be a hex string of 1 to 64 bytes");
  const iter = o.iterationsExp ?? 10;
  if (!Number.isInteger(iter) || iter < 10 || iter > 63)
    throw new InvalidInputError("--iterations must be 10 to 63 (log2)");
  return step(id, o, "beacon", `beacon ${hex} 2^${iter}`, (from, to) =>
    snarkjs.zKey.beacon(from, to, "final beacon", hex, iter),
  );
}

async function step(
  id: CircuitId,
  o: CeremonyOptions,
  kind: "contribution" | "beacon",
  name: string,
  run: (from: string, to: string) => Promise<unknown>,
): Promise<CeremonyStep> {
  const dir = ceremonyDir(id, o);
  const t = readTranscript(id, o);
  if (t.steps.at(-1)?.kind === "beacon") throw new InvalidInputError(`the ${id} ceremony is closed by its beacon`);
  const from = latest(t, dir);
  const file = nextFile(t, kind);
  const tmp = tmpName(path.join(dir, file));
  try {
    await withCurve(() => run(from, tmp));
    fs.renameSync(tmp, path.join(dir, file));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const s: CeremonyStep = {
    index: t.steps.length,
    kind,
    name,
    file,
    hash: sha256File(path.join(dir, file)),
    at: new Date().toISOString(),
  };
  t.steps.push(s);
  saveTranscript(id, o, t);
  return s;
}

/**
 * Verify the latest zkey of the ceremony against the r1cs and ptau: every contribution chains back to
 * `zkey new` (snarkjs zkey verify).
 *
 * @example await verifyCeremony("royaltyClaim") // true
 */
export async function verifyCeremony(id: CircuitId, o: CeremonyOptions = {}): Promise<boolean> {
  const t = readTranscript(id, o);
  const paths = artifactPaths(id, o.buildDir ?? defaultBuildDir());
  if (sha256File(paths.r1cs) !== t.r1csSha256) {
    throw new SetupError(
      `the ${id} circuit changed since the ceremony started (r1cs hash differs): start a new ceremony`,
    );
  }
  return withCurve(() => snarkjs.zKey.verifyFromR1cs(paths.r1cs, t.ptau.path, latest(t, ceremonyDir(id, o))));
}

/**
 * Verify the ceremony, then install its latest zkey as the circuit's build zkey, with its verification key,
 * Solidity verifier and manifest record (setup kind "ceremony"). Insecure unless the ptau is a pinned
 * public ceremony file and at least two parties contributed.
 *
 * @throws {SetupError} if verification fails.
 */
export async function finalizeCeremony(
  id: CircuitId,
  o: CeremonyOptions & { contractsDir?: string } = {},
): Promise<void> {
  const buildDir = o.buildDir ?? defaultBuildDir();
  if (!(await verifyCeremony(id, o)))
    throw new SetupError(`the ${id} ceremony does not verify against its r1cs and ptau`);
  const t = readTranscript(id, o);
  const paths = artifactPaths(id, buildDir, o.contractsDir ?? VERIFIERS_DIR);
  const manifest = readManifest(buildDir);
  const prev = manifest.circuits[id];
  if (!prev) throw new SetupError(`the manifest has no ${id} circuit: build it first`);
  writeAtomic(paths.zkey, fs.readFileSync(latest(t, ceremonyDir(id, o))));
  const contributions = t.steps.filter((s) => s.kind !== "init").map((s) => ({ name: s.name, hash: s.hash }));
  const insecure = t.ptau.insecure || t.steps.filter((s) => s.kind === "contribution").length < 2;
  const { vkey, hash } = await exportVkey(paths);
  const contract = circuitInstance(id).verifierContract;
  exportSolidity(paths, contract, id, vkey, hash, insecure);
  await exportReferenceSolidity(paths, contract, id, hash, insecure);
  writeBatchVerifier(id, vkey, hash, insecure, path.dirname(paths.solidity));
  manifest.circuits[id] = circuitRecord(id, paths, buildDir, {
    sourcesHash: prev.sourcesHash,
    sources: prev.sources,
    inspectWarnings: prev.inspectWarnings,
    ptauSha256: t.ptau.sha256,
    setup: { kind: "ceremony", contributions, insecure },
    vkeyHash: hash,
  });
  writeManifest(buildDir, manifest);
}

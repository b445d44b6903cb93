// The circuit build: domain -> main.circom -> r1cs/sym/wasm -> zkey -> vkey -> Solidity verifiers -> manifest.
// Each step runs only when an input it depends on changed; the manifest records what was built from what.
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT, VERIFIERS_DIR, artifactPaths, defaultBuildDir, manifestPath, sha256File } from "./paths.ts";
import { manifestSchema, type CircuitManifest, type Manifest } from "../core/manifest.ts";
import { CIRCUIT_IDS, circuitInstance, type CircuitId } from "../core/circuits.ts";
import { vkeyHash, type VerificationKey } from "../core/vkey.ts";
import { requiredPower, r1csInfo } from "./binfile.ts";
import { COMPILER_ID, collectSources, compileCircuit, libraryDirs, mainSource, sourcesHash } from "./compile.ts";
import { generateDomain, writeIfChanged } from "./gen-domain.ts";
import { checkPtau, resolvePtauPath, verifyPtau, type CheckedPtau } from "./ptau.ts";
import { writeAtomic } from "./files.ts";
import {
  devPhase2,
  exportReferenceSolidity,
  exportSolidity,
  exportVkey,
  referenceSolidityPath,
  type Contribution,
} from "./setup.ts";
import { writeBatchVerifier } from "./batch-verifier.ts";

/** Options of a build. */
export interface BuildOptions {
  /** Circuits to build (default: all). */
  only?: CircuitId[];
  /** Powers of tau file (default: $ZKPROV_PTAU, then ../shared/ptau's development file). */
  ptau?: string;
  buildDir?: string;
  circuitsDir?: string;
  contractsDir?: string;
  /** Rebuild everything. */
  force?: boolean;
  log?: (message: string) => void;
}

/** What one build did for one circuit. */
export interface BuildStep {
  id: CircuitId;
  compiled: boolean;
  setup: boolean;
  solidity: boolean;
  constraints: number;
}

function fileEntry(file: string, buildRoot: string) {
  return { path: path.relative(buildRoot, file), sha256: sha256File(file), bytes: fs.statSync(file).size };
}

function matches(file: string, expected: string | undefined): boolean {
  return expected !== undefined && fs.existsSync(file) && sha256File(file) === expected;
}

/** Read the manifest if present and valid; an absent or corrupt one means "nothing built yet". */
export function readManifest(buildDir: string): Manifest {
  const file = manifestPath(buildDir);
  if (fs.existsSync(file)) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
      raw = undefined; // a corrupt manifest is rebuilt from scratch
    }
    const parsed = manifestSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
  }
  return { version: 1, compiler: COMPILER_ID, circuits: {} };
}

/** The manifest record of one circuit, from its artifacts on disk and what they were built from. */
export function circuitRecord(
  id: CircuitId,
  paths: ReturnType<typeof artifactPaths>,
  buildDir: string,
  from: Pick<CircuitManifest, "sourcesHash" | "sources" | "inspectWarnings" | "ptauSha256" | "setup" | "vkeyHash">,
): CircuitManifest {
  const inst = circuitInstance(id);
  const info = r1csInfo(paths.r1cs);
  return {
    template: inst.template,
    params: { ...inst.params },
    ...from,
    constraints: info.nConstraints,
    publicSignals: info.nOutputs + info.nPubInputs,
    requiredPtauPower: requiredPower(info),
    artifacts: {
      r1cs: fileEntry(paths.r1cs, buildDir),
      sym: fileEntry(paths.sym, buildDir),
      wasm: fileEntry(paths.wasm, buildDir),
      zkey: fileEntry(paths.zkey, buildDir),
      vkey: fileEntry(paths.vkey, buildDir),
      solidity: fileEntry(paths.solidity, buildDir),
    },
    builtAt: new Date().toISOString(),
  };
}

/** Write the manifest atomically. */
export function writeManifest(buildDir: string, manifest: Manifest): void {
  manifest.compiler = COMPILER_ID;
  writeAtomic(manifestPath(buildDir), JSON.stringify(manifest, null, 2) + "\n");
}

/**
 * Build the circuits: compile, Groth16 setup, verification keys, Solidity verifiers, manifest.
 * Incremental: a second build with nothing changed does no work; a change to a circuit's sources
 * rebuilds only that circuit, and a change of ptau redoes only the setups.
 *
 * @throws {CompileError | SetupError} naming the circuit or file at fault.
 * @example await buildCircuits({ ptau: "pot15.ptau" })
 */
export async function buildCircuits(options: BuildOptions = {}): Promise<BuildStep[]> {
  const log = options.log ?? ((m: string) => console.log(m));
  const buildDir = path.resolve(options.buildDir ?? defaultBuildDir());
  const circuitsDir = path.resolve(options.circuitsDir ?? path.join(REPO_ROOT, "circuits"));
  const contractsDir = path.resolve(options.contractsDir ?? VERIFIERS_DIR);
  fs.mkdirSync(buildDir, { recursive: true });
  generateDomain();

  const manifest = readManifest(buildDir);
  const ids = options.only ?? CIRCUIT_IDS;
  let ptau: CheckedPtau | undefined;
  const steps: BuildStep[] = [];

  for (const id of ids) {
    const inst = circuitInstance(id);
    const paths = artifactPaths(id, buildDir, contractsDir);
    fs.mkdirSync(paths.dir, { recursive: true });
    writeIfChanged(paths.main, mainSource(inst));
    const sources = collectSources(paths.main, [path.join(circuitsDir, "src"), ...libraryDirs()]);
    const srcHash = sourcesHash(sources);
    const prev = options.force ? undefined : manifest.circuits[id];

    const compiled =
      !prev ||
      prev.sourcesHash !== srcHash ||
      !matches(paths.r1cs, prev.artifacts.r1cs.sha256) ||
      !matches(paths.wasm, prev.artifacts.wasm.sha256) ||
      !matches(paths.sym, prev.artifacts.sym.sha256);
    let inspectWarnings = prev?.inspectWarnings ?? 0;
    if (compiled) {
      log(`[${id}] compiling ${path.relative(REPO_ROOT, path.join(circuitsDir, "src", inst.file))} (circom2 --O2)`);
      inspectWarnings = (await compileCircuit(id, paths, circuitsDir)).warnings;
    }
    const info = r1csInfo(paths.r1cs);
    const power = requiredPower(info);

    // The setup depends on the r1cs and the ptau. An explicitly chosen ptau that differs from the one the
    // zkey was built from forces a new setup; with no ptau given, an existing valid setup is kept.
    const explicitPtau = options.ptau ?? process.env.ZKPROV_PTAU;
    const r1csSha = sha256File(paths.r1cs);
    const needPtau =
      compiled ||
      !prev ||
      prev.artifacts.r1cs.sha256 !== r1csSha ||
      !matches(paths.zkey, prev.artifacts.zkey.sha256) ||
      explicitPtau !== undefined;
    let ptauSha = prev?.ptauSha256;
    let setup = false;
    let setupRecord: CircuitManifest["setup"] | undefined = prev?.setup;
    if (needPtau) {
      ptau ??= checkPtau(resolvePtauPath(options.ptau), power);
      if (ptau.power < power) ptau = checkPtau(ptau.path, power); // throws with the required power
      setup = compiled || !prev || prev.ptauSha256 !== ptau.sha256 || !matches(paths.zkey, prev.artifacts.zkey.sha256);
      if (setup) {
        await verifyPtau(ptau, buildDir, log);
        log(
          `[${id}] Groth16 setup (${info.nConstraints} constraints, ptau power ${ptau.power}${ptau.insecure ? ", INSECURE development ptau" : ""})`,
        );
        const contributions: Contribution[] = await devPhase2(paths, ptau.path);
        setupRecord = { kind: "local-dev", contributions, insecure: true };
        ptauSha = ptau.sha256;
      }
    }
    if (!setupRecord || !ptauSha) throw new Error(`internal: no setup record for ${id}`);

    let vkHash = prev?.vkeyHash;
    if (setup || !prev || !matches(paths.vkey, prev.artifacts.vkey.sha256)) {
      vkHash = (await exportVkey(paths)).hash;
    } else {
      vkHash = vkeyHash(JSON.parse(fs.readFileSync(paths.vkey, "utf8")) as VerificationKey);
    }
    // Both verifiers are functions of the verification key. zkprov's own is rendered every build and written
    // only when it changed (a new key or a new generator); snarkjs's reference is re-exported when its
    // VKEY_HASH is not the key's.
    const vkey = JSON.parse(fs.readFileSync(paths.vkey, "utf8")) as VerificationKey;
    const solidity = exportSolidity(paths, inst.verifierContract, id, vkey, vkHash, setupRecord.insecure);
    if (solidity) log(`[${id}] writing ${path.relative(REPO_ROOT, paths.solidity)}`);
    const reference = referenceSolidityPath(paths, inst.verifierContract);
    if (!fs.existsSync(reference) || !fs.readFileSync(reference, "utf8").includes(`VKEY_HASH = ${vkHash};`)) {
      log(`[${id}] writing ${path.relative(REPO_ROOT, reference)}`);
      await exportReferenceSolidity(paths, inst.verifierContract, id, vkHash, setupRecord.insecure);
    }

    const batchFile = writeBatchVerifier(id, vkey, vkHash, setupRecord.insecure, contractsDir);
    if (batchFile) log(`[${id}] writing ${path.relative(REPO_ROOT, batchFile)}`);

    if (compiled || setup || solidity || !prev) {
      manifest.circuits[id] = circuitRecord(id, paths, buildDir, {
        sourcesHash: srcHash,
        sources: sources.map((s) => path.relative(REPO_ROOT, s)),
        inspectWarnings,
        ptauSha256: ptauSha,
        setup: setupRecord,
        vkeyHash: vkHash,
      });
      if (ptau && setup) {
        manifest.ptau = { path: ptau.path, sha256: ptau.sha256, power: ptau.power, insecure: ptau.insecure };
      }
      writeManifest(buildDir, manifest);
    } else {
      log(`[${id}] up to date (${info.nConstraints} constraints)`);
    }
    steps.push({ id, compiled, setup, solidity, constraints: info.nConstraints });
  }
  return steps;
}

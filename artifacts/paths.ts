import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ArtifactIntegrityError } from "../core/errors.ts";
import { circuitInstance, type CircuitId } from "../core/circuits.ts";
import { parseManifest, type Manifest } from "../core/manifest.ts";
import { REPO_ROOT } from "./root.ts";

export { codeModule, COMPILED, COMPILED_DIR, REPO_ROOT } from "./root.ts";

/** Where the circuit build writes the Groth16 Solidity verifiers and batch verifier libraries. */
export const VERIFIERS_DIR = path.join(REPO_ROOT, "contracts/verifiers");

/** The files generated from circuits/domain.json and circuits/circuits.json (artifacts/gen-domain.ts). */
export const GENERATED_FILES = {
  domainCircom: path.join(REPO_ROOT, "circuits/src/generated/domain.circom"),
  domainTagsSol: path.join(REPO_ROOT, "contracts/generated/DomainTags.sol"),
  publicSignalsSol: path.join(REPO_ROOT, "contracts/generated/PublicSignals.sol"),
} as const;

/** Hardhat's compiled contracts (hardhat.config.ts `paths.artifacts`, plus `contracts/`). */
export const CONTRACT_ARTIFACTS_DIR = path.join(REPO_ROOT, "build/hardhat/artifacts/contracts");

/** The built verification page (web/vite.config.ts `build.outDir`). */
export const WEB_DIST_DIR = path.join(REPO_ROOT, "web/dist");

/** The default build directory, circuits/build, unless ZKPROV_BUILD_DIR names another. */
export function defaultBuildDir(): string {
  return path.resolve(process.env.ZKPROV_BUILD_DIR ?? path.join(REPO_ROOT, "circuits/build"));
}

/** Where each artifact of one circuit lives. The only place artifact paths are spelled. */
export interface ArtifactPaths {
  dir: string;
  main: string;
  r1cs: string;
  sym: string;
  wasm: string;
  zkey: string;
  vkey: string;
  solidity: string;
}

/**
 * Paths of one circuit's artifacts under `buildDir` (the Solidity verifier goes to `contractsDir`).
 *
 * @example artifactPaths("provenance").zkey // ".../circuits/build/provenance/provenance.zkey"
 */
export function artifactPaths(
  id: CircuitId,
  buildDir: string = defaultBuildDir(),
  contractsDir: string = VERIFIERS_DIR,
): ArtifactPaths {
  const dir = path.join(buildDir, id);
  return {
    dir,
    main: path.join(dir, "main.circom"),
    r1cs: path.join(dir, "main.r1cs"),
    sym: path.join(dir, "main.sym"),
    wasm: path.join(dir, "main_js", "main.wasm"),
    zkey: path.join(dir, `${id}.zkey`),
    vkey: path.join(dir, "verification_key.json"),
    solidity: path.join(contractsDir, `${circuitInstance(id).verifierContract}.sol`),
  };
}

/** The manifest file of a build directory. */
export function manifestPath(buildDir: string = defaultBuildDir()): string {
  return path.join(buildDir, "manifest.json");
}

/**
 * Read and validate manifest.json of a build directory.
 *
 * @throws {ArtifactIntegrityError} if it is missing or malformed.
 * @example const m = loadManifest(); m.circuits.provenance.constraints
 */
export function loadManifest(buildDir: string = defaultBuildDir()): Manifest {
  const file = manifestPath(buildDir);
  if (!fs.existsSync(file)) {
    throw new ArtifactIntegrityError(`no circuit manifest at ${file}: build the circuits first (npm run build)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ArtifactIntegrityError(`manifest ${file} is not valid JSON`, { cause });
  }
  return parseManifest(raw, file);
}

/** SHA-256 of a file, lowercase hex. */
export function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * Read a file whole and check it against the SHA-256 the manifest pins for it; returns the checked bytes,
 * so that a caller uses exactly what was hashed and reads the file once.
 *
 * @throws {ArtifactIntegrityError} naming the file, if it is missing or its hash differs.
 * @example const zkey = readArtifact(paths.zkey, manifest.circuits.provenance.artifacts.zkey.sha256)
 */
export function readArtifact(file: string, expectedSha256: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (cause) {
    throw new ArtifactIntegrityError(`artifact ${file} is missing or unreadable: rebuild with npm run build`, {
      cause,
    });
  }
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (actual !== expectedSha256) {
    throw new ArtifactIntegrityError(`artifact ${file} does not match the manifest (SHA-256 differs)`, {
      details: `expected ${expectedSha256}, found ${actual}`,
    });
  }
  return bytes;
}

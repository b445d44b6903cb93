// The CLI's documents on disk: key files, license entries, attestations, registry snapshots and blinding
// files. Each format (name, version, schema, parse, serialize) is in core/formats/; this reads and writes them
// in Node through artifacts/files.ts (every error names the file; writes are atomic and never overwrite
// without `force`; key files are 0600 and refused when others can read them), and checks what needs the curve
// arithmetic: that a key file's public part belongs to its secret (prover/key-file.ts, re-exported here).
import type { LicenseEntry, ModelEntry } from "../core/hashes.ts";
import { attestationFormat, type AttestationFile } from "../core/formats/attestation.ts";
import { blindingFormat } from "../core/formats/blinding.ts";
import { licenseFormat } from "../core/formats/license.ts";
import { snapshotFormat } from "../core/formats/snapshot.ts";
import type { RegistryTreeView } from "../core/registry-trees.ts";
import type { RegistryTree } from "../core/registry.ts";
import { readDocument } from "../artifacts/files.ts";

export { newKey, publicPart, readKeyFile, writeKeyFile } from "./key-file.ts";

/**
 * Read a license entry file.
 *
 * @throws {InvalidInputError} naming the file and each bad field.
 * @example const license = readLicenseFile("license.json")
 */
export function readLicenseFile(file: string): LicenseEntry {
  return readDocument(file, licenseFormat, "license file");
}

/**
 * Read an attestation file.
 *
 * @throws {InvalidInputError} naming the file and each bad field.
 * @example const { attestation, model, license } = readAttestationFile("attestation.json")
 */
export function readAttestationFile(file: string): AttestationFile {
  return readDocument(file, attestationFormat, "attestation file");
}

/**
 * The JSON text of a registry snapshot of `imt`.
 *
 * @example writeFilesAtomic([["models.json", snapshotJson("model", tree)]])
 */
export function snapshotJson(
  tree: RegistryTree,
  imt: RegistryTreeView,
  names?: Record<string, string>,
  models?: readonly ModelEntry[],
): string {
  return snapshotFormat.serialize({ tree, imt, names, models });
}

/**
 * Read a registry snapshot and rebuild its tree; the rebuilt root must equal the recorded one.
 *
 * @throws {InvalidInputError} for a malformed snapshot or one whose leaves do not give its root.
 * @example const { tree, imt, models } = readSnapshotFile("models.json")
 */
export function readSnapshotFile(file: string): { tree: RegistryTree; imt: RegistryTreeView; models: ModelEntry[] } {
  const { tree, imt, models } = readDocument(file, snapshotFormat, "registry snapshot");
  return { tree, imt, models };
}

/**
 * Read a creator blinding file.
 *
 * @throws {InvalidInputError} naming the file if it is missing or malformed.
 * @example const blinding = readBlindingFile("bundle.blinding.json")
 */
export function readBlindingFile(file: string): bigint {
  return readDocument(file, blindingFormat, "blinding file");
}

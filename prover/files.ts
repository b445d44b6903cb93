// The CLI's documents on disk: key files, license entries, attestations, registry snapshots and blinding
// files. Each format (name, version, schema, parse, serialize) is in core/formats/; this reads and writes them
// in Node through artifacts/files.ts (every error names the file; writes are atomic and never overwrite
// without `force`; key files are 0600 and refused when others can read them), and checks what needs the curve
// arithmetic: that a key file's public part belongs to its secret.
import { createRequire } from "node:module";
import { InvalidInputError, withArticle } from "../core/errors.ts";
import { identityCommitment, type LicenseEntry, type ModelEntry } from "../core/hashes.ts";
import { attestationFormat, type AttestationFile } from "../core/formats/attestation.ts";
import { blindingFormat } from "../core/formats/blinding.ts";
import { keyFormat, type KeyFile, type KeyKind } from "../core/formats/key.ts";
import { licenseFormat } from "../core/formats/license.ts";
import { snapshotFormat } from "../core/formats/snapshot.ts";
import type { RegistryTreeView } from "../core/registry-trees.ts";
import type { RegistryTree } from "../core/registry.ts";
import { readDocument, readJsonFile, requirePrivateFile, writeFilesAtomic } from "../artifacts/files.ts";
import { regulatorPublicKey } from "../verifier/audit.ts";
import { generateModelKey, generateRegulatorKey, modelPublicKey, randomFieldElement } from "./keys.ts";

// ethers (secp256k1) loads only when an account key is made or read: the other kinds, and `zkprov keys show`
// of them, start without it. Loaded with require(), synchronously: its CommonJS build, a second copy beside the
// ES module one in a process that imports both (a chain command given --account-key-file); only address and
// key strings pass between them.
type Ethers = typeof import("ethers");
let ethersModule: Ethers | undefined;
const ethers = (): Ethers => (ethersModule ??= createRequire(import.meta.url)("ethers") as Ethers);

const dec = (v: bigint): string => v.toString();

/**
 * Generate a fresh key of `kind`.
 *
 * @example const key = newKey("creator"); key.commitment
 */
export function newKey(kind: KeyKind): KeyFile {
  if (kind === "model") return { kind, ...generateModelKey() };
  if (kind === "regulator") return { kind, ...generateRegulatorKey() };
  if (kind === "account") {
    const w = ethers().Wallet.createRandom();
    return { kind, privateKey: w.privateKey, address: w.address };
  }
  const secret = randomFieldElement();
  return { kind, secret, commitment: identityCommitment(secret) };
}

/**
 * The public part of a key, as JSON-ready strings (never the secret).
 *
 * @example publicPart(key) // { kind: "creator", commitment: "123…" }
 */
export function publicPart(key: KeyFile): Record<string, string | string[]> {
  if (key.kind === "model" || key.kind === "regulator") return { kind: key.kind, publicKey: key.publicKey.map(dec) };
  if (key.kind === "account") return { kind: key.kind, address: key.address };
  return { kind: key.kind, commitment: dec(key.commitment) };
}

/**
 * Write a key file: JSON, mode 0600, atomic, never over an existing file unless `force`.
 *
 * @throws {InvalidInputError} if the file exists and `force` is not set.
 * @example writeKeyFile("creator.key.json", newKey("creator"))
 */
export function writeKeyFile(file: string, key: KeyFile, o: { force?: boolean } = {}): void {
  writeFilesAtomic([[file, keyFormat.serialize(key)]], { force: o.force, mode: 0o600 });
}

/**
 * Read a key file, optionally requiring a kind; checks that the public part matches the secret.
 *
 * @throws {InvalidInputError} for a missing, open-to-others, corrupt or wrong-kind key file.
 * @example const creator = readKeyFile("creator.key.json", "creator")
 */
export function readKeyFile<K extends KeyKind>(file: string, kind?: K): Extract<KeyFile, { kind: K }> {
  requirePrivateFile(file, "key file");
  const key = keyFormat.parse(readJsonFile(file, "key file"), file);
  if (kind && key.kind !== kind)
    throw new InvalidInputError(`${file} is ${withArticle(key.kind)} key, ${withArticle(kind)} key is needed`);
  const same = (a: [bigint, bigint], b: [bigint, bigint]) => a[0] === b[0] && a[1] === b[1];
  if (key.kind === "model") {
    if (!same(modelPublicKey(key.privateKey), key.publicKey))
      throw new InvalidInputError(`${file}: the public key does not belong to the private key (corrupt key file)`);
  } else if (key.kind === "regulator") {
    if (!same(regulatorPublicKey(key.secret), key.publicKey))
      throw new InvalidInputError(`${file}: the public key does not belong to the secret (corrupt key file)`);
  } else if (key.kind === "account") {
    if (new (ethers().Wallet)(key.privateKey).address.toLowerCase() !== key.address.toLowerCase())
      throw new InvalidInputError(`${file}: the address does not belong to the private key (corrupt key file)`);
  } else if (identityCommitment(key.secret) !== key.commitment)
    throw new InvalidInputError(`${file}: the commitment does not belong to the secret (corrupt key file)`);
  return key as Extract<KeyFile, { kind: K }>;
}

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

// The file formats the CLI reads and writes: key files, license entries, attestations and registry
// snapshots. Each has one zod schema (also its type), a reader that names the file in every error, and
// writes are atomic (temporary file + rename), never overwrite without `force`, and key files are 0600.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { z } from "zod";
import type { LeanIMT } from "@zk-kit/lean-imt";
import { fieldStringSchema } from "../core/field.ts";
import { identityCommitment, type LicenseEntry, type ModelEntry } from "../core/hashes.ts";
import { regulatorPublicKey } from "../verifier/audit.ts";
import { InvalidInputError, issueLines, withArticle } from "../core/errors.ts";
import { generateModelKey, generateRegulatorKey, modelPublicKey, randomFieldElement } from "./keys.ts";
import type { Attestation } from "./attestation.ts";
import { newRegistryTree } from "./merkle.ts";
import { snapshotFileSchema, snapshotModels } from "../verifier/snapshot.ts";
import type { KeyKind } from "./key-kinds.ts";

// ethers (secp256k1) loads only when an account key is made or read: the other kinds, and `zkprov keys show`
// of them, start without it. Loaded with require(), synchronously: its CommonJS build, a second copy beside the
// ES module one in a process that imports both (a chain command given --account-key-file); only address and
// key strings pass between them.
type Ethers = typeof import("ethers");
let ethersModule: Ethers | undefined;
const ethers = (): Ethers => (ethersModule ??= createRequire(import.meta.url)("ethers") as Ethers);

const point = z.tuple([fieldStringSchema, fieldStringSchema]);
const dec = (v: bigint): string => v.toString();

export { KEY_KINDS, type KeyKind } from "./key-kinds.ts";

/** The key file schema: `kind` decides which secret and which public part it holds. */
export const keyFileSchema = z.discriminatedUnion("kind", [
  z.object({
    format: z.literal("zkprov-key"),
    version: z.literal(1),
    kind: z.literal("model"),
    privateKey: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits"),
    publicKey: point,
  }),
  z.object({
    format: z.literal("zkprov-key"),
    version: z.literal(1),
    kind: z.literal("regulator"),
    secret: fieldStringSchema,
    publicKey: point,
  }),
  z.object({
    format: z.literal("zkprov-key"),
    version: z.literal(1),
    kind: z.literal("account"),
    privateKey: z.string().regex(/^0x[0-9a-f]{64}$/, "0x and 64 lowercase hex digits"),
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address"),
  }),
  ...(["creator", "licensor", "licensee"] as const).map((kind) =>
    z.object({
      format: z.literal("zkprov-key"),
      version: z.literal(1),
      kind: z.literal(kind),
      secret: fieldStringSchema,
      commitment: fieldStringSchema,
    }),
  ),
] as unknown as [z.ZodDiscriminatedUnionOption<"kind">, ...z.ZodDiscriminatedUnionOption<"kind">[]]);

/** A parsed key file. */
export type KeyFile =
  | { kind: "model"; privateKey: Uint8Array; publicKey: [bigint, bigint] }
  | { kind: "regulator"; secret: bigint; publicKey: [bigint, bigint] }
  /** An Ethereum account that signs transactions (secp256k1). */
  | { kind: "account"; privateKey: string; address: string }
  | IdentityKey<"creator">
  | IdentityKey<"licensor">
  | IdentityKey<"licensee">;

/** An identity key (creator, licensor, licensee): a field secret and its commitment. */
export interface IdentityKey<K extends "creator" | "licensor" | "licensee"> {
  kind: K;
  secret: bigint;
  commitment: bigint;
}

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

function serializeKey(key: KeyFile): object {
  const head = { format: "zkprov-key", version: 1, kind: key.kind };
  if (key.kind === "model")
    return { ...head, privateKey: Buffer.from(key.privateKey).toString("hex"), publicKey: key.publicKey.map(dec) };
  if (key.kind === "regulator") return { ...head, secret: dec(key.secret), publicKey: key.publicKey.map(dec) };
  if (key.kind === "account") return { ...head, privateKey: key.privateKey, address: key.address };
  return { ...head, secret: dec(key.secret), commitment: dec(key.commitment) };
}

/** Options of the atomic writers. */
export interface WriteOptions {
  /** Replace an existing file. */
  force?: boolean;
  /** File mode (default 0o644; key files 0o600). */
  mode?: number;
}

/**
 * Check before long work that `files` can be written: none is a folder or named twice, (unless `force`) none
 * exists, and each one's folder exists (missing folders are created, as `mkdir -p` would) and takes a new file
 * (probed by creating and removing a temporary file there, so a read-only folder or file system, a full disk or
 * missing permissions are found now, not after the work).
 *
 * @throws {InvalidInputError} naming the first file that exists, is a folder, is named twice, or whose folder
 * cannot be created or written, with the system's reason (e.g. EACCES).
 * @example requireWritable(["bundle.json", "proof.json"], false)
 */
export function requireWritable(files: string[], force = false): void {
  const seen = new Set<string>();
  for (const file of files) {
    const resolved = path.resolve(file);
    // Two outputs on one path would leave only the last (e.g. `--out proof.json` beside proof.json).
    if (seen.has(resolved)) throw new InvalidInputError(`${file} is named twice among the files to write`);
    seen.add(resolved);
    // A folder cannot be replaced by a file: refuse it before anything is written, not halfway through.
    if (fs.existsSync(file) && fs.statSync(file).isDirectory())
      throw new InvalidInputError(`${file} is a folder: name a file to write`);
    if (!force && fs.existsSync(file))
      throw new InvalidInputError(`${file} already exists: pass --force to overwrite it`);
    const dir = path.dirname(resolved);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (cause) {
      throw new InvalidInputError(`cannot write ${file}: its folder ${dir} cannot be created (${errnoText(cause)})`, {
        cause,
      });
    }
    const probe = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.probe`);
    try {
      fs.closeSync(fs.openSync(probe, "wx", 0o600));
    } catch (cause) {
      throw new InvalidInputError(`cannot write ${file}: ${errnoText(cause)}`, { cause });
    } finally {
      fs.rmSync(probe, { force: true });
    }
  }
}

/** A system error in words with its code, e.g. "permission denied (EACCES)". */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    ENOENT: "no such file or folder",
    ENOTDIR: "a part of the path is not a folder",
    EISDIR: "is a folder",
    ERR_FS_FILE_TOO_LARGE: "the file is too large to read at once",
  };
  if (err && typeof err.code === "string") return `${words[err.code] ?? err.message.split("\n")[0]} (${err.code})`;
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}

/**
 * Write several files all-or-nothing (a third entry element sets that file's mode): every file goes to a temporary sibling first, then all are renamed.
 * Refuses (before writing anything) if a target exists and `force` is not set.
 *
 * @throws {InvalidInputError} naming the first target that exists or whose folder is missing.
 * @example writeFilesAtomic([["bundle.json", json]], { force: false })
 */
export function writeFilesAtomic(files: [string, string | Uint8Array, number?][], o: WriteOptions = {}): void {
  requireWritable(
    files.map(([f]) => f),
    o.force,
  );
  const temps: [string, string][] = [];
  try {
    for (const [file, data, mode] of files) {
      const m = mode ?? o.mode ?? 0o644;
      const tmp = path.join(
        path.dirname(path.resolve(file)),
        `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`,
      );
      temps.push([tmp, file]);
      fs.writeFileSync(tmp, data, { mode: m, flag: "wx" });
      fs.chmodSync(tmp, m);
    }
    for (const [tmp, file] of temps) fs.renameSync(tmp, file);
  } catch (e) {
    for (const [tmp] of temps) fs.rmSync(tmp, { force: true });
    // Name the file the user asked for, never the temporary sibling.
    const failed = temps.at(-1)?.[1] ?? files[0]?.[0];
    throw new InvalidInputError(`cannot write ${failed}: ${errnoText(e)}`, { cause: e });
  }
}

/**
 * Write a key file: JSON, mode 0600, atomic, never over an existing file unless `force`.
 *
 * @throws {InvalidInputError} if the file exists and `force` is not set.
 * @example writeKeyFile("creator.key.json", newKey("creator"))
 */
export function writeKeyFile(file: string, key: KeyFile, o: { force?: boolean } = {}): void {
  writeFilesAtomic([[file, JSON.stringify(serializeKey(key), null, 2) + "\n"]], { force: o.force, mode: 0o600 });
}

/**
 * Read and parse a JSON file, naming the file (and what it should be) in every error.
 *
 * @throws {InvalidInputError} if the file is missing, unreadable or not JSON.
 * @example readJsonFile("bundle.json", "proof bundle")
 */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (cause) {
    throw new InvalidInputError(`cannot read ${what} ${file}: ${errnoText(cause)}`, { cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new InvalidInputError(`${what} ${file} is not valid JSON (corrupt or truncated?)`, { cause });
  }
}

function parseWith<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, file: string, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = issueLines(r.error.issues);
    throw new InvalidInputError(`${file} is not a valid ${what}: ${issues[0]}`, { details: issues.join("; ") });
  }
  return r.data;
}

/**
 * Refuse a secret-holding file that others can read or write (as ssh refuses an unprotected private key):
 * every zkprov key file holds a secret, and zkprov writes them 0600.
 *
 * @throws {InvalidInputError} naming the file, its mode and the `chmod 600` to run.
 * @example requirePrivateFile("creator.key.json", "key file")
 */
export function requirePrivateFile(file: string, what: string): void {
  let mode: number;
  try {
    mode = fs.statSync(file).mode;
  } catch (cause) {
    throw new InvalidInputError(`cannot read ${what} ${file}: ${errnoText(cause)}`, { cause });
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, "0");
    throw new InvalidInputError(
      `${what} ${file} is open to other users (mode ${octal}) and holds a secret: run chmod 600 ${file}`,
    );
  }
}

/**
 * Read a key file, optionally requiring a kind; checks that the public part matches the secret.
 *
 * @throws {InvalidInputError} for a missing, corrupt or wrong-kind key file.
 * @example const creator = readKeyFile("creator.key.json", "creator")
 */
export function readKeyFile<K extends KeyKind>(file: string, kind?: K): Extract<KeyFile, { kind: K }> {
  requirePrivateFile(file, "key file");
  const raw = parseWith(keyFileSchema, readJsonFile(file, "key file"), file, "zkprov key file") as Record<
    string,
    unknown
  > & { kind: KeyKind };
  if (kind && raw.kind !== kind)
    throw new InvalidInputError(`${file} is ${withArticle(raw.kind)} key, ${withArticle(kind)} key is needed`);
  let key: KeyFile;
  if (raw.kind === "model") {
    const privateKey = new Uint8Array(Buffer.from(raw.privateKey as string, "hex"));
    key = { kind: "model", privateKey, publicKey: raw.publicKey as [bigint, bigint] };
    const derived = modelPublicKey(privateKey);
    if (derived[0] !== key.publicKey[0] || derived[1] !== key.publicKey[1])
      throw new InvalidInputError(`${file}: the public key does not belong to the private key (corrupt key file)`);
  } else if (raw.kind === "regulator") {
    key = { kind: "regulator", secret: raw.secret as bigint, publicKey: raw.publicKey as [bigint, bigint] };
    const derived = regulatorPublicKey(key.secret);
    if (derived[0] !== key.publicKey[0] || derived[1] !== key.publicKey[1])
      throw new InvalidInputError(`${file}: the public key does not belong to the secret (corrupt key file)`);
  } else if (raw.kind === "account") {
    key = { kind: "account", privateKey: raw.privateKey as string, address: raw.address as string };
    if (new (ethers().Wallet)(key.privateKey).address.toLowerCase() !== key.address.toLowerCase())
      throw new InvalidInputError(`${file}: the address does not belong to the private key (corrupt key file)`);
  } else {
    const id = { kind: raw.kind, secret: raw.secret as bigint, commitment: raw.commitment as bigint };
    key = id as IdentityKey<"creator">;
    if (identityCommitment(id.secret) !== id.commitment)
      throw new InvalidInputError(`${file}: the commitment does not belong to the secret (corrupt key file)`);
  }
  return key as Extract<KeyFile, { kind: K }>;
}

/** A license entry file (what the licensor hands the model operator and creators). */
export const licenseFileSchema = z.object({
  datasetHash: fieldStringSchema,
  modelHash: fieldStringSchema,
  rights: fieldStringSchema,
  start: fieldStringSchema,
  expiry: fieldStringSchema,
  royaltyBps: fieldStringSchema,
  licensorCommit: fieldStringSchema,
  salt: fieldStringSchema,
});

/**
 * Read a license entry file.
 *
 * @throws {InvalidInputError} naming the file and each bad field.
 * @example const license = readLicenseFile("license.json")
 */
export function readLicenseFile(file: string): LicenseEntry {
  return parseWith(licenseFileSchema, readJsonFile(file, "license file"), file, "license entry");
}

/**
 * A license entry as JSON (decimal strings), the inverse of readLicenseFile.
 *
 * @example fs.writeFileSync("license.json", JSON.stringify(licenseJson(entry)))
 */
export function licenseJson(l: LicenseEntry): Record<keyof LicenseEntry, string> {
  return {
    datasetHash: dec(l.datasetHash),
    modelHash: dec(l.modelHash),
    rights: dec(l.rights),
    start: dec(l.start),
    expiry: dec(l.expiry),
    royaltyBps: dec(l.royaltyBps),
    licensorCommit: dec(l.licensorCommit),
    salt: dec(l.salt),
  };
}

/** The attestation file: the signed fields, the signature, the model's public data and the license. */
export const attestationFileSchema = z.object({
  format: z.literal("zkprov-attestation"),
  version: z.literal(1),
  fields: z.object({
    assetHash: fieldStringSchema,
    modelHash: fieldStringSchema,
    licenseLeaf: fieldStringSchema,
    creatorCommit: fieldStringSchema,
    generatedAt: fieldStringSchema,
  }),
  message: fieldStringSchema,
  signature: z.object({ R8: point, S: fieldStringSchema }),
  model: z.object({ publicKey: point, modelHash: fieldStringSchema, rights: fieldStringSchema }),
  license: licenseFileSchema,
});

/** A parsed attestation file. */
export interface AttestationFile {
  attestation: Attestation;
  model: { publicKey: [bigint, bigint]; modelHash: bigint; rights: bigint };
  license: LicenseEntry;
}

/**
 * The JSON text of an attestation file.
 *
 * @example writeFilesAtomic([["att.json", attestationFileJson(a)]])
 */
export function attestationFileJson(a: AttestationFile): string {
  const f = a.attestation.fields;
  return (
    JSON.stringify(
      {
        format: "zkprov-attestation",
        version: 1,
        fields: {
          assetHash: dec(f.assetHash),
          modelHash: dec(f.modelHash),
          licenseLeaf: dec(f.licenseLeaf),
          creatorCommit: dec(f.creatorCommit),
          generatedAt: dec(f.generatedAt),
        },
        message: dec(a.attestation.message),
        signature: { R8: a.attestation.signature.R8.map(dec), S: dec(a.attestation.signature.S) },
        model: {
          publicKey: a.model.publicKey.map(dec),
          modelHash: dec(a.model.modelHash),
          rights: dec(a.model.rights),
        },
        license: licenseJson(a.license),
      },
      null,
      2,
    ) + "\n"
  );
}

/**
 * Read an attestation file.
 *
 * @throws {InvalidInputError} naming the file and each bad field.
 * @example const { attestation, model, license } = readAttestationFile("attestation.json")
 */
export function readAttestationFile(file: string): AttestationFile {
  const a = parseWith(attestationFileSchema, readJsonFile(file, "attestation file"), file, "zkprov attestation");
  return {
    attestation: {
      fields: a.fields,
      message: a.message,
      signature: { R8: a.signature.R8 as [bigint, bigint], S: a.signature.S },
    },
    model: { ...a.model, publicKey: a.model.publicKey as [bigint, bigint] },
    license: a.license,
  };
}

// The registry snapshot file schema is the verifier's (the verification page reads snapshots in a browser).
export { snapshotFileSchema };

/** Which registry tree a snapshot holds. */
export type SnapshotTree = z.infer<typeof snapshotFileSchema>["tree"];

/**
 * The JSON text of a registry snapshot of `imt`.
 *
 * @example writeFilesAtomic([["models.json", snapshotJson("model", tree)]])
 */
export function snapshotJson(
  tree: SnapshotTree,
  imt: LeanIMT<bigint>,
  names?: Record<string, string>,
  models?: readonly ModelEntry[],
): string {
  return (
    JSON.stringify(
      {
        format: "zkprov-registry-snapshot",
        version: 1,
        tree,
        root: dec(imt.size > 0 ? imt.root : 0n),
        leaves: imt.leaves.map(dec),
        ...(names && Object.keys(names).length > 0 ? { names } : {}),
        ...(models && models.length > 0
          ? {
              models: models.map((m) => ({
                publicKey: m.publicKey.map(dec),
                modelHash: dec(m.modelHash),
                rights: dec(m.rights),
                validFrom: dec(m.validFrom),
                validUntil: dec(m.validUntil),
              })),
            }
          : {}),
      },
      null,
      2,
    ) + "\n"
  );
}

/**
 * Read a registry snapshot and rebuild its tree; the rebuilt root must equal the recorded one.
 *
 * @throws {InvalidInputError} for a malformed snapshot or one whose leaves do not give its root.
 * @example const { tree, imt } = readSnapshotFile("models.json")
 */
export function readSnapshotFile(file: string): { tree: SnapshotTree; imt: LeanIMT<bigint>; models: ModelEntry[] } {
  const s = parseWith(snapshotFileSchema, readJsonFile(file, "registry snapshot"), file, "registry snapshot");
  const imt = newRegistryTree(s.leaves);
  if ((imt.size > 0 ? imt.root : 0n) !== s.root)
    throw new InvalidInputError(`${file}: the leaves do not give the recorded root (corrupt snapshot)`);
  return { tree: s.tree, imt, models: snapshotModels(s, file) };
}

/** The creator's blinding file, written 0600 beside a provenance bundle: needed for royalty claims. */
export const blindingFileSchema = z.object({ creatorBlinding: fieldStringSchema });

/**
 * Read a creator blinding file.
 *
 * @throws {InvalidInputError} naming the file if it is missing or malformed.
 * @example const blinding = readBlindingFile("bundle.blinding.json")
 */
export function readBlindingFile(file: string): bigint {
  return parseWith(blindingFileSchema, readJsonFile(file, "blinding file"), file, "blinding file").creatorBlinding;
}

// Key files (`zkprov keys new | show`): make one, print its public part, write it 0600, read it back checking that
// the public part belongs to the secret. A module of its own, re-exported by prover/files.ts, so that
// `zkprov keys show` loads only the key format and the curve code of its kind, not every document format.
import { createRequire } from "node:module";
import { InvalidInputError, withArticle } from "../core/errors.ts";
import { identityCommitment } from "../core/identity.ts";
import { keyFormat, type KeyFile, type KeyKind } from "../core/formats/key.ts";
import { readJsonFile, requirePrivateFile, writeFilesAtomic } from "../artifacts/files.ts";
import { regulatorPublicKey } from "../verifier/regulator-public-key.ts";
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

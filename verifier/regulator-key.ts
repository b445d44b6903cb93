// The regulator's key file (written by `zkprov keys new regulator`, mode 0600; format core/formats/key.ts) read
// without file access, so that the verification page can use it in the browser's memory, and the audit of a
// bundle with it.
import { decryptAudit, regulatorPublicKey, type AuditRecord } from "./audit.ts";
import type { ProofBundle } from "../core/formats/bundle.ts";
import { parsePublicSignals } from "../core/codecs.ts";
import { InvalidInputError, withArticle } from "../core/errors.ts";
import { parseWithSchema } from "../core/formats/format.ts";
import { regulatorKeyFileSchema } from "../core/formats/key.ts";

/** A regulator key: the secret scalar and its public key. */
export interface RegulatorKey {
  secret: bigint;
  publicKey: [bigint, bigint];
}

/**
 * Validate a parsed regulator key file; the public key must belong to the secret. `where` names the file.
 *
 * @throws {InvalidInputError} for another kind of key, a malformed file, or a public key that is not the secret's.
 * @example const key = parseRegulatorKey(JSON.parse(text), "regulator.key.json")
 */
export function parseRegulatorKey(value: unknown, where: string): RegulatorKey {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind === "string" && kind !== "regulator")
    throw new InvalidInputError(`${where} is ${withArticle(kind)} key, the regulator key is needed`);
  const key = parseWithSchema(regulatorKeyFileSchema, value, where, "zkprov regulator key file");
  const derived = regulatorPublicKey(key.secret);
  if (derived[0] !== key.publicKey[0] || derived[1] !== key.publicKey[1])
    throw new InvalidInputError(`${where}: the public key does not belong to the secret (corrupt key file)`);
  return { secret: key.secret, publicKey: [key.publicKey[0], key.publicKey[1]] };
}

/**
 * Decrypt a provenance bundle's audit record with the regulator key, after checking that the proof was
 * encrypted to this key (with another key the decryption would give meaningless numbers).
 *
 * @throws {InvalidInputError} if the bundle is not a provenance proof or was encrypted to another regulator key.
 * @example const record = auditBundle(bundle, key); record.modelHash
 */
export function auditBundle(bundle: ProofBundle, key: RegulatorKey): AuditRecord {
  if (bundle.circuit !== "provenance")
    throw new InvalidInputError(
      `the bundle is ${withArticle(bundle.circuit)} proof; only provenance proofs carry an audit record`,
    );
  const s = parsePublicSignals("provenance", bundle.publicSignals);
  if (s.regulatorKey[0] !== key.publicKey[0] || s.regulatorKey[1] !== key.publicKey[1])
    throw new InvalidInputError("the audit record was encrypted to another regulator key than the one loaded");
  return decryptAudit(key.secret, s.auditEphemeral, s.auditCipher);
}

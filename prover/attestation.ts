import { attestationMessage, type AttestationFields } from "../core/hashes.ts";
import { requireField } from "../core/field.ts";
import { LIMITS } from "../core/domain.ts";
import { InvalidInputError } from "../core/errors.ts";
import { signWithModelKey, verifyModelSignature, type Signature } from "./keys.ts";

/** What a model operator hands the creator: the signed fields and the signature. */
export interface Attestation {
  fields: AttestationFields;
  message: bigint;
  signature: Signature;
}

function checkFields(f: AttestationFields): void {
  for (const k of ["assetHash", "modelHash", "licenseLeaf", "creatorCommit", "generatedAt"] as const) {
    requireField(f[k], k);
  }
  if (f.generatedAt >= 1n << BigInt(LIMITS.TIME_BITS)) {
    throw new InvalidInputError(`generatedAt must fit ${LIMITS.TIME_BITS} bits (unix seconds)`);
  }
}

/**
 * The model operator signs that its model produced `assetHash` for the creator `creatorCommit` under the
 * license leaf `licenseLeaf`, at `generatedAt`.
 *
 * @throws {InvalidInputError} for a field that is not a field element or a time that does not fit 64 bits.
 * @example signAttestation(model.privateKey, { assetHash, modelHash, licenseLeaf, creatorCommit, generatedAt })
 */
export function signAttestation(modelPrivateKey: Uint8Array, fields: AttestationFields): Attestation {
  checkFields(fields);
  const message = attestationMessage(fields);
  return { fields: { ...fields }, message, signature: signWithModelKey(modelPrivateKey, message) };
}

/**
 * Check an attestation's signature under a model public key (and that the message matches the fields).
 *
 * @example verifyAttestation(att, model.publicKey) // true
 */
export function verifyAttestation(att: Attestation, modelPublicKey: [bigint, bigint]): boolean {
  return (
    attestationMessage(att.fields) === att.message && verifyModelSignature(att.message, att.signature, modelPublicKey)
  );
}

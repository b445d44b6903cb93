// One entry per width: the protocol's hashes take at most 6 inputs, and loading poseidon-lite's index (every width's
// constants, up to 16) costs a CLI command ~0.2 s of CPU at start. Wider hashes (the committee's transcripts) are in
// core/poseidon-wide.ts.
import { poseidon1 } from "poseidon-lite/poseidon1";
import { poseidon2 } from "poseidon-lite/poseidon2";
import { poseidon3 } from "poseidon-lite/poseidon3";
import { poseidon4 } from "poseidon-lite/poseidon4";
import { poseidon5 } from "poseidon-lite/poseidon5";
import { poseidon6 } from "poseidon-lite/poseidon6";
import { TAGS } from "./domain.ts";
import { requireField } from "./field.ts";
import { InvalidInputError } from "./errors.ts";

export { identityCommitment } from "./identity.ts";

const BY_ARITY: Record<number, (inputs: bigint[]) => bigint> = {
  1: poseidon1,
  2: poseidon2,
  3: poseidon3,
  4: poseidon4,
  5: poseidon5,
  6: poseidon6,
};

/**
 * Poseidon over 1..6 field elements, with circomlib's constants (poseidon-lite); wider: core/poseidon-wide.ts.
 *
 * @throws {InvalidInputError} for an arity outside 1..6.
 * @example poseidon([1n, 2n])
 */
export function poseidon(inputs: bigint[]): bigint {
  const fn = BY_ARITY[inputs.length];
  if (!fn)
    throw new InvalidInputError(
      `Poseidon here takes 1 to 6 inputs, got ${inputs.length} (wider: poseidonWide, core/poseidon-wide.ts)`,
    );
  return fn(inputs);
}

/** Poseidon(2) as a LeanIMT node hash: Poseidon(left, right). */
export function hashNode(left: bigint, right: bigint): bigint {
  return poseidon2([left, right]);
}

/** A royalty tag: Poseidon(TAG_PAYEE, commitment, blinding, assetHash). */
export function payeeTag(commitment: bigint, blinding: bigint, assetHash: bigint): bigint {
  return poseidon([
    TAGS.TAG_PAYEE,
    commitment,
    requireField(blinding, "blinding"),
    requireField(assetHash, "assetHash"),
  ]);
}

/** A royalty claim nullifier: Poseidon(TAG_NULL, secret, assetHash). */
export function claimNullifier(secret: bigint, assetHash: bigint): bigint {
  return poseidon([TAGS.TAG_NULL, requireField(secret, "secret"), requireField(assetHash, "assetHash")]);
}

/** A licensee nullifier: Poseidon(TAG_NULL, sE, tokenId, usageRights). */
export function licenseeNullifier(secret: bigint, tokenId: bigint, usageRights: bigint): bigint {
  return poseidon([
    TAGS.TAG_NULL,
    requireField(secret, "secret"),
    requireField(tokenId, "tokenId"),
    requireField(usageRights, "usageRights"),
  ]);
}

/** validUntil of a model entry that is not retired: open, 2^64 - 1 (the registry contract's `type(uint64).max`). */
export const OPEN_UNTIL = (1n << 64n) - 1n;

/**
 * The public data of a model registry entry. The registry contract sets `validFrom` (the block time of the
 * registration) and `validUntil` (OPEN_UNTIL until the model is retired, then the retirement's block time).
 */
export interface ModelEntry {
  publicKey: [bigint, bigint];
  modelHash: bigint;
  rights: bigint;
  validFrom: bigint;
  validUntil: bigint;
}

function checkBits(v: bigint, bits: bigint, name: string): bigint {
  if (typeof v !== "bigint" || v < 0n || v >= 1n << bits)
    throw new InvalidInputError(`${name} must be an integer in [0, 2^${bits}), got ${String(v)}`);
  return v;
}

/** The model leaf's last element: rights + validFrom << 16 + validUntil << 80 (RegistryLeaves.modelTerms). */
export function modelTerms(m: Pick<ModelEntry, "rights" | "validFrom" | "validUntil">): bigint {
  return (
    checkBits(m.rights, 16n, "model rights") +
    (checkBits(m.validFrom, 64n, "model validFrom") << 16n) +
    (checkBits(m.validUntil, 64n, "model validUntil") << 80n)
  );
}

/** Model registry leaf: Poseidon(TAG_MODEL, Ax, Ay, modelHash, rights + validFrom << 16 + validUntil << 80). */
export function modelLeaf(m: ModelEntry): bigint {
  return poseidon([TAGS.TAG_MODEL, m.publicKey[0], m.publicKey[1], m.modelHash, modelTerms(m)]);
}

/**
 * The data of a dataset license (kept by the licensor and the creators it covers). The licensor chooses
 * `start` (the registry refuses one before the block time of the registration) and `expiry`.
 */
export interface LicenseEntry {
  datasetHash: bigint;
  modelHash: bigint;
  rights: bigint;
  start: bigint;
  expiry: bigint;
  royaltyBps: bigint;
  licensorCommit: bigint;
  salt: bigint;
}

/**
 * The private part of a license leaf, what the licensor sends the registry:
 * Poseidon(datasetHash, modelHash, rights + royaltyBps << 16, commit(sL), salt).
 */
export function licenseBody(l: Omit<LicenseEntry, "start" | "expiry">): bigint {
  return poseidon([
    l.datasetHash,
    l.modelHash,
    checkBits(l.rights, 16n, "license rights") + (checkBits(l.royaltyBps, 14n, "license royaltyBps") << 16n),
    l.licensorCommit,
    l.salt,
  ]);
}

/** The license leaf of a body and its interval: Poseidon(TAG_LICENSE, body, start + expiry << 64) (the contract's). */
export function licenseLeafOfBody(body: bigint, start: bigint, expiry: bigint): bigint {
  return poseidon([
    TAGS.TAG_LICENSE,
    body,
    checkBits(start, 64n, "license start") + (checkBits(expiry, 64n, "license expiry") << 64n),
  ]);
}

/** License registry leaf: Poseidon(TAG_LICENSE, licenseBody(l), start + expiry << 64). */
export function licenseLeaf(l: LicenseEntry): bigint {
  return licenseLeafOfBody(licenseBody(l), l.start, l.expiry);
}

/** Licensee registry leaf: Poseidon(TAG_LICENSEE, commit(sE)). */
export function licenseeLeaf(commitment: bigint): bigint {
  return poseidon([TAGS.TAG_LICENSEE, commitment]);
}

/** The fields a model operator signs when its model produces an asset. */
export interface AttestationFields {
  assetHash: bigint;
  modelHash: bigint;
  licenseLeaf: bigint;
  creatorCommit: bigint;
  generatedAt: bigint;
}

/** The attestation message: Poseidon(TAG_ATTEST, assetHash, modelHash, licenseLeaf, commit(sC), generatedAt). */
export function attestationMessage(a: AttestationFields): bigint {
  return poseidon([TAGS.TAG_ATTEST, a.assetHash, a.modelHash, a.licenseLeaf, a.creatorCommit, a.generatedAt]);
}

/** The most audit pads one sponge permutation gives (the rate of the widest sponge used: width 6, one capacity). */
export const AUDIT_PAD_RATE = 5;

/**
 * The audit pads for an n-element record, squeezed from one Poseidon sponge keyed by the shared key K
 * (circuits/src/lib/audit.circom): the block [TAG_ENC, Kx, Ky, n], padded with zeros to the sponge's rate, is
 * absorbed into a zero state and permuted once; the pads are the n rate elements after the capacity element,
 * which is never published. For n <= 4 the sponge is circomlib's width-5 permutation (poseidon-lite's `poseidon4`
 * with all outputs; the block needs no padding), for n = 5 the width-6 one (`poseidon5`, block
 * [TAG_ENC, Kx, Ky, 5, 0]). `cipher[i] = m[i] + pads[i]`.
 *
 * @throws {InvalidInputError} if n is not in 1..AUDIT_PAD_RATE.
 * @example auditPads([kx, ky], 5) // 5 pads
 */
export function auditPads(shared: readonly [bigint, bigint], n: number): bigint[] {
  if (!Number.isInteger(n) || n < 1 || n > AUDIT_PAD_RATE) {
    throw new InvalidInputError(`an audit record has 1 to ${AUDIT_PAD_RATE} elements, got ${n}`);
  }
  const block = [TAGS.TAG_ENC, shared[0], shared[1], BigInt(n)];
  const state = (n <= 4 ? poseidon4(block, n + 1) : poseidon5([...block, 0n], n + 1)) as unknown as bigint[];
  return state.slice(1);
}

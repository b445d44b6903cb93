import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { subOrder } from "@zk-kit/baby-jubjub";
import { FIELD_MODULUS } from "../core/field.ts";
import { regulatorPublicKey } from "../verifier/regulator-public-key.ts";
import { InvalidInputError } from "../core/errors.ts";

// @zk-kit/eddsa-poseidon's `blake-1` entry derives keys and signs exactly like circomlibjs (its `blake-2b` entry
// derives keys differently); it is named explicitly so that an upgrade that changes the default cannot change
// our keys. Version 1.1.0's ESM path for that entry points at files the package does not ship, so require(),
// on first use: `zkprov keys show` of a creator or regulator key starts without it (and blakejs).
type Eddsa = {
  derivePublicKey(privateKey: Uint8Array): [bigint, bigint];
  signMessage(privateKey: Uint8Array, message: bigint): { R8: [bigint, bigint]; S: bigint };
  verifySignature(
    message: bigint,
    signature: { R8: [bigint, bigint]; S: bigint },
    publicKey: [bigint, bigint],
  ): boolean;
};
let eddsaModule: Eddsa | undefined;
const eddsa = (): Eddsa => (eddsaModule ??= createRequire(import.meta.url)("@zk-kit/eddsa-poseidon/blake-1") as Eddsa);

/** Uniform random integer in [min, bound) by rejection sampling over 256-bit draws. */
function randomBelow(bound: bigint, min = 0n): bigint {
  for (;;) {
    const x = BigInt("0x" + randomBytes(32).toString("hex"));
    const v = x % (1n << 254n);
    if (v < bound && v >= min) return v;
  }
}

/**
 * A fresh random field element, for identity secrets (sC, sL, sE), blindings and salts.
 *
 * @example const creatorSecret = randomFieldElement()
 */
export function randomFieldElement(): bigint {
  return randomBelow(FIELD_MODULUS, 1n);
}

/**
 * A fresh random scalar below the BabyJubJub subgroup order (audit randomness, regulator secret).
 *
 * @example const k = randomScalar()
 */
export function randomScalar(): bigint {
  return randomBelow(subOrder, 1n);
}

/** A model operator's EdDSA-Poseidon key pair (circomlib scheme). */
export interface ModelKeyPair {
  /** 32 secret bytes; the signing key is derived from them as circomlibjs does. */
  privateKey: Uint8Array;
  publicKey: [bigint, bigint];
}

/**
 * Generate a model signing key (EdDSA-Poseidon over BabyJubJub, circomlib scheme).
 *
 * @example const { publicKey } = generateModelKey()
 */
export function generateModelKey(): ModelKeyPair {
  const privateKey = new Uint8Array(randomBytes(32));
  return { privateKey, publicKey: eddsa().derivePublicKey(privateKey) };
}

/**
 * The public key of a model private key.
 *
 * @throws {InvalidInputError} unless the key is 32 bytes.
 */
export function modelPublicKey(privateKey: Uint8Array): [bigint, bigint] {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) {
    throw new InvalidInputError("model private key must be 32 bytes");
  }
  return eddsa().derivePublicKey(privateKey);
}

/** The regulator's audit key pair: a scalar and its point secret * B8. */
export interface RegulatorKeyPair {
  secret: bigint;
  publicKey: [bigint, bigint];
}

/**
 * Generate the regulator's audit key pair.
 *
 * @example const reg = generateRegulatorKey(); pin reg.publicKey on chain
 */
export function generateRegulatorKey(): RegulatorKeyPair {
  const secret = randomScalar();
  return { secret, publicKey: regulatorPublicKey(secret) };
}

/** EdDSA-Poseidon signature (R8, S). */
export interface Signature {
  R8: [bigint, bigint];
  S: bigint;
}

/** Sign a field element with a model key (circomlib EdDSA-Poseidon). */
export function signWithModelKey(privateKey: Uint8Array, message: bigint): Signature {
  modelPublicKey(privateKey);
  return eddsa().signMessage(privateKey, message);
}

/** Verify an EdDSA-Poseidon signature (circomlib scheme). */
export function verifyModelSignature(message: bigint, signature: Signature, publicKey: [bigint, bigint]): boolean {
  return eddsa().verifySignature(message, signature, publicKey);
}

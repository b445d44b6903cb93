// The regulator's public key from its secret, in a module of its own: checking a regulator key file
// (`zkprov keys show`) needs the curve only, not the audit decryption's Poseidon sponge and circuit manifest.
import { Base8, mulPointEscalar, subOrder } from "@zk-kit/baby-jubjub";
import { InvalidInputError } from "../core/errors.ts";

/**
 * The regulator's public key for a secret scalar: secret * B8.
 *
 * @throws {InvalidInputError} if the secret is not in [1, subOrder).
 * @example regulatorPublicKey(secret) // [x, y]
 */
export function regulatorPublicKey(secret: bigint): [bigint, bigint] {
  if (secret <= 0n || secret >= subOrder)
    throw new InvalidInputError("regulator secret must be in [1, subgroup order)");
  const p = mulPointEscalar(Base8, secret);
  return [p[0], p[1]];
}

// Poseidon over 1..16 field elements (circomlib's constants, poseidon-lite's index: every width's constants), for
// the hashes wider than the protocol's own (the committee's Chaum-Pedersen transcripts and message digests). Kept
// apart from core/hashes.ts so that a command hashing only protocol values does not load the 16 widths.
import * as P from "poseidon-lite";
import { InvalidInputError } from "./errors.ts";

const BY_ARITY: readonly ((inputs: bigint[]) => bigint)[] = [
  P.poseidon1,
  P.poseidon2,
  P.poseidon3,
  P.poseidon4,
  P.poseidon5,
  P.poseidon6,
  P.poseidon7,
  P.poseidon8,
  P.poseidon9,
  P.poseidon10,
  P.poseidon11,
  P.poseidon12,
  P.poseidon13,
  P.poseidon14,
  P.poseidon15,
  P.poseidon16,
];

/**
 * Poseidon over 1..16 field elements (the same function as core/hashes.ts `poseidon` where both apply).
 *
 * @throws {InvalidInputError} for an arity outside 1..16.
 * @example poseidonWide([1n, 2n, 3n, 4n, 5n, 6n, 7n])
 */
export function poseidonWide(inputs: bigint[]): bigint {
  const fn = BY_ARITY[inputs.length - 1];
  if (!fn) throw new InvalidInputError(`Poseidon takes 1 to 16 inputs, got ${inputs.length}`);
  return fn(inputs);
}

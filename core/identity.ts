// commit(s), the public face of a secret, in a module of its own: it needs Poseidon of width 2 only, so a command
// that checks a key file (`zkprov keys show`) does not load the other widths' constants (core/hashes.ts loads six).
import { poseidon2 } from "poseidon-lite/poseidon2";
import { TAGS } from "./domain.ts";
import { requireField } from "./field.ts";

/** commit(s) = Poseidon(TAG_ID, s): the public face of a secret. */
export function identityCommitment(secret: bigint): bigint {
  return poseidon2([TAGS.TAG_ID, requireField(secret, "secret")]);
}

// Chaum-Pedersen proof of equal discrete logarithms: that H1 = x*G1 and H2 = x*G2 for one secret x, without
// revealing x. Non-interactive by Fiat-Shamir with Poseidon over a domain tag, a caller context (what the
// proof is for, e.g. the committee and the record) and every point of the statement and the commitment.
// A member uses it to show that its partial decryption D = share*E uses the share behind its public share
// Y = share*G; a complainer uses it to show the key it decrypted a deal with.
import { poseidonWide as poseidon } from "../../core/poseidon-wide.ts";
import { tagValue } from "../../core/domain.ts";
import { add, modQ, mul, randomScalarQ, requireSubgroupPoint, type GroupPoint } from "./group.ts";

/** Domain tag of the committee's Chaum-Pedersen challenges. */
export const TAG_DLEQ = tagValue("zkprov/v1/committee-dleq");

/** A Chaum-Pedersen proof: the challenge c and the response z (both mod the subgroup order). */
export interface DleqProof {
  c: bigint;
  z: bigint;
}

/** The statement: log_G1(H1) = log_G2(H2). */
export interface DleqStatement {
  g1: GroupPoint;
  h1: GroupPoint;
  g2: GroupPoint;
  h2: GroupPoint;
}

function challenge(context: bigint, s: DleqStatement, a1: GroupPoint, a2: GroupPoint): bigint {
  return modQ(poseidon([TAG_DLEQ, context, ...s.g1, ...s.h1, ...s.g2, ...s.h2, ...a1, ...a2]));
}

/**
 * Prove log_G1(H1) = log_G2(H2) = x, bound to `context` (a field element naming what the proof is for).
 *
 * @example const proof = proveDleq(share, { g1: GENERATOR, h1: publicShare, g2: ephemeral, h2: partial }, ctx)
 */
export function proveDleq(x: bigint, s: DleqStatement, context: bigint): DleqProof {
  const w = randomScalarQ();
  const a1 = mul(s.g1, w);
  const a2 = mul(s.g2, w);
  const c = challenge(context, s, a1, a2);
  return { c, z: modQ(w + c * x) };
}

/**
 * Check a Chaum-Pedersen proof. Every point must be in the prime-order subgroup (a point outside it is
 * refused with an error naming it, not answered false); `trusted` names points the caller checked already
 * (e.g. the generator and a public share from a parsed committee file), to skip their costly check.
 *
 * @throws {InvalidInputError} if a statement point is not a subgroup point.
 * @returns whether the proof holds for this statement and context.
 * @example verifyDleq(proof, { g1: GENERATOR, h1: publicShare, g2: ephemeral, h2: partial }, ctx)
 */
export function verifyDleq(
  proof: DleqProof,
  s: DleqStatement,
  context: bigint,
  trusted: readonly (keyof DleqStatement)[] = [],
): boolean {
  for (const [name, p] of Object.entries(s))
    if (!trusted.includes(name as keyof DleqStatement))
      requireSubgroupPoint(p as GroupPoint, `the proof's point ${name}`);
  if (proof.c < 0n || proof.z < 0n || proof.c >= 2n ** 254n || proof.z >= 2n ** 254n) return false;
  // a1 = z*G1 - c*H1, a2 = z*G2 - c*H2 (subtraction as adding (q - c) times).
  const a1 = add(mul(s.g1, proof.z), mul(s.h1, modQ(-proof.c)));
  const a2 = add(mul(s.g2, proof.z), mul(s.h2, modQ(-proof.c)));
  return modQ(proof.c) === proof.c && challenge(context, s, a1, a2) === proof.c;
}

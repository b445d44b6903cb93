import * as snarkjs from "snarkjs";
import { z } from "zod";
import { formatIssues, InvalidInputError } from "./errors.ts";
import { decimalStringSchema, FIELD_MODULUS } from "./field.ts";
import type { VerificationKey } from "./vkey.ts";
import { withCurve } from "./curve.ts";

const decimal = decimalStringSchema;

/** A Groth16 proof exactly as snarkjs writes it (proof.json). */
export const groth16ProofSchema = z.object({
  pi_a: z.array(decimal).length(3),
  pi_b: z.array(z.array(decimal).length(2)).length(3),
  pi_c: z.array(decimal).length(3),
  protocol: z.literal("groth16"),
  curve: z.literal("bn128"),
});
export type Groth16Proof = z.infer<typeof groth16ProofSchema>;

/**
 * Verify a Groth16 proof against a verification key. Returns false only when the proof is
 * cryptographically invalid for these public signals.
 *
 * @throws {InvalidInputError} for a malformed proof, a wrong number of signals, or a signal >= r.
 * @example await verifyGroth16(vkey, proof, publicSignals) // true
 */
export async function verifyGroth16(
  vkey: VerificationKey,
  proof: unknown,
  publicSignals: readonly string[],
): Promise<boolean> {
  const parsed = groth16ProofSchema.safeParse(proof);
  if (!parsed.success) {
    throw new InvalidInputError("proof is not a snarkjs Groth16 proof", {
      details: formatIssues(parsed.error.issues),
    });
  }
  if (publicSignals.length !== vkey.nPublic) {
    throw new InvalidInputError(
      `the verification key takes ${vkey.nPublic} public signals, got ${publicSignals.length}`,
    );
  }
  publicSignals.forEach((s, i) => {
    if (!/^(0|[1-9][0-9]*)$/.test(s) || BigInt(s) >= FIELD_MODULUS) {
      throw new InvalidInputError(`public signal ${i} is not a field element`, { details: `got ${s.slice(0, 80)}` });
    }
  });
  return withCurve(() => snarkjs.groth16.verify(vkey, [...publicSignals], parsed.data as snarkjs.Groth16Proof));
}

/** A proof in the argument order of the generated Solidity verifiers. */
export interface SolidityProof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}

/**
 * Convert a snarkjs proof into `verifyProof(a, b, c, pubSignals)` arguments (G2 coordinates swapped).
 *
 * @example const { a, b, c } = toSolidityProof(proof); await verifier.verifyProof(a, b, c, signals)
 */
export function toSolidityProof(proof: Groth16Proof): SolidityProof {
  const n = (s: string) => BigInt(s);
  return {
    a: [n(proof.pi_a[0]!), n(proof.pi_a[1]!)],
    b: [
      [n(proof.pi_b[0]![1]!), n(proof.pi_b[0]![0]!)],
      [n(proof.pi_b[1]![1]!), n(proof.pi_b[1]![0]!)],
    ],
    c: [n(proof.pi_c[0]!), n(proof.pi_c[1]!)],
  };
}

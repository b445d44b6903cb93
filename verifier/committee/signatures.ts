// Committee message signatures, the half a browser needs: canonical JSON, the digest a signature signs, and
// the check of an EdDSA-Poseidon signature (circomlib's scheme). The check is @zk-kit/eddsa-poseidon's main
// ESM entry: verification never hashes a private key, so it is the same function as the blake-1 entry's that
// signing.ts signs with (member keys derive their secret scalar as circomlibjs does, through blake-512). The
// pages bundle this file, never signing.ts (which loads the blake-1 entry through Node's require()).
import { verifySignature } from "@zk-kit/eddsa-poseidon";
import { sha256Hex } from "../../core/sha256.ts";
import type { GroupPoint } from "./group.ts";

/** An EdDSA-Poseidon signature as the committee files carry it. */
export interface MessageSignature {
  R8: [string, string];
  S: string;
}

/**
 * Canonical JSON: object keys sorted at every level, no whitespace. What a signature covers.
 *
 * @example canonicalJson({ b: 1, a: [2] }) // '{"a":[2],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** The field element a message's signature signs: SHA-256 of its canonical JSON without `signature`, >> 3. */
export function messageDigest(message: object): bigint {
  const rest: Record<string, unknown> = { ...(message as Record<string, unknown>) };
  delete rest.signature;
  return BigInt("0x" + sha256Hex(canonicalJson(rest))) >> 3n;
}

/** Whether `signature` is `publicKey`'s signature of the message (its other fields). */
export function verifyMessageObject(publicKey: GroupPoint, message: object, signature: MessageSignature): boolean {
  try {
    return verifySignature(
      messageDigest(message),
      { R8: [BigInt(signature.R8[0]), BigInt(signature.R8[1])], S: BigInt(signature.S) },
      publicKey,
    );
  } catch {
    return false; // a malformed signature (e.g. R8 off the curve) is not a valid one
  }
}

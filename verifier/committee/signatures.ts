// Committee message signatures, the half a browser needs: canonical JSON, the digest a signature signs, and
// the check of an EdDSA-Poseidon signature (circomlib's scheme: S * B8 = R8 + 8 * Poseidon(R8, A, m) * A).
// The check is composed here from @zk-kit/baby-jubjub's point operations and the house Poseidon, as
// @zk-kit/eddsa-poseidon's verifySignature is (test/verifier/committee-signatures.test.ts holds them equal):
// that package's blake-1 entry loads only through Node's require() (its ESM path names files it does not
// ship), and its main ESM entry does not load in Node (it takes named exports from the CommonJS blakejs). Only
// signing needs the blake-1 entry (a member key's secret scalar is derived with blake-512, as circomlibjs
// does): signing.ts, which the pages never bundle.
import { Base8, addPoint, inCurve, mulPointEscalar, subOrder, type Point } from "@zk-kit/baby-jubjub";
import { poseidonWide as poseidon } from "../../core/poseidon-wide.ts";
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
    const r8: Point<bigint> = [BigInt(signature.R8[0]), BigInt(signature.R8[1])];
    const s = BigInt(signature.S);
    const a: Point<bigint> = [publicKey[0], publicKey[1]];
    if (!inCurve(r8) || !inCurve(a) || s < 0n || s >= subOrder) return false;
    const hm = poseidon([r8[0], r8[1], a[0], a[1], messageDigest(message)]);
    const left = mulPointEscalar(Base8, s);
    const right = addPoint(r8, mulPointEscalar(a, hm * 8n));
    return left[0] === right[0] && left[1] === right[1];
  } catch {
    return false; // a malformed signature (e.g. a coordinate outside the field) is not a valid one
  }
}

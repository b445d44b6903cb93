// The group the committee works in: BabyJubJub's prime-order subgroup (order `subOrder`, generator Base8),
// with its scalars mod subOrder. Point operations are @zk-kit/baby-jubjub's; this module adds only the
// checks and encodings the committee needs (subgroup membership, the identity, decimal-string points).
import { Base8, addPoint, inCurve, mulPointEscalar, subOrder, type Point } from "@zk-kit/baby-jubjub";
import { InvalidInputError } from "../../core/errors.ts";
import { FIELD_MODULUS } from "../../core/field.ts";

/** A point of BabyJubJub as two coordinates. */
export type GroupPoint = [bigint, bigint];

/** The subgroup order q: shares, polynomial coefficients and proof responses live mod q. */
export const GROUP_ORDER: bigint = subOrder;
/** The subgroup's generator (Base8, the generator the circuits and the regulator key use). */
export const GENERATOR: GroupPoint = [Base8[0], Base8[1]];
/** The neutral element of the twisted Edwards group. */
export const IDENTITY: GroupPoint = [0n, 1n];

/** a mod q, in [0, q). */
export function modQ(a: bigint): bigint {
  const r = a % GROUP_ORDER;
  return r < 0n ? r + GROUP_ORDER : r;
}

/**
 * The inverse of a mod q (q is prime), by the extended Euclidean algorithm.
 *
 * @throws {InvalidInputError} if a is 0 mod q.
 * @example modQ(invQ(3n) * 3n) // 1n
 */
export function invQ(a: bigint): bigint {
  let [r0, r1] = [modQ(a), GROUP_ORDER];
  if (r0 === 0n) throw new InvalidInputError("0 has no inverse mod the subgroup order");
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const qt = r0 / r1;
    [r0, r1] = [r1, r0 - qt * r1];
    [s0, s1] = [s1, s0 - qt * s1];
  }
  return modQ(s0);
}

/** Whether two points are equal. */
export function pointEq(a: readonly bigint[], b: readonly bigint[]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** k * P (k reduced mod q first: valid for subgroup points). */
export function mul(p: GroupPoint, k: bigint): GroupPoint {
  const e = modQ(k);
  if (e === 0n) return [...IDENTITY];
  const r = mulPointEscalar(p, e);
  return [r[0], r[1]];
}

/** P + Q. */
export function add(p: GroupPoint, q: GroupPoint): GroupPoint {
  const r = addPoint(p, q);
  return [r[0], r[1]];
}

/** The sum of points (the identity for none). */
export function sum(points: readonly GroupPoint[]): GroupPoint {
  return points.reduce<GroupPoint>((acc, p) => add(acc, p), [...IDENTITY]);
}

/** Whether p is on the curve and in the prime-order subgroup (q * p is the identity). */
export function inSubgroup(p: readonly bigint[]): boolean {
  if (p.length !== 2 || p[0]! < 0n || p[1]! < 0n || p[0]! >= FIELD_MODULUS || p[1]! >= FIELD_MODULUS) return false;
  const pt: Point<bigint> = [p[0]!, p[1]!];
  if (!inCurve(pt)) return false;
  return pointEq(mulPointEscalar(pt, GROUP_ORDER), IDENTITY);
}

/**
 * Guard: `p` is a point of the prime-order subgroup other than the identity; names `name` in the error.
 * Computing with a point outside the subgroup would leak a secret scalar mod the cofactor.
 *
 * @throws {InvalidInputError} naming the point.
 * @example requireSubgroupPoint(ephemeral, "auditEphemeral of token 12")
 */
export function requireSubgroupPoint(p: readonly bigint[], name: string): GroupPoint {
  if (!inSubgroup(p)) throw new InvalidInputError(`${name} is not a point of the BabyJubJub prime-order subgroup`);
  if (pointEq(p, IDENTITY)) throw new InvalidInputError(`${name} is the identity point`);
  return [p[0]!, p[1]!];
}

/**
 * A uniformly random scalar in [1, q), from the platform's CSPRNG (Web Crypto, in Node and in browsers).
 *
 * @example const w = randomScalarQ()
 */
export function randomScalarQ(): bigint {
  for (;;) {
    const bytes = new Uint8Array(32);
    globalThis.crypto.getRandomValues(bytes);
    let x = 0n;
    for (const b of bytes) x = (x << 8n) | BigInt(b);
    x &= (1n << 251n) - 1n; // q < 2^251: rejection below q is uniform
    if (x > 0n && x < GROUP_ORDER) return x;
  }
}

/** A point as two decimal strings (the committee files' encoding). */
export function pointToJson(p: readonly bigint[]): [string, string] {
  return [p[0]!.toString(), p[1]!.toString()];
}

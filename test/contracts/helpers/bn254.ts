// BN254 arithmetic for building malformed proofs in the verifier tests: G1 on y^2 = x^3 + 3, and the G2 twist
// y^2 = x^3 + 3 / (9 + u) over Fp2 = Fp[u] / (u^2 + 1), in plain bigints (slow, and only for tests).
import type { SolidityProof } from "../../../core/proof.ts";

/** The base field modulus q. */
export const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** The scalar field modulus r (the order of G1 and of G2). */
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

const mod = (a: bigint) => ((a % Q) + Q) % Q;
function powQ(b: bigint, e: bigint): bigint {
  let r = 1n;
  b = mod(b);
  for (; e > 0n; e >>= 1n, b = (b * b) % Q) if (e & 1n) r = (r * b) % Q;
  return r;
}

/** An element re + im * u of Fp2. */
export type Fp2 = [bigint, bigint];
const f2 = {
  add: (a: Fp2, b: Fp2): Fp2 => [mod(a[0] + b[0]), mod(a[1] + b[1])],
  sub: (a: Fp2, b: Fp2): Fp2 => [mod(a[0] - b[0]), mod(a[1] - b[1])],
  mul: (a: Fp2, b: Fp2): Fp2 => [mod(a[0] * b[0] - a[1] * b[1]), mod(a[0] * b[1] + a[1] * b[0])],
  inv: (a: Fp2): Fp2 => {
    const n = powQ(mod(a[0] * a[0] + a[1] * a[1]), Q - 2n);
    return [mod(a[0] * n), mod(-a[1] * n)];
  },
  eq: (a: Fp2, b: Fp2) => a[0] === b[0] && a[1] === b[1],
  pow: (a: Fp2, e: bigint): Fp2 => {
    let r: Fp2 = [1n, 0n];
    for (; e > 0n; e >>= 1n, a = f2.mul(a, a)) if (e & 1n) r = f2.mul(r, a);
    return r;
  },
};

/** The twist's b = 3 / (9 + u). */
const B2 = f2.mul([3n, 0n], f2.inv([9n, 1n]));

/** A square root in Fp2 (q = 3 mod 4; Adj and Rodriguez-Henriquez, algorithm 9), or undefined. */
function sqrt2(a: Fp2): Fp2 | undefined {
  const a1 = f2.pow(a, (Q - 3n) / 4n);
  const alpha = f2.mul(a1, f2.mul(a1, a));
  const norm = f2.mul([alpha[0], mod(-alpha[1])], alpha);
  if (f2.eq(norm, [Q - 1n, 0n])) return undefined;
  const x0 = f2.mul(a1, a);
  if (f2.eq(alpha, [Q - 1n, 0n])) return f2.mul([0n, 1n], x0);
  return f2.mul(f2.pow(f2.add([1n, 0n], alpha), (Q - 1n) / 2n), x0);
}

type G2 = { x: Fp2; y: Fp2 } | undefined; // undefined: the point at infinity

function g2Add(p: G2, q: G2): G2 {
  if (!p) return q;
  if (!q) return p;
  let l: Fp2;
  if (f2.eq(p.x, q.x)) {
    if (!f2.eq(p.y, q.y) || f2.eq(p.y, [0n, 0n])) return undefined;
    const x2 = f2.mul(p.x, p.x);
    l = f2.mul(f2.add(f2.add(x2, x2), x2), f2.inv(f2.add(p.y, p.y)));
  } else {
    l = f2.mul(f2.sub(q.y, p.y), f2.inv(f2.sub(q.x, p.x)));
  }
  const x = f2.sub(f2.sub(f2.mul(l, l), p.x), q.x);
  return { x, y: f2.sub(f2.mul(l, f2.sub(p.x, x)), p.y) };
}

function g2Mul(p: G2, k: bigint): G2 {
  let acc: G2;
  for (; k > 0n; k >>= 1n, p = g2Add(p, p)) if (k & 1n) acc = g2Add(acc, p);
  return acc;
}

/** Whether (x, y) is on the twist. */
export function onTwist(x: Fp2, y: Fp2): boolean {
  return f2.eq(f2.mul(y, y), f2.add(f2.mul(x, f2.mul(x, x)), B2));
}

/**
 * A point on the G2 twist curve that is not in the order-r subgroup G2 (checked: r * P is not infinity),
 * as the proof's `b` in the precompile's (imaginary, real) order. The EIP-197 precompile must refuse it.
 */
export function twistPointOutsideG2(): SolidityProof["b"] {
  for (let i = 1n; ; i++) {
    const x: Fp2 = [i, 1n];
    const y = sqrt2(f2.add(f2.mul(x, f2.mul(x, x)), B2));
    if (!y) continue;
    if (!onTwist(x, y)) throw new Error("twist point: square root is wrong");
    if (g2Mul({ x, y }, R) === undefined) continue; // in G2 after all (probability ~2^-254)
    return [
      [x[1], x[0]],
      [y[1], y[0]],
    ];
  }
}

/** Whether the proof's `b` is on the twist (as the precompile reads it: imaginary first). */
export function bOnTwist(b: SolidityProof["b"]): boolean {
  return onTwist([b[0][1], b[0][0]], [b[1][1], b[1][0]]);
}

/** (x, -y) of a G1 point. */
export function negG1(p: [bigint, bigint]): [bigint, bigint] {
  return [p[0], mod(-p[1])];
}

/** Whether (x, y) is on G1 (y^2 = x^3 + 3). */
export function onG1(p: [bigint, bigint]): boolean {
  return mod(p[1] * p[1]) === mod(p[0] * p[0] * p[0] + 3n);
}

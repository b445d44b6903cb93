// Automated under-constraint search over a compiled circuit: take a valid witness, edit one wire at a time
// with a set of adversarial values, and check the R1CS directly (no witness calculator: the witness
// calculator runs the `<--` hints, which are exactly what an attacker does not have to follow).
//
// Two searches:
// - single-wire: the edited wire alone keeps every constraint satisfied -> the wire is free;
// - one-step repair: after the edit, each broken constraint is solved for one other wire that appears in it
//   linearly (a2*x + a1 = 0), and the pair is kept if every constraint touching either wire holds. This
//   finds the IsZero-style pairs (flip `out`, re-solve `inv`), a missing bit-sum, and an output that some
//   intermediate can absorb.
// Inputs (public and private) are never used as repair wires: they are what the prover chooses; the question
// is whether, for fixed inputs, more than one assignment of the other wires satisfies the constraints.
// This is a local search, not a proof: an under-constraint that needs three or more coordinated wire edits
// is outside it (the per-template witness-editing and statement tests cover the documented statements).
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { FIELD_MODULUS as P } from "../../core/field.ts";
import type { R1cs } from "./witness.ts";

const mod = (x: bigint): bigint => ((x % P) + P) % P;

function modInverse(a: bigint): bigint {
  // Fermat: a^(P-2).
  let result = 1n;
  let base = mod(a);
  let e = P - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) % P;
    base = (base * base) % P;
    e >>= 1n;
  }
  return result;
}

/** Wires of a circuit by role, in snarkjs order: 0 is the constant one. */
export interface WireRoles {
  outputs: number[];
  publicInputs: number[];
  privateInputs: number[];
  intermediates: number[];
}

/** Read the private-input count from an .r1cs header (the shared parser keeps only what it needs). */
export function r1csPrivateInputs(file: string): number {
  const buf = fs.readFileSync(file);
  // magic(4) version(4) nSections(4), then the header section first (type 1) in circom's output.
  let pos = 12;
  for (let i = 0; i < buf.readUInt32LE(8); i++) {
    const type = buf.readUInt32LE(pos);
    const size = Number(buf.readBigUInt64LE(pos + 4));
    if (type === 1) {
      const n8 = buf.readUInt32LE(pos + 12);
      return buf.readUInt32LE(pos + 12 + 4 + n8 + 12);
    }
    pos += 12 + size;
  }
  throw new Error(`${file}: no r1cs header section`);
}

export function wireRoles(r1cs: R1cs, nPrivateInputs: number): WireRoles {
  const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);
  const firstPrivate = 1 + r1cs.nOutputs + r1cs.nPubInputs;
  return {
    outputs: range(1, r1cs.nOutputs),
    publicInputs: range(1 + r1cs.nOutputs, r1cs.nPubInputs),
    privateInputs: range(firstPrivate, nPrivateInputs),
    intermediates: range(firstPrivate + nPrivateInputs, r1cs.nWires - firstPrivate - nPrivateInputs),
  };
}

/**
 * The adversarial values tried for a wire holding `v`: off by one both ways, the boolean flip 1 - v, 0, 1,
 * -1 (P - 1), just past 64 and 253 bits, the additive inverse -v, and a random element.
 */
export function perturbationsOf(v: bigint): bigint[] {
  const random = BigInt("0x" + randomBytes(32).toString("hex")) % P;
  const all = [v + 1n, v - 1n, 1n - v, 0n, 1n, P - 1n, 1n << 64n, 1n << 253n, P - v, random].map(mod);
  return [...new Set(all)].filter((x) => x !== v);
}

/** A witness edit that satisfies every constraint it could affect. */
export interface Survivor {
  wire: number;
  value: bigint;
  /** The second wire re-solved to absorb the edit, for a one-step repair. */
  repaired?: { wire: number; value: bigint };
}

export interface ScanResult {
  /** Wires edited. */
  wires: number;
  /** Single-wire edits tried (one per wire and value). */
  edits: number;
  /** One-step repairs tried (one per edit, broken constraint and candidate wire). */
  repairs: number;
  survivors: Survivor[];
}

/** A witness edit: wire index and the value added to it (mod P). */
type Delta = [wire: number, delta: bigint];

/**
 * Checks edits of one valid witness against the r1cs incrementally: each constraint's three linear
 * combinations are evaluated once for the witness, and an edit of wire i by d moves them by d times i's
 * coefficients, so checking or solving a constraint under an edit costs O(1) instead of a pass over its terms.
 */
export class ConstraintChecker {
  /** Constraint indices that mention each wire. */
  readonly touching: number[][];
  private readonly base: [bigint, bigint, bigint][];
  private readonly coef: Map<number, [bigint, bigint, bigint]>[];

  constructor(
    readonly r1cs: R1cs,
    readonly w: bigint[],
  ) {
    const sets = Array.from({ length: r1cs.nWires }, () => new Set<number>());
    this.base = [];
    this.coef = [];
    r1cs.constraints.forEach((lcs, ci) => {
      const coef = new Map<number, [bigint, bigint, bigint]>();
      const base: bigint[] = [];
      lcs.forEach((terms, k) => {
        let acc = 0n;
        for (const [wire, c] of terms) {
          sets[wire]!.add(ci);
          acc += c * w[wire]!;
          const e = coef.get(wire) ?? [0n, 0n, 0n];
          e[k] = (e[k]! + c) % P;
          coef.set(wire, e);
        }
        base.push(acc % P);
      });
      this.base.push(base as [bigint, bigint, bigint]);
      this.coef.push(coef);
    });
    this.touching = sets.map((x) => [...x]);
  }

  /** Constraint ci's (A, B, C) under `deltas`. */
  private eval(ci: number, deltas: Delta[]): [bigint, bigint, bigint] {
    let [a, b, c] = this.base[ci]!;
    for (const [wire, d] of deltas) {
      const k = this.coef[ci]!.get(wire);
      if (k) {
        a += k[0] * d;
        b += k[1] * d;
        c += k[2] * d;
      }
    }
    return [a % P, b % P, c % P];
  }

  holds(ci: number, deltas: Delta[]): boolean {
    const [a, b, c] = this.eval(ci, deltas);
    return (a * b - c) % P === 0n;
  }

  /** Every constraint touching an edited wire holds (stops at the first that does not). */
  allHold(deltas: Delta[]): boolean {
    for (const [wire] of deltas) for (const ci of this.touching[wire]!) if (!this.holds(ci, deltas)) return false;
    return true;
  }

  /** Constraints touching an edited wire that the edit violates. */
  broken(deltas: Delta[]): number[] {
    const out = new Set<number>();
    for (const [wire] of deltas) for (const ci of this.touching[wire]!) if (!this.holds(ci, deltas)) out.add(ci);
    return [...out];
  }

  /** The wires constraint ci mentions. */
  wiresOf(ci: number): number[] {
    return [...this.coef[ci]!.keys()];
  }

  /**
   * The change of wire j that makes constraint ci hold under `deltas`, when ci is linear in j and the
   * solution is unique; undefined otherwise (quadratic in j, or j has no effect).
   */
  solveFor(ci: number, j: number, deltas: Delta[]): bigint | undefined {
    const k = this.coef[ci]!.get(j);
    if (!k) return undefined;
    const [ak, bk, ck] = k;
    if ((ak * bk) % P !== 0n) return undefined; // quadratic in j: not a one-step linear repair
    const [a, b, c] = this.eval(ci, deltas);
    // (a + ak x)(b + bk x) - (c + ck x) = (ak b + bk a - ck) x + (a b - c)
    const slope = mod(ak * b + bk * a - ck);
    if (slope === 0n) return undefined;
    return mod(-(a * b - c) * modInverse(slope));
  }
}

export interface ScanOptions {
  /** Wires that may be re-solved in a one-step repair (default: none, single-wire search only). */
  repairable?: Set<number>;
  /** Values to try per wire (default perturbationsOf); the repair search uses the first `repairValues`. */
  values?: (v: bigint) => bigint[];
  repairValues?: number;
}

/**
 * Edit each wire in `wires` with each adversarial value and report the edits no constraint catches. The
 * checker's witness must satisfy every constraint (checked by the caller with firstFailingConstraint).
 * A one-step repair wire must appear in every constraint the edit broke (the others would stay broken), so
 * only the wires of the first broken constraint are candidates: the search is exhaustive for pairs.
 */
export function scanWires(checker: ConstraintChecker, wires: number[], options: ScanOptions = {}): ScanResult {
  const w = checker.w;
  const values = options.values ?? perturbationsOf;
  const repairValues = options.repairValues ?? 3;
  const result: ScanResult = { wires: 0, edits: 0, repairs: 0, survivors: [] };
  for (const i of wires) {
    result.wires++;
    values(w[i]!).forEach((value, k) => {
      result.edits++;
      const edit: Delta = [i, mod(value - w[i]!)];
      if (checker.allHold([edit])) {
        result.survivors.push({ wire: i, value });
        return;
      }
      if (!options.repairable || k >= repairValues) return;
      const broken = checker.broken([edit]);
      const candidates = checker.wiresOf(broken[0]!).filter((j) => j !== i && options.repairable!.has(j));
      const inAll = candidates.filter((j) => broken.every((ci) => checker.wiresOf(ci).includes(j)));
      for (const j of inAll) {
        result.repairs++;
        const dj = checker.solveFor(broken[0]!, j, [edit]);
        if (dj === undefined || dj === 0n) continue;
        if (checker.allHold([edit, [j, dj]])) {
          result.survivors.push({ wire: i, value, repaired: { wire: j, value: mod(w[j]! + dj) } });
        }
      }
    });
  }
  return result;
}

/** Wire index -> the first signal name the .sym file gives it. */
export function wireNames(sym: Map<string, number>): Map<number, string> {
  const names = new Map<number, string>();
  for (const [name, wire] of sym) if (!names.has(wire)) names.set(wire, name);
  return names;
}

// Witness-level tools for soundness tests: compute a witness, edit a signal by name, and check every
// R1CS constraint directly (r1cs and wtns parsed here, so a check costs milliseconds, not a reload).
import fs from "node:fs";
import * as snarkjs from "snarkjs";
import { FIELD_MODULUS as P } from "../../core/field.ts";
import type { CircuitInput } from "../../prover/inputs.ts";

type Term = [number, bigint];
export interface R1cs {
  nWires: number;
  nOutputs: number;
  nPubInputs: number;
  constraints: [Term[], Term[], Term[]][];
}

function sections(buf: Buffer): Map<number, { offset: number; size: number }> {
  const n = buf.readUInt32LE(8);
  const out = new Map<number, { offset: number; size: number }>();
  let pos = 12;
  for (let i = 0; i < n; i++) {
    const type = buf.readUInt32LE(pos);
    const size = Number(buf.readBigUInt64LE(pos + 4));
    out.set(type, { offset: pos + 12, size });
    pos += 12 + size;
  }
  return out;
}

function readLE(buf: Buffer, offset: number, n8: number): bigint {
  return BigInt(
    "0x" +
      Buffer.from(buf.subarray(offset, offset + n8))
        .reverse()
        .toString("hex"),
  );
}

const r1csCache = new Map<string, R1cs>();
/** Parse an .r1cs file (header and constraints), cached per path. */
export function loadR1cs(file: string): R1cs {
  const hit = r1csCache.get(file);
  if (hit) return hit;
  const buf = fs.readFileSync(file);
  const s = sections(buf);
  const h = s.get(1)!;
  const n8 = buf.readUInt32LE(h.offset);
  let p = h.offset + 4 + n8;
  const nWires = buf.readUInt32LE(p);
  const nOutputs = buf.readUInt32LE(p + 4);
  const nPubInputs = buf.readUInt32LE(p + 8);
  const nConstraints = buf.readUInt32LE(p + 24);
  p = s.get(2)!.offset;
  const constraints: [Term[], Term[], Term[]][] = [];
  for (let c = 0; c < nConstraints; c++) {
    const lcs: Term[][] = [];
    for (let k = 0; k < 3; k++) {
      const nTerms = buf.readUInt32LE(p);
      p += 4;
      const lc: Term[] = [];
      for (let t = 0; t < nTerms; t++) {
        lc.push([buf.readUInt32LE(p), readLE(buf, p + 4, n8)]);
        p += 4 + n8;
      }
      lcs.push(lc);
    }
    constraints.push(lcs as [Term[], Term[], Term[]]);
  }
  const r = { nWires, nOutputs, nPubInputs, constraints };
  r1csCache.set(file, r);
  return r;
}

const symCache = new Map<string, Map<string, number>>();
/** Signal name (e.g. "main.creatorTag") -> witness index, for signals that survived optimisation. */
export function loadSym(file: string): Map<string, number> {
  const hit = symCache.get(file);
  if (hit) return hit;
  const map = new Map<string, number>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const [, w, , name] = line.split(",");
    if (name !== undefined && Number(w) >= 0) map.set(name, Number(w));
  }
  symCache.set(file, map);
  return map;
}

/** Compute the full witness (bigint per wire) for an input; throws if a constraint fails. */
export async function computeWitness(wasm: string, input: CircuitInput): Promise<bigint[]> {
  const wtns: { type: "mem"; data?: Uint8Array } = { type: "mem" };
  await snarkjs.wtns.calculate(input, wasm, wtns);
  const buf = Buffer.from(wtns.data!);
  const s = sections(buf);
  const h = s.get(1)!;
  const n8 = buf.readUInt32LE(h.offset);
  const n = buf.readUInt32LE(h.offset + 4 + n8);
  const w: bigint[] = [];
  const d = s.get(2)!.offset;
  for (let i = 0; i < n; i++) w.push(readLE(buf, d + i * n8, n8));
  return w;
}

const lc = (terms: Term[], w: bigint[]): bigint => terms.reduce((acc, [i, c]) => (acc + c * w[i]!) % P, 0n);

/** Index of the first constraint the witness violates, or -1 when all hold. */
export function firstFailingConstraint(r1cs: R1cs, w: bigint[]): number {
  for (let i = 0; i < r1cs.constraints.length; i++) {
    const [a, b, c] = r1cs.constraints[i]!;
    if ((lc(a, w) * lc(b, w) - lc(c, w)) % P !== 0n) return i;
  }
  return -1;
}

/**
 * Wires whose value no constraint fixes: editing wire i alone leaves every constraint satisfied. Only the
 * constraints that mention wire i can change, so only those are evaluated.
 */
export function freeWires(r1cs: R1cs, w: bigint[]): number[] {
  const touching = Array.from({ length: r1cs.nWires }, () => new Set<number>());
  r1cs.constraints.forEach((c, ci) => c.forEach((terms) => terms.forEach(([wire]) => touching[wire]!.add(ci))));
  const free: number[] = [];
  const edited = [...w];
  for (let i = 1; i < w.length; i++) {
    edited[i] = (w[i]! + 1n) % P;
    const broken = [...touching[i]!].some((ci) => {
      const [a, b, c] = r1cs.constraints[ci]!;
      return (lc(a, edited) * lc(b, edited) - lc(c, edited)) % P !== 0n;
    });
    edited[i] = w[i]!;
    if (!broken) free.push(i);
  }
  return free;
}

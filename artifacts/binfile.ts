// Minimal readers for the iden3 binary file headers (ptau, r1cs): magic, version, section table.
// Reading only the headers lets the build refuse a wrong file in milliseconds, before snarkjs touches it.
import fs from "node:fs";
import { SetupError } from "../core/errors.ts";

interface Section {
  type: number;
  offset: number;
  size: number;
}

function readSections(file: string, magic: string): { fd: number; sections: Map<number, Section> } {
  const fd = fs.openSync(file, "r");
  const head = Buffer.alloc(12);
  if (fs.readSync(fd, head, 0, 12, 0) !== 12 || head.toString("ascii", 0, 4) !== magic) {
    fs.closeSync(fd);
    throw new SetupError(`${file} is not a ${magic} file (bad magic bytes)`);
  }
  const nSections = head.readUInt32LE(8);
  const sections = new Map<number, Section>();
  const size = fs.fstatSync(fd).size;
  let pos = 12;
  const sh = Buffer.alloc(12);
  for (let i = 0; i < nSections; i++) {
    if (fs.readSync(fd, sh, 0, 12, pos) !== 12) break;
    const type = sh.readUInt32LE(0);
    const len = Number(sh.readBigUInt64LE(4));
    if (pos + 12 + len > size) {
      fs.closeSync(fd);
      throw new SetupError(`${file} is truncated: section ${type} runs past the end of the file`);
    }
    sections.set(type, { type, offset: pos + 12, size: len });
    pos += 12 + len;
  }
  return { fd, sections };
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  fs.readSync(fd, b, 0, length, offset);
  return b;
}

/** Header facts of a powers-of-tau file. */
export interface PtauInfo {
  power: number;
  ceremonyPower: number;
  /** True when the Lagrange sections written by `powersoftau prepare phase2` are present. */
  preparedPhase2: boolean;
  contributions: number;
}

/** Read a .ptau file's header: power, ceremony power, whether it was prepared for phase 2. */
export function ptauInfo(file: string): PtauInfo {
  const { fd, sections } = readSections(file, "ptau");
  try {
    const h = sections.get(1);
    if (!h) throw new SetupError(`${file} has no ptau header section`);
    const n8 = readAt(fd, h.offset, 4).readUInt32LE(0);
    const rest = readAt(fd, h.offset + 4 + n8, 8);
    const c = sections.get(7);
    const contributions = c && c.size >= 4 ? readAt(fd, c.offset, 4).readUInt32LE(0) : 0;
    return {
      power: rest.readUInt32LE(0),
      ceremonyPower: rest.readUInt32LE(4),
      preparedPhase2: [12, 13, 14, 15].every((s) => (sections.get(s)?.size ?? 0) > 0),
      contributions,
    };
  } finally {
    fs.closeSync(fd);
  }
}

/** Header facts of an .r1cs file. */
export interface R1csInfo {
  nWires: number;
  nOutputs: number;
  nPubInputs: number;
  nPrvInputs: number;
  nConstraints: number;
}

/** Read an .r1cs file's header. */
export function r1csInfo(file: string): R1csInfo {
  const { fd, sections } = readSections(file, "r1cs");
  try {
    const h = sections.get(1);
    if (!h) throw new SetupError(`${file} has no r1cs header section`);
    const n8 = readAt(fd, h.offset, 4).readUInt32LE(0);
    const b = readAt(fd, h.offset + 4 + n8, 28);
    return {
      nWires: b.readUInt32LE(0),
      nOutputs: b.readUInt32LE(4),
      nPubInputs: b.readUInt32LE(8),
      nPrvInputs: b.readUInt32LE(12),
      nConstraints: b.readUInt32LE(24),
    };
  } finally {
    fs.closeSync(fd);
  }
}

/** The powers-of-tau power a Groth16 setup of this circuit needs (the rule snarkjs's newZKey applies). */
export function requiredPower(info: R1csInfo): number {
  // snarkjs: cirPower = log2(nConstraints + nPubInputs + nOutputs) + 1, log2 rounding down: the bit length.
  const n = info.nConstraints + info.nPubInputs + info.nOutputs;
  return n.toString(2).length;
}

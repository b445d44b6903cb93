// Why a circuit has no witness, in words. The circuit sources carry the words: a constraint (or the line that
// instantiates a checking template) is annotated with a comment `// @rejects <statement>: <words>` on its own
// line or the line just above. circom's witness calculator reports the failed assertion as a stack of
// "Error in template T_n line: L" frames (innermost first); the innermost frame that lands on an annotated
// line of our own sources names the statement (circomlib's templates carry no annotations, so a range check
// failing inside Num2Bits is explained by the line of ours that called it).
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../artifacts/paths.ts";

/** One frame of a witness failure: a template (circom's instance suffix removed) and a source line. */
export interface WitnessFrame {
  template: string;
  line: number;
}

/** A failed statement, as annotated in the circuit source. */
export interface RejectionReason {
  /** The statement's label, e.g. "4" or "rights" (what follows `@rejects`). */
  statement: string;
  /** The reason in words, e.g. "the attestation is dated after the license expiry". */
  reason: string;
  /** Where: template and line of the annotated constraint. */
  template: string;
  line: number;
}

const CIRCUIT_SOURCES = path.join(REPO_ROOT, "circuits/src");
const ANNOTATION = /\/\/\s*@rejects\s+([^:]+):\s*(.+?)\s*$/;

/**
 * The frames of a witness calculator error message, innermost first.
 *
 * @example witnessFrames("Error in template Num2Bits_3 line: 38\nError in template Provenance_421 line: 98")
 */
export function witnessFrames(message: string): WitnessFrame[] {
  return [...message.matchAll(/Error in template (\w+?)(?:_\d+)? line: (\d+)/g)].map((m) => ({
    template: m[1]!,
    line: Number(m[2]),
  }));
}

let templateFiles: Map<string, string[]> | undefined;

/** Every template of our circuit sources, with the lines of the file that defines it. */
function templates(): Map<string, string[]> {
  if (templateFiles) return templateFiles;
  templateFiles = new Map();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (e.name.endsWith(".circom")) {
        const lines = fs.readFileSync(file, "utf8").split("\n");
        for (const l of lines) {
          const t = /^\s*template\s+(\w+)\s*\(/.exec(l);
          if (t) templateFiles!.set(t[1]!, lines);
        }
      }
    }
  };
  walk(CIRCUIT_SOURCES);
  return templateFiles;
}

/** The annotation on source line `line` (1-based) or on the comment line just above it. */
function annotationAt(lines: string[], line: number): { statement: string; reason: string } | undefined {
  for (const at of [line - 1, line - 2]) {
    const text = lines[at];
    if (text === undefined) continue;
    if (at === line - 2 && !/^\s*\/\//.test(text)) break;
    const m = ANNOTATION.exec(text);
    if (m) return { statement: m[1]!.trim(), reason: m[2]! };
  }
  return undefined;
}

/**
 * Explain a witness failure: the innermost frame on an annotated line of our circuit sources.
 *
 * @returns the statement and reason, or undefined if no frame is annotated.
 * @example explainWitnessFailure(witnessFrames(error.message))?.reason
 */
export function explainWitnessFailure(frames: WitnessFrame[]): RejectionReason | undefined {
  const known = templates();
  for (const f of frames) {
    const lines = known.get(f.template);
    const a = lines && annotationAt(lines, f.line);
    if (a) return { ...a, template: f.template, line: f.line };
  }
  return undefined;
}

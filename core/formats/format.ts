// What every JSON document module in core/formats/ has: its name and version, its zod schema, parse(value, where)
// naming the file (or request) and the first failing field in the one-line message, and serialize (the JSON
// text zkprov writes: two-space indented, one trailing newline).
import type { z } from "zod";
import { InvalidInputError, issueLines } from "../errors.ts";

/** A JSON document's format: what names it, its schema, and how it is read and written. */
export interface DocumentFormat<Doc, Input = Doc> {
  /** The document's name: its `format` field where it carries one (e.g. "zkprov-key"). */
  readonly name: string;
  /** The version this code reads and writes. */
  readonly version: number;
  /** How errors name the document, e.g. "zkprov key file". */
  readonly title: string;
  /** The zod schema of the document as written (also its TypeScript type). */
  readonly schema: z.ZodTypeAny;
  /**
   * Validate a parsed JSON value; `where` names its file (or request) in every error.
   *
   * @throws {InvalidInputError} naming `where` and the first failing field (all of them in `details`).
   */
  parse(value: unknown, where: string): Doc;
  /** The document's JSON text. */
  serialize(doc: Input): string;
}

/**
 * Validate `value` with `schema`; on failure, an InvalidInputError `<where> is not a valid <title>: <first issue>`
 * with every issue in `details`.
 *
 * @throws {InvalidInputError}
 * @example const raw = parseWithSchema(keyFileSchema, json, "creator.key.json", "zkprov key file")
 */
export function parseWithSchema<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  where: string,
  title: string,
): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = issueLines(r.error.issues);
    throw new InvalidInputError(`${where} is not a valid ${title}: ${issues[0]}`, { details: issues.join("; ") });
  }
  return r.data as z.output<S>;
}

/**
 * The JSON text zkprov writes for a document: two-space indented, one trailing newline.
 *
 * @example jsonText({ creatorBlinding: "12" }) // '{\n  "creatorBlinding": "12"\n}\n'
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** A bigint as the decimal string every document writes. */
export const dec = (v: bigint): string => v.toString();

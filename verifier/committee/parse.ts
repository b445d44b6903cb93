// Parsing a committee file with its schema, naming the file and the first problems in the error.
import type { z } from "zod";
import { InvalidInputError } from "../../core/errors.ts";

/**
 * Parse `value` (a JSON document) with `schema`; `what` says what it should be, `where` names the file.
 *
 * @throws {InvalidInputError} naming the file, what it should be and the first problems.
 * @example const deal = parseCommitteeFile(dealSchema, json, "a deal message", "deal-2.json")
 */
export function parseCommitteeFile<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  what: string,
  where: string,
): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const format = (value as { format?: unknown } | null)?.format;
  throw new InvalidInputError(
    `${where} is not ${what}${typeof format === "string" ? ` (it is a ${format} file)` : ""}`,
    {
      details: r.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; "),
    },
  );
}

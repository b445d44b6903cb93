// Rights on the command line: a mask by names ("commercial,derivatives") or number, and the per-right quantities
// of a license purchase ("--units 10" or "--units publish=10,commercial=2").
import { RIGHTS } from "../core/domain.ts";
import { InvalidInputError } from "../core/errors.ts";
import { parseBigint } from "./output.ts";

/**
 * Rights by name or mask: "commercial", "commercial,derivatives" or a number.
 *
 * @throws {InvalidInputError} naming `name` and the unknown right.
 * @example parseRights("publish,commercial", "--rights") === 3n
 */
export function parseRights(v: string, name: string): bigint {
  if (/^[0-9]/.test(v)) return parseBigint(v, name);
  let mask = 0n;
  for (const part of v.split(",")) {
    const bit = (RIGHTS as Record<string, number>)[part.trim().toUpperCase()];
    if (bit === undefined)
      throw new InvalidInputError(
        `${name}: unknown right ${JSON.stringify(part)} (one of ${Object.keys(RIGHTS).join(", ").toLowerCase()})`,
      );
    mask |= BigInt(bit);
  }
  return mask;
}

/** What `--units` says: one quantity for every right of the bundle, or a quantity per named right. */
export type UnitsOption = { quantity: bigint } | { perRight: Map<bigint, bigint> };

/**
 * `--units`: "N" (every right of the purchase), or "right=N,right=N" with rights by name or one-bit mask.
 *
 * @throws {InvalidInputError} naming `name` and the part that is not a right, not one right, a repeat, or not
 *   a positive integer.
 * @example parseUnitsOption("publish=10,commercial=2", "--units") // perRight {1n => 10n, 2n => 2n}
 */
export function parseUnitsOption(v: string, name: string): UnitsOption {
  if (!v.includes("=")) return { quantity: parseBigint(v, name) };
  const perRight = new Map<bigint, bigint>();
  for (const part of v.split(",")) {
    const m = /^([^=]+)=(.*)$/.exec(part.trim());
    if (!m) throw new InvalidInputError(`${name}: ${JSON.stringify(part)} is not right=quantity (e.g. publish=10)`);
    const right = parseRights(m[1]!.trim(), name);
    if (right === 0n || (right & (right - 1n)) !== 0n)
      throw new InvalidInputError(`${name}: ${JSON.stringify(m[1])} is not one right (give one name per quantity)`);
    if (perRight.has(right)) throw new InvalidInputError(`${name}: right ${JSON.stringify(m[1])} is given twice`);
    perRight.set(right, parseBigint(m[2]!.trim(), `${name} ${m[1]!.trim()}`));
  }
  return { perRight };
}

import { z } from "zod";
import { InvalidInputError, requireBelow } from "./errors.ts";

/** The BN254 scalar field modulus r: every circuit signal and public input is below it. */
export const FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/**
 * Guard: `value` is a field element (0 <= value < r).
 *
 * @throws {InvalidInputError} naming `name`.
 * @example requireField(assetHash, "assetHash")
 */
export function requireField(value: bigint, name: string): bigint {
  return requireBelow(value, FIELD_MODULUS, name);
}

/**
 * Parse a decimal or 0x-hex string (or number, bigint) into a field element, naming the input on error.
 * Non-canonical forms (signs, spaces, leading zeros beyond "0", exponents) are refused.
 *
 * @throws {InvalidInputError}
 * @example parseField("0x1f", "modelHash") // 31n
 */
export function parseField(value: unknown, name: string): bigint {
  let n: bigint;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === "string" && /^(0|[1-9][0-9]*|0x[0-9a-fA-F]+)$/.test(value)) n = BigInt(value);
  else {
    throw new InvalidInputError(`${name} must be a decimal or 0x-hex integer string`, {
      details: `got ${typeof value === "string" ? JSON.stringify(value.slice(0, 80)) : typeof value}`,
    });
  }
  return requireField(n, name);
}

/** How a field element is written in every zkprov document and request: decimal, or 0x-hex (at most 64 digits). */
export const FIELD_TEXT = /^(0|[1-9][0-9]{0,77}|0x[0-9a-fA-F]{1,64})$/;

/** A non-negative integer as snarkjs writes a signal: a decimal string, at most 78 digits (zod schema). */
export const decimalStringSchema = z.string().regex(/^(0|[1-9][0-9]{0,77})$/, "a decimal integer string");

/** A field element written as a decimal or 0x-hex string (zod schema; parses to a bigint below r). */
export const fieldStringSchema = z
  .string()
  .regex(FIELD_TEXT, "a decimal or 0x-hex integer")
  .transform((s) => BigInt(s))
  .refine((v) => v < FIELD_MODULUS, "below the field modulus");

// The license entry file: what the licensor hands the model operator and creators (written 0600 by
// `zkprov registry add-license`: its salt is the licensor's claim blinding). Its JSON carries no format field
// (version 1 is the only one); every field is a field element, decimal or 0x-hex.
import { z } from "zod";
import { fieldStringSchema } from "../field.ts";
import type { LicenseEntry } from "../hashes.ts";
import { dec, jsonText, parseWithSchema, type DocumentFormat } from "./format.ts";

/** The license entry's fields (core/hashes.ts LicenseEntry; licenseLeaf says how the registry leaf packs them). */
export const LICENSE_FIELDS = [
  "datasetHash",
  "modelHash",
  "rights",
  "start",
  "expiry",
  "royaltyBps",
  "licensorCommit",
  "salt",
] as const satisfies readonly (keyof LicenseEntry)[];

/** The license entry file schema. */
export const licenseFileSchema = z.object({
  datasetHash: fieldStringSchema,
  modelHash: fieldStringSchema,
  rights: fieldStringSchema,
  start: fieldStringSchema,
  expiry: fieldStringSchema,
  royaltyBps: fieldStringSchema,
  licensorCommit: fieldStringSchema,
  salt: fieldStringSchema,
});

/**
 * A license entry as JSON (decimal strings), the inverse of parse.
 *
 * @example licenseJson(entry).salt // "1234…"
 */
export function licenseJson(l: LicenseEntry): Record<keyof LicenseEntry, string> {
  return Object.fromEntries(LICENSE_FIELDS.map((k) => [k, dec(l[k])])) as Record<keyof LicenseEntry, string>;
}

/**
 * The license entry format.
 *
 * @example const license = licenseFormat.parse(JSON.parse(text), "license.json")
 */
export const licenseFormat: DocumentFormat<LicenseEntry> = {
  name: "zkprov-license-entry",
  version: 1,
  title: "license entry",
  schema: licenseFileSchema,
  parse: (value, where) => parseWithSchema(licenseFileSchema, value, where, "license entry"),
  serialize: (l) => jsonText(licenseJson(l)),
};

// The verification report the verification page downloads (web/src/main.ts): the verdict and every check by
// name, the bundle's identity (circuit, key, asset, chain, roots), the pinned key, the snapshots and asset file
// it was checked with, and the decrypted audit record when a regulator key was loaded (never the key itself).
import { z } from "zod";
import { jsonText, parseWithSchema, type DocumentFormat } from "./format.ts";

/** The report format's name and version. */
export const REPORT_FORMAT = "zkprov-verification-report";
export const REPORT_VERSION = 1;

const check = z.object({ name: z.string(), status: z.enum(["pass", "fail", "skipped"]), reason: z.string() });

/** The verification report schema. */
export const verificationReportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(REPORT_VERSION),
  /** When the report was made (ISO 8601). */
  createdAt: z.string(),
  valid: z.boolean(),
  /** The verdict in words (verifier/bundle.ts VERDICTS). */
  verdict: z.string(),
  /** Every check that applies was made (registries included). */
  complete: z.boolean(),
  bundle: z.object({
    file: z.string().optional(),
    circuit: z.string(),
    vkeyHash: z.string(),
    assetHash: z.string(),
    chainId: z.string(),
    roots: z.record(z.string(), z.string()),
    usedAt: z.object({ contract: z.string(), transaction: z.string() }).optional(),
  }),
  pinnedVkeyHash: z.string().optional(),
  checks: z.array(check),
  chain: z.string().optional(),
  assetFile: z.object({ name: z.string(), sha256: z.string(), assetHash: z.string(), matches: z.boolean() }).optional(),
  registrySnapshots: z.array(z.object({ file: z.string(), tree: z.string(), root: z.string() })),
  audit: z.record(z.string(), z.object({ value: z.string(), name: z.string().nullable() })).optional(),
});
/** A verification report. */
export type VerificationReport = z.infer<typeof verificationReportSchema>;

/**
 * The verification report format. serialize writes what it is given (the page builds it typed); parse checks it.
 *
 * @example const report = reportFormat.parse(JSON.parse(text), "verification-report-mint.json"); report.valid
 */
export const reportFormat: DocumentFormat<VerificationReport> = {
  name: REPORT_FORMAT,
  version: REPORT_VERSION,
  title: "zkprov verification report",
  schema: verificationReportSchema,
  parse: (value, where) => parseWithSchema(verificationReportSchema, value, where, "zkprov verification report"),
  serialize: jsonText,
};

// The proof bundle: a versioned JSON document that carries one proof with everything needed to check it
// offline: circuit id, verification-key hash, the proof and public signals exactly as snarkjs writes them
// (so `snarkjs groth16 verify` checks it without zkprov), the same signals by name, asset, chain and roots.
// Made by verifier/bundle.ts createBundle and checked by its verifyBundle; this is the format alone.
import { z } from "zod";
import { CIRCUIT_IDS, type CircuitId } from "../circuits.ts";
import { InvalidInputError, issueLines } from "../errors.ts";
import { decimalStringSchema } from "../field.ts";
import { groth16ProofSchema } from "../proof.ts";
import { jsonText, type DocumentFormat } from "./format.ts";

/** The bundle format's name and current version. */
export const BUNDLE_FORMAT = "zkprov-proof-bundle";
export const BUNDLE_VERSION = 1;

const decimal = decimalStringSchema;
const namedSignal = z.union([decimal, z.array(decimal)]);

/** The bundle schema (zod): the single definition of the format, also its TypeScript type. */
export const proofBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  circuit: z.enum(CIRCUIT_IDS as [CircuitId, ...CircuitId[]]),
  vkeyHash: z.string().regex(/^0x[0-9a-f]{64}$/, "0x and 64 lowercase hex digits"),
  proof: groth16ProofSchema,
  publicSignals: z.array(decimal),
  signals: z.record(z.string(), namedSignal),
  assetHash: decimal,
  chainId: decimal,
  roots: z.record(z.string(), decimal),
  usedAt: z.object({ contract: z.string(), transaction: z.string() }).optional(),
});
export type ProofBundle = z.infer<typeof proofBundleSchema>;

/**
 * Validate a bundle (parsed JSON) against the schema. The one-line message names `where` (when given) and the
 * first failing field: `bundle.json: not a zkprov-proof-bundle v1 document: publicSignals.2: …`.
 *
 * @throws {InvalidInputError} naming each field that is missing or malformed (the rest in `details`).
 * @example const bundle = parseBundle(JSON.parse(fs.readFileSync("bundle.json", "utf8")), "bundle.json")
 */
export function parseBundle(value: unknown, where?: string): ProofBundle {
  const parsed = proofBundleSchema.safeParse(value);
  if (!parsed.success) {
    const issues = issueLines(parsed.error.issues);
    const what = `not a ${BUNDLE_FORMAT} v${BUNDLE_VERSION} document: ${issues[0]}`;
    throw new InvalidInputError(where ? `${where}: ${what}` : what, { details: issues.join("; ") });
  }
  return parsed.data;
}

/**
 * The proof bundle format.
 *
 * @example fs.writeFileSync("bundle.json", bundleFormat.serialize(bundle))
 */
export const bundleFormat: DocumentFormat<ProofBundle> = {
  name: BUNDLE_FORMAT,
  version: BUNDLE_VERSION,
  title: "proof bundle",
  schema: proofBundleSchema,
  parse: parseBundle,
  serialize: jsonText,
};

// The API's request and response schemas (zod). They validate requests, type the handlers, and generate
// the OpenAPI document: one definition each. A proof request carries the named inputs the prover library
// takes (prover/inputs.ts), field elements as decimal or 0x-hex strings.
import { z } from "zod";
import type { CircuitId } from "../core/circuits.ts";
import { DEV_CHAIN_ID } from "../core/context.ts";
import { FIELD_MODULUS, FIELD_TEXT } from "../core/field.ts";
import {
  licenseeCircuitInput,
  provenanceCircuitInput,
  royaltyClaimCircuitInput,
  royaltyClaimData,
  type CircuitInput,
} from "../prover/inputs.ts";
import type { MerkleWitness, QuinaryWitness } from "../prover/merkle.ts";
import { proofBundleSchema } from "../core/formats/bundle.ts";
import { LICENSE_FIELDS } from "../core/formats/license.ts";

/** A field element: decimal, or 0x-hex (at most 64 digits), below the BN254 scalar field's modulus. */
export const field = z
  .string()
  .superRefine((s, ctx) => {
    if (!FIELD_TEXT.test(s)) ctx.addIssue({ code: "custom", message: "must be a decimal or 0x-hex integer string" });
    else if (BigInt(s) >= FIELD_MODULUS) {
      ctx.addIssue({ code: "custom", message: "must be below the field modulus (BN254 scalar field)" });
    }
  })
  .describe("field element, decimal or 0x-hex, below the BN254 scalar field modulus");
const point = z.tuple([field, field]);

/** A Merkle path as the circuits take it (prover/merkle.ts MerkleWitness). */
export const merklePathSchema = z.object({
  root: field,
  index: field,
  depth: z.number().int().min(0).max(64),
  siblings: z.array(field).max(64),
});

/** A quinary Merkle path as the provenance circuit takes it for the license tree (prover/merkle.ts QuinaryWitness). */
export const quinaryPathSchema = z.object({
  root: field,
  index: field,
  pathIndices: z.array(z.number().int().min(0).max(4)).max(64),
  siblings: z.array(z.array(field).length(4)).max(64),
});

// The license entry's fields (core/formats/license.ts), each a field element as the API takes it.
const licenseFields = Object.fromEntries(LICENSE_FIELDS.map((k) => [k, field])) as Record<
  (typeof LICENSE_FIELDS)[number],
  typeof field
>;

/** ProvenanceWitnessData, by name. */
export const provenanceInputSchema = z
  .object({
    assetHash: field,
    requiredRights: field,
    now: field,
    maxAttestationAge: field,
    context: field,
    regulatorKey: point,
    model: z
      .object({
        publicKey: point,
        modelHash: field,
        rights: field,
        validFrom: field,
        validUntil: field,
        path: merklePathSchema,
      })
      .strict(),
    license: z.object({ ...licenseFields, path: quinaryPathSchema }).strict(),
    signature: z.object({ R8: point, S: field }).strict(),
    creatorSecret: field,
    generatedAt: field,
    creatorBlinding: field,
    auditRandomness: field,
  })
  .strict();

/** royaltyClaimData's parameters: tag and nullifier are derived from them. */
export const royaltyClaimInputSchema = z
  .object({ secret: field, blinding: field, assetHash: field, context: field })
  .strict();

/** LicenseeWitnessData, by name. */
export const licenseeInputSchema = z
  .object({
    tokenId: field,
    usageRights: field,
    context: field,
    nullifier: field,
    secret: field,
    path: merklePathSchema,
  })
  .strict();

/** The largest chain id accepted: 2^64 - 1 (chain ids are 64-bit in practice; EIP-2294 bounds them lower). */
export const MAX_CHAIN_ID = 2n ** 64n - 1n;
const chainId = z
  .string()
  .superRefine((s, ctx) => {
    if (!/^[1-9][0-9]{0,19}$/.test(s))
      ctx.addIssue({ code: "custom", message: "must be a positive decimal integer string" });
    else if (BigInt(s) > MAX_CHAIN_ID) ctx.addIssue({ code: "custom", message: "must be at most 2^64 - 1" });
  })
  .default(DEV_CHAIN_ID.toString())
  .describe("chain id recorded in the bundle, 1 to 2^64 - 1");

/** POST /v1/proofs body. */
export const proofRequestSchema = z.discriminatedUnion("circuit", [
  z.object({ circuit: z.literal("provenance"), chainId, input: provenanceInputSchema }).strict(),
  z.object({ circuit: z.literal("royalty-claim"), chainId, input: royaltyClaimInputSchema }).strict(),
  z.object({ circuit: z.literal("licensee"), chainId, input: licenseeInputSchema }).strict(),
]);
export type ProofRequest = z.infer<typeof proofRequestSchema>;

/** The API's circuit names and the library's circuit ids. */
export const CIRCUIT_OF = { provenance: "provenance", "royalty-claim": "royaltyClaim", licensee: "licensee" } as const;
export type ApiCircuit = keyof typeof CIRCUIT_OF;

/** Job states. */
export const JOB_STATES = ["queued", "proving", "done", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** GET /v1/proofs/:id answer (also the POST answer). */
export const jobViewSchema = z.object({
  id: z.string(),
  circuit: z.enum(["provenance", "royalty-claim", "licensee"]),
  state: z.enum(JOB_STATES),
  progress: z.object({ stage: z.string(), fraction: z.number() }),
  attempts: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  bundle: proofBundleSchema.nullable(),
});
export type JobView = z.infer<typeof jobViewSchema>;

/** Every error answer. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const big = (s: string): bigint => BigInt(s);
const pt = (p: readonly [string, string]): [bigint, bigint] => [big(p[0]), big(p[1])];
const mpath = (p: z.infer<typeof merklePathSchema>): MerkleWitness => ({
  root: big(p.root),
  index: big(p.index),
  depth: p.depth,
  siblings: p.siblings.map(big),
});
const qpath = (p: z.infer<typeof quinaryPathSchema>): QuinaryWitness => ({
  root: big(p.root),
  index: big(p.index),
  pathIndices: [...p.pathIndices],
  siblings: p.siblings.map((level) => level.map(big)),
});

/**
 * The circuit and its input signals for a validated request: one call into the library's codecs, which
 * check ranges and path depths and name the offending input.
 *
 * @throws {InvalidInputError} naming the input that is out of the field or of the wrong depth.
 * @example const { circuit, input } = toCircuitInput(request)
 */
export function toCircuitInput(r: ProofRequest): { circuit: CircuitId; input: CircuitInput } {
  switch (r.circuit) {
    case "provenance": {
      const d = r.input;
      return {
        circuit: "provenance",
        input: provenanceCircuitInput({
          assetHash: big(d.assetHash),
          requiredRights: big(d.requiredRights),
          now: big(d.now),
          maxAttestationAge: big(d.maxAttestationAge),
          context: big(d.context),
          regulatorKey: pt(d.regulatorKey),
          model: {
            publicKey: pt(d.model.publicKey),
            modelHash: big(d.model.modelHash),
            rights: big(d.model.rights),
            validFrom: big(d.model.validFrom),
            validUntil: big(d.model.validUntil),
            path: mpath(d.model.path),
          },
          license: {
            datasetHash: big(d.license.datasetHash),
            modelHash: big(d.license.modelHash),
            rights: big(d.license.rights),
            start: big(d.license.start),
            expiry: big(d.license.expiry),
            royaltyBps: big(d.license.royaltyBps),
            licensorCommit: big(d.license.licensorCommit),
            salt: big(d.license.salt),
            path: qpath(d.license.path),
          },
          signature: { R8: pt(d.signature.R8), S: big(d.signature.S) },
          creatorSecret: big(d.creatorSecret),
          generatedAt: big(d.generatedAt),
          creatorBlinding: big(d.creatorBlinding),
          auditRandomness: big(d.auditRandomness),
        }),
      };
    }
    case "royalty-claim": {
      const d = r.input;
      return {
        circuit: "royaltyClaim",
        input: royaltyClaimCircuitInput(
          royaltyClaimData({
            secret: big(d.secret),
            blinding: big(d.blinding),
            assetHash: big(d.assetHash),
            context: big(d.context),
          }),
        ),
      };
    }
    case "licensee": {
      const d = r.input;
      return {
        circuit: "licensee",
        input: licenseeCircuitInput({
          tokenId: big(d.tokenId),
          usageRights: big(d.usageRights),
          context: big(d.context),
          nullifier: big(d.nullifier),
          secret: big(d.secret),
          path: mpath(d.path),
        }),
      };
    }
  }
}

// Content Credentials (C2PA) as zkprov writes and reads them: the labels, the zkprov assertion's content and
// the mapping of proven rights to the CAWG training-and-data-mining vocabulary. Defined once here; the
// prover's embedder and the verifier's reader both use these. Browser-safe.
import { z } from "zod";
import { RIGHTS } from "../../core/domain.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { parseBundle, type ProofBundle } from "../../core/formats/bundle.ts";

/**
 * The label of zkprov's own assertion, in a reverse-domain namespace and versioned the C2PA way: a label without
 * a `.vN` suffix is version 1 (c2pa-rs reads `x.v1` as `x` version 1 and then cannot find it), and an
 * incompatible content gets the next label, `org.zkprov.proof.v2`, never a changed meaning.
 */
export const ZKPROV_ASSERTION_LABEL = "org.zkprov.proof";
/** The format name inside the zkprov assertion (a CBOR map). */
export const ZKPROV_ASSERTION_FORMAT = "zkprov-c2pa-proof";
/** IPTC digital source type of an asset a trained model generated. */
export const TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
/** The C2PA action zkprov records: the asset was created (by the attested model). */
export const CREATED_ACTION = "c2pa.created";
/** The CAWG training-and-data-mining assertion's label. */
export const CAWG_TRAINING_MINING_LABEL = "cawg.training-mining";
/** The hard binding zkprov writes (JPEG, PNG). */
export const DATA_HASH_LABEL = "c2pa.hash.data";
/** The claim generator zkprov names in the claim. */
export const CLAIM_GENERATOR = "zkprov";

/** Media types zkprov embeds Content Credentials into. */
export const C2PA_MEDIA_TYPES = ["image/jpeg", "image/png"] as const;
export type C2paMediaType = (typeof C2PA_MEDIA_TYPES)[number];

/** What the assertion says the proof's asset hash is taken over. */
export const ASSET_HASH_BINDING =
  "assetHash = SHA-256(asset bytes without the C2PA manifest store) >> 3; the same bytes c2pa.hash.data covers";

/** The zkprov assertion's content (a CBOR map): the proof bundle, unchanged, and how its asset hash binds. */
export const zkprovAssertionSchema = z.object({
  format: z.literal(ZKPROV_ASSERTION_FORMAT),
  version: z.literal(1),
  binding: z.literal(ASSET_HASH_BINDING),
  bundle: z.unknown(),
});
export type ZkprovAssertion = {
  format: typeof ZKPROV_ASSERTION_FORMAT;
  version: 1;
  binding: string;
  bundle: ProofBundle;
};

/**
 * The zkprov assertion's content for a provenance bundle.
 *
 * @example manifest.addAssertion(zkprovAssertion(bundle))
 */
export function zkprovAssertion(bundle: ProofBundle): ZkprovAssertion {
  return { format: ZKPROV_ASSERTION_FORMAT, version: 1, binding: ASSET_HASH_BINDING, bundle };
}

/**
 * Parse a zkprov assertion's content (decoded CBOR), validating the bundle inside with the bundle schema.
 *
 * @throws {InvalidInputError} naming what is malformed.
 * @example const { bundle } = parseZkprovAssertion(cborContent)
 */
export function parseZkprovAssertion(value: unknown): ZkprovAssertion {
  const r = zkprovAssertionSchema.safeParse(value);
  if (!r.success)
    throw new InvalidInputError(`the ${ZKPROV_ASSERTION_LABEL} assertion is not a ${ZKPROV_ASSERTION_FORMAT} v1 map`, {
      details: r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
    });
  return { ...r.data, bundle: parseBundle(r.data.bundle) } as ZkprovAssertion;
}

/** One CAWG training-and-data-mining entry. */
export interface TrainingMiningEntry {
  use: "allowed" | "notAllowed" | "constrained";
  constraint_info?: string;
}

/** The CAWG keys zkprov states, in this order. */
export const TRAINING_MINING_KEYS = [
  "cawg.data_mining",
  "cawg.ai_inference",
  "cawg.ai_generative_training",
  "cawg.ai_training",
] as const;
export type TrainingMiningKey = (typeof TRAINING_MINING_KEYS)[number];

/** The constraint stated when a use is permitted but COMMERCIAL was not granted. */
export const NON_COMMERCIAL_CONSTRAINT = "non-commercial use only: the proven rights do not include COMMERCIAL";

/**
 * The CAWG training-and-data-mining entries that follow from a proof's `grantedRights` (modelRights AND
 * licenseRights, proven by the circuit). The mapping (docs/C2PA.md):
 *
 * | CAWG key                      | needs                      |
 * | ----------------------------- | -------------------------- |
 * | cawg.data_mining              | AI_TRAINING                |
 * | cawg.ai_training              | AI_TRAINING                |
 * | cawg.ai_generative_training   | AI_TRAINING and DERIVATIVES |
 * | cawg.ai_inference             | DERIVATIVES                |
 *
 * A use whose rights are granted is `allowed` when COMMERCIAL is granted too, else `constrained` to
 * non-commercial use; a use whose rights are not granted is `notAllowed`. PUBLISH and SUBLICENSE say nothing
 * about training or mining.
 *
 * @example trainingMiningFor(BigInt(RIGHTS.PUBLISH | RIGHTS.AI_TRAINING))["cawg.ai_training"].use // "constrained"
 */
export function trainingMiningFor(grantedRights: bigint): Record<TrainingMiningKey, TrainingMiningEntry> {
  const has = (r: number) => (grantedRights & BigInt(r)) !== 0n;
  const entry = (permitted: boolean): TrainingMiningEntry =>
    !permitted
      ? { use: "notAllowed" }
      : has(RIGHTS.COMMERCIAL)
        ? { use: "allowed" }
        : { use: "constrained", constraint_info: NON_COMMERCIAL_CONSTRAINT };
  return {
    "cawg.data_mining": entry(has(RIGHTS.AI_TRAINING)),
    "cawg.ai_inference": entry(has(RIGHTS.DERIVATIVES)),
    "cawg.ai_generative_training": entry(has(RIGHTS.AI_TRAINING) && has(RIGHTS.DERIVATIVES)),
    "cawg.ai_training": entry(has(RIGHTS.AI_TRAINING)),
  };
}

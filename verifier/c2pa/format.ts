// Content Credentials (C2PA) as zkprov writes and reads them: the labels of the manifest's standard assertions
// and the mapping of proven rights to the CAWG training-and-data-mining vocabulary. Defined once here; the
// prover's embedder and the verifier's reader both use these. zkprov's own assertion (its label and content) is
// a document format: core/formats/c2pa-assertion.ts. Browser-safe.
import { RIGHTS } from "../../core/domain.ts";

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

// zkprov's own C2PA assertion (`org.zkprov.proof`, a CBOR map in the manifest the prover embeds): the provenance
// bundle, unchanged, and how its asset hash binds to the asset's bytes. `zkprov c2pa embed` writes it; `zkprov
// c2pa verify` and the verification page read it. parse validates the bundle inside with the bundle format.
import { z } from "zod";
import { InvalidInputError, issueLines } from "../errors.ts";
import { parseBundle, type ProofBundle } from "./bundle.ts";

/**
 * The label of zkprov's own assertion, in a reverse-domain namespace and versioned the C2PA way: a label without
 * a `.vN` suffix is version 1 (c2pa-rs reads `x.v1` as `x` version 1 and then cannot find it), and an
 * incompatible content gets the next label, `org.zkprov.proof.v2`, never a changed meaning.
 */
export const ZKPROV_ASSERTION_LABEL = "org.zkprov.proof";
/** The format name inside the zkprov assertion (a CBOR map). */
export const ZKPROV_ASSERTION_FORMAT = "zkprov-c2pa-proof";
/** The assertion content's version. */
export const ZKPROV_ASSERTION_VERSION = 1;

/** What the assertion says the proof's asset hash is taken over. */
export const ASSET_HASH_BINDING =
  "assetHash = SHA-256(asset bytes without the C2PA manifest store) >> 3; the same bytes c2pa.hash.data covers";

/** The zkprov assertion's content (a CBOR map): the proof bundle, unchanged, and how its asset hash binds. */
export const zkprovAssertionSchema = z.object({
  format: z.literal(ZKPROV_ASSERTION_FORMAT),
  version: z.literal(ZKPROV_ASSERTION_VERSION),
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
 * Parse a zkprov assertion's content (decoded CBOR), validating the bundle inside with the bundle format.
 * `where` names the asset (or file) it came from in the error.
 *
 * @throws {InvalidInputError} naming what is malformed.
 * @example const { bundle } = parseZkprovAssertion(cborContent, "asset.c2pa.png")
 */
export function parseZkprovAssertion(value: unknown, where?: string): ZkprovAssertion {
  const r = zkprovAssertionSchema.safeParse(value);
  if (!r.success)
    throw new InvalidInputError(
      `${where ? `${where}: ` : ""}the ${ZKPROV_ASSERTION_LABEL} assertion is not a ${ZKPROV_ASSERTION_FORMAT} v${ZKPROV_ASSERTION_VERSION} map`,
      { details: issueLines(r.error.issues).join("; ") },
    );
  return { ...r.data, bundle: parseBundle(r.data.bundle, where) } as ZkprovAssertion;
}

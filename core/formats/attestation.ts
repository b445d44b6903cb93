// The attestation file (`zkprov attest`): the fields a model operator signed for a creator, the signature, the
// model's public data and the license the asset was generated under. The creator proves provenance from it.
import { z } from "zod";
import { fieldStringSchema } from "../field.ts";
import type { AttestationFields, LicenseEntry } from "../hashes.ts";
import { dec, jsonText, parseWithSchema, type DocumentFormat } from "./format.ts";
import { licenseFileSchema, licenseJson } from "./license.ts";

/** The attestation format's name and version. */
export const ATTESTATION_FORMAT = "zkprov-attestation";
export const ATTESTATION_VERSION = 1;

const point = z.tuple([fieldStringSchema, fieldStringSchema]);

/** The attestation file schema. */
export const attestationFileSchema = z.object({
  format: z.literal(ATTESTATION_FORMAT),
  version: z.literal(ATTESTATION_VERSION),
  fields: z.object({
    assetHash: fieldStringSchema,
    modelHash: fieldStringSchema,
    licenseLeaf: fieldStringSchema,
    creatorCommit: fieldStringSchema,
    generatedAt: fieldStringSchema,
  }),
  message: fieldStringSchema,
  signature: z.object({ R8: point, S: fieldStringSchema }),
  model: z.object({ publicKey: point, modelHash: fieldStringSchema, rights: fieldStringSchema }),
  license: licenseFileSchema,
});

/** A parsed attestation file. */
export interface AttestationFile {
  attestation: {
    fields: AttestationFields;
    message: bigint;
    /** EdDSA-Poseidon signature (circomlib scheme) of `message` by the model key. */
    signature: { R8: [bigint, bigint]; S: bigint };
  };
  model: { publicKey: [bigint, bigint]; modelHash: bigint; rights: bigint };
  license: LicenseEntry;
}

function parseAttestation(value: unknown, where: string): AttestationFile {
  const a = parseWithSchema(attestationFileSchema, value, where, "zkprov attestation");
  return {
    attestation: {
      fields: a.fields,
      message: a.message,
      signature: { R8: a.signature.R8 as [bigint, bigint], S: a.signature.S },
    },
    model: { ...a.model, publicKey: a.model.publicKey as [bigint, bigint] },
    license: a.license,
  };
}

function serializeAttestation(a: AttestationFile): string {
  const f = a.attestation.fields;
  return jsonText({
    format: ATTESTATION_FORMAT,
    version: ATTESTATION_VERSION,
    fields: {
      assetHash: dec(f.assetHash),
      modelHash: dec(f.modelHash),
      licenseLeaf: dec(f.licenseLeaf),
      creatorCommit: dec(f.creatorCommit),
      generatedAt: dec(f.generatedAt),
    },
    message: dec(a.attestation.message),
    signature: { R8: a.attestation.signature.R8.map(dec), S: dec(a.attestation.signature.S) },
    model: { publicKey: a.model.publicKey.map(dec), modelHash: dec(a.model.modelHash), rights: dec(a.model.rights) },
    license: licenseJson(a.license),
  });
}

/**
 * The attestation file format. parse checks the shape; the signature is checked by the prover
 * (prover/attestation.ts verifyAttestation) and, in the end, by the circuit.
 *
 * @example const { attestation, model, license } = attestationFormat.parse(JSON.parse(text), "attestation.json")
 */
export const attestationFormat: DocumentFormat<AttestationFile> = {
  name: ATTESTATION_FORMAT,
  version: ATTESTATION_VERSION,
  title: "zkprov attestation",
  schema: attestationFileSchema,
  parse: parseAttestation,
  serialize: serializeAttestation,
};

import { inCurve, mulPointEscalar, type Point } from "@zk-kit/baby-jubjub";
import { auditPads } from "../core/hashes.ts";
import { FIELD_MODULUS } from "../core/field.ts";
import { InvalidInputError } from "../core/errors.ts";
import { circuitInstance } from "../core/circuits.ts";

/** The audit record: what the regulator learns from a provenance proof. */
export interface AuditRecord {
  modelHash: bigint;
  datasetHash: bigint;
  creatorCommit: bigint;
  /** The model registry leaf the proof used: names the entry (key, rights, validity interval) unambiguously. */
  modelLeaf: bigint;
  /** The license registry leaf the proof used: names the license entry, and by its LicenseDescribed event the licensor. */
  licenseLeaf: bigint;
}

/** Names of the encrypted fields, in circuit order. */
export const AUDIT_FIELDS = ["modelHash", "datasetHash", "creatorCommit", "modelLeaf", "licenseLeaf"] as const;

/** The audit cipher's length, as circuits.json declares the provenance output `auditCipher`. */
export const AUDIT_CIPHER_LENGTH: number = circuitInstance("provenance").publicOutputs.auditCipher!;
if (AUDIT_CIPHER_LENGTH !== AUDIT_FIELDS.length)
  throw new RangeError(
    `circuits.json gives auditCipher ${AUDIT_CIPHER_LENGTH} elements, the audit record has ${AUDIT_FIELDS.length} fields`,
  );

export { regulatorPublicKey } from "./regulator-public-key.ts";

/**
 * Decrypt a provenance proof's audit record with the regulator's secret: K = secret * ephemeral,
 * m[i] = cipher[i] - pads[i], the pads squeezed from one Poseidon sponge keyed by K (core/hashes.ts auditPads).
 * A wrong secret yields unrelated values (the caller checks them against registry metadata).
 *
 * @throws {InvalidInputError} if the ephemeral key is not a curve point or the cipher has the wrong length.
 * @example decryptAudit(secret, signals.auditEphemeral, signals.auditCipher).modelHash
 */
export function decryptAudit(secret: bigint, ephemeral: readonly bigint[], cipher: readonly bigint[]): AuditRecord {
  if (ephemeral.length !== 2 || !inCurve([ephemeral[0]!, ephemeral[1]!] as Point<bigint>)) {
    throw new InvalidInputError("auditEphemeral is not a BabyJubJub point");
  }
  if (cipher.length !== AUDIT_CIPHER_LENGTH) {
    throw new InvalidInputError(`auditCipher must have ${AUDIT_CIPHER_LENGTH} elements, got ${cipher.length}`);
  }
  const k = mulPointEscalar([ephemeral[0]!, ephemeral[1]!] as Point<bigint>, secret);
  const pads = auditPads([k[0], k[1]], cipher.length);
  const m = cipher.map((c, i) => (((c - pads[i]!) % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS);
  return Object.fromEntries(AUDIT_FIELDS.map((f, i) => [f, m[i]!])) as unknown as AuditRecord;
}

/** Names for registry metadata hashes (decimal strings as keys), e.g. kept by the registering party. */
export interface RegistryNames {
  models?: Readonly<Record<string, string>>;
  datasets?: Readonly<Record<string, string>>;
}

/** An audit record with the names the registry metadata gives its hashes (undefined when unknown). */
export interface NamedAuditRecord extends AuditRecord {
  modelName: string | undefined;
  datasetName: string | undefined;
  /** Whether the modelHash is among the registered ones, when those are given (ModelDescribed events). */
  modelRegistered: boolean | undefined;
}

/**
 * Name a decrypted audit record's model and dataset from registry metadata: the names recorded for each hash,
 * and (if given) whether the model hash is one the registry described. A wrong regulator key gives hashes that
 * match nothing, so unnamed fields are a warning sign.
 *
 * @example nameAuditRecord(record, { models: { "123": "aurora" } }, [123n]).modelName // "aurora"
 */
export function nameAuditRecord(
  record: AuditRecord,
  names: RegistryNames = {},
  registeredModelHashes?: readonly bigint[],
): NamedAuditRecord {
  return {
    ...record,
    modelName: names.models?.[record.modelHash.toString()],
    datasetName: names.datasets?.[record.datasetHash.toString()],
    modelRegistered: registeredModelHashes ? registeredModelHashes.includes(record.modelHash) : undefined,
  };
}

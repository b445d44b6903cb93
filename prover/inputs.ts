// toCircuitInput per circuit: named, typed data in; the circuit's input signal names out. The only place
// that spells the circuits' private input names.
import { circuitInstance } from "../core/circuits.ts";
import { requireField } from "../core/field.ts";
import { InvalidInputError } from "../core/errors.ts";
import { claimNullifier, identityCommitment, payeeTag, type LicenseEntry, type ModelEntry } from "../core/hashes.ts";
import type { MerkleWitness, QuinaryWitness } from "./merkle.ts";
import type { Signature } from "./keys.ts";

/** Circuit input as snarkjs takes it: decimal strings by signal name (arrays of them for array signals). */
export type CircuitInput = Record<string, string | string[] | string[][]>;

const s = (v: bigint, name: string): string => requireField(v, name).toString();
const arr = (v: readonly bigint[], name: string): string[] => v.map((x, i) => s(x, `${name}[${i}]`));

function path(w: MerkleWitness, maxDepth: number, name: string): { index: string; depth: string; siblings: string[] } {
  if (w.siblings.length !== maxDepth) {
    throw new InvalidInputError(`${name} has ${w.siblings.length} siblings; the circuit takes exactly ${maxDepth}`);
  }
  return { index: s(w.index, `${name}.index`), depth: String(w.depth), siblings: arr(w.siblings, `${name}.siblings`) };
}

function quinaryPath(
  w: QuinaryWitness,
  depth: number,
  arity: number,
  name: string,
): { pathIndices: string[]; siblings: string[][] } {
  if (w.pathIndices.length !== depth || w.siblings.length !== depth) {
    throw new InvalidInputError(`${name} has ${w.siblings.length} levels; the circuit takes exactly ${depth}`);
  }
  const siblings = w.siblings.map((level, i) => {
    if (level.length !== arity - 1) {
      throw new InvalidInputError(`${name}.siblings[${i}] has ${level.length} nodes; the circuit takes ${arity - 1}`);
    }
    return arr(level, `${name}.siblings[${i}]`);
  });
  return { pathIndices: w.pathIndices.map((d) => String(d)), siblings };
}

/** Everything the provenance circuit needs, by name. */
export interface ProvenanceWitnessData {
  assetHash: bigint;
  requiredRights: bigint;
  now: bigint;
  /** The mint gate's setting (its `maxAttestationAge()`): how old an attestation may be at `now`. */
  maxAttestationAge: bigint;
  context: bigint;
  regulatorKey: [bigint, bigint];
  model: ModelEntry & { path: MerkleWitness };
  license: LicenseEntry & { path: QuinaryWitness };
  signature: Signature;
  creatorSecret: bigint;
  generatedAt: bigint;
  creatorBlinding: bigint;
  auditRandomness: bigint;
}

/**
 * Map named provenance data onto the circuit's input signals.
 *
 * @throws {InvalidInputError} naming any value that is not a field element or a path of the wrong depth.
 * @example const input = provenanceCircuitInput(data); await generateProof("provenance", input)
 */
export function provenanceCircuitInput(d: ProvenanceWitnessData): CircuitInput {
  const p = circuitInstance("provenance").params;
  const m = path(d.model.path, p.MODEL_DEPTH!, "model.path");
  const l = quinaryPath(d.license.path, p.LICENSE_DEPTH!, p.LICENSE_ARITY!, "license.path");
  return {
    assetHash: s(d.assetHash, "assetHash"),
    modelRoot: s(d.model.path.root, "model.path.root"),
    licenseRoot: s(d.license.path.root, "license.path.root"),
    requiredRights: s(d.requiredRights, "requiredRights"),
    now: s(d.now, "now"),
    maxAttestationAge: s(d.maxAttestationAge, "maxAttestationAge"),
    context: s(d.context, "context"),
    regulatorKey: arr(d.regulatorKey, "regulatorKey"),
    modelKey: arr(d.model.publicKey, "model.publicKey"),
    modelHash: s(d.model.modelHash, "model.modelHash"),
    modelRights: s(d.model.rights, "model.rights"),
    modelValidFrom: s(d.model.validFrom, "model.validFrom"),
    modelValidUntil: s(d.model.validUntil, "model.validUntil"),
    modelIndex: m.index,
    modelDepth: m.depth,
    modelSiblings: m.siblings,
    datasetHash: s(d.license.datasetHash, "license.datasetHash"),
    licenseRights: s(d.license.rights, "license.rights"),
    licenseStart: s(d.license.start, "license.start"),
    expiry: s(d.license.expiry, "license.expiry"),
    royaltyBps: s(d.license.royaltyBps, "license.royaltyBps"),
    licensorCommit: s(d.license.licensorCommit, "license.licensorCommit"),
    licenseSalt: s(d.license.salt, "license.salt"),
    licensePathIndices: l.pathIndices,
    licenseSiblings: l.siblings,
    signatureR8: arr(d.signature.R8, "signature.R8"),
    signatureS: s(d.signature.S, "signature.S"),
    creatorSecret: s(d.creatorSecret, "creatorSecret"),
    generatedAt: s(d.generatedAt, "generatedAt"),
    creatorBlinding: s(d.creatorBlinding, "creatorBlinding"),
    auditRandomness: s(d.auditRandomness, "auditRandomness"),
  };
}

/** Everything the royalty-claim circuit needs, by name. */
export interface RoyaltyClaimWitnessData {
  tag: bigint;
  assetHash: bigint;
  nullifier: bigint;
  context: bigint;
  secret: bigint;
  blinding: bigint;
}

/**
 * The royalty-claim data of the holder of (secret, blinding) for an asset: the tag it claims against,
 * Poseidon(TAG_PAYEE, commit(secret), blinding, assetHash), and its nullifier, Poseidon(TAG_NULL, secret, assetHash).
 *
 * @throws {InvalidInputError} naming any value that is not a field element.
 * @example royaltyClaimCircuitInput(royaltyClaimData({ secret: sC, blinding: bC, assetHash, context }))
 */
export function royaltyClaimData(p: {
  secret: bigint;
  blinding: bigint;
  assetHash: bigint;
  context: bigint;
}): RoyaltyClaimWitnessData {
  return {
    tag: payeeTag(identityCommitment(p.secret), p.blinding, p.assetHash),
    assetHash: p.assetHash,
    nullifier: claimNullifier(p.secret, p.assetHash),
    context: p.context,
    secret: p.secret,
    blinding: p.blinding,
  };
}

/** Map named royalty-claim data onto the circuit's input signals. */
export function royaltyClaimCircuitInput(d: RoyaltyClaimWitnessData): CircuitInput {
  return {
    tag: s(d.tag, "tag"),
    assetHash: s(d.assetHash, "assetHash"),
    nullifier: s(d.nullifier, "nullifier"),
    context: s(d.context, "context"),
    secret: s(d.secret, "secret"),
    blinding: s(d.blinding, "blinding"),
  };
}

/** Everything the licensee circuit needs, by name. */
export interface LicenseeWitnessData {
  tokenId: bigint;
  usageRights: bigint;
  context: bigint;
  nullifier: bigint;
  secret: bigint;
  path: MerkleWitness;
}

/** Map named licensee data onto the circuit's input signals. */
export function licenseeCircuitInput(d: LicenseeWitnessData): CircuitInput {
  const p = path(d.path, circuitInstance("licensee").params.DEPTH!, "path");
  return {
    licenseeRoot: s(d.path.root, "path.root"),
    tokenId: s(d.tokenId, "tokenId"),
    usageRights: s(d.usageRights, "usageRights"),
    context: s(d.context, "context"),
    nullifier: s(d.nullifier, "nullifier"),
    secret: s(d.secret, "secret"),
    index: p.index,
    depth: p.depth,
    siblings: p.siblings,
  };
}

// A provenance world for the gate tests, built with the project's own prover (real Groth16 proofs):
// a model, a license for it, a creator with an attested asset, a licensee and a regulator, plus the
// client-side copies of the registry trees. The fixture puts the same leaves on chain in the same order.
import { circuitInstance } from "../../../verifier/src/circuits.ts";
import { RIGHTS } from "../../../verifier/src/domain.ts";
import {
  identityCommitment,
  licenseeLeaf,
  licenseeNullifier,
  licenseLeaf,
  modelLeaf,
  type LicenseEntry,
} from "../../../verifier/src/hashes.ts";
import { toSolidityProof, type SolidityProof } from "../../../verifier/src/proof.ts";
import { signAttestation, type Attestation } from "../../../prover/src/attestation.ts";
import {
  licenseeCircuitInput,
  provenanceCircuitInput,
  royaltyClaimCircuitInput,
  royaltyClaimData,
} from "../../../prover/src/inputs.ts";
import {
  generateModelKey,
  generateRegulatorKey,
  randomFieldElement,
  randomScalar,
  type ModelKeyPair,
  type RegulatorKeyPair,
} from "../../../prover/src/keys.ts";
import { merkleWitness, newRegistryTree } from "../../../prover/src/merkle.ts";
import { generateProof } from "../../../prover/src/prove.ts";
import type { LeanIMT } from "@zk-kit/lean-imt";

/** Model rights PUBLISH | COMMERCIAL | DERIVATIVES. */
export const MODEL_RIGHTS = BigInt(RIGHTS.PUBLISH | RIGHTS.COMMERCIAL | RIGHTS.DERIVATIVES);
/** License rights PUBLISH | COMMERCIAL | AI_TRAINING. */
export const LICENSE_RIGHTS = BigInt(RIGHTS.PUBLISH | RIGHTS.COMMERCIAL | RIGHTS.AI_TRAINING);
/** What a token minted in this world is granted: MODEL_RIGHTS & LICENSE_RIGHTS = PUBLISH | COMMERCIAL. */
export const GRANTED_RIGHTS = MODEL_RIGHTS & LICENSE_RIGHTS;
/** The licensor's royalty share. */
export const ROYALTY_BPS = 2_500n;

/** A proof as the contracts take it, with its public signals in snarkjs order. */
export interface ContractProof {
  proof: SolidityProof;
  pub: bigint[];
}

export interface World {
  regulator: RegulatorKeyPair;
  model: ModelKeyPair & { modelHash: bigint; rights: bigint };
  license: LicenseEntry;
  licensorSecret: bigint;
  creatorSecret: bigint;
  creatorBlinding: bigint;
  licenseeSecret: bigint;
  assetHash: bigint;
  generatedAt: bigint;
  attestation: Attestation;
  /** Registry contents in insertion order (padding first). */
  paddingModels: { publicKey: [bigint, bigint]; modelHash: bigint; rights: bigint }[];
  paddingLicenses: bigint[];
  paddingLicensees: bigint[];
  modelTree: LeanIMT<bigint>;
  licenseTree: LeanIMT<bigint>;
  licenseeTree: LeanIMT<bigint>;
}

/** A fresh world whose license expires at `expiry` and whose asset was generated at `generatedAt`. */
export function makeWorld(generatedAt: bigint, expiry: bigint): World {
  const model = { ...generateModelKey(), modelHash: randomFieldElement(), rights: MODEL_RIGHTS };
  const licensorSecret = randomFieldElement();
  const license: LicenseEntry = {
    datasetHash: randomFieldElement(),
    modelHash: model.modelHash,
    rights: LICENSE_RIGHTS,
    expiry,
    royaltyBps: ROYALTY_BPS,
    licensorCommit: identityCommitment(licensorSecret),
    salt: randomFieldElement(),
  };
  const creatorSecret = randomFieldElement();
  const assetHash = randomFieldElement() >> 3n;
  const paddingModels = [0, 1].map(() => ({
    publicKey: generateModelKey().publicKey,
    modelHash: randomFieldElement(),
    rights: MODEL_RIGHTS,
  }));
  const paddingLicenses = [randomFieldElement(), randomFieldElement()];
  const paddingLicensees = [randomFieldElement(), randomFieldElement(), randomFieldElement()];
  const licenseeSecret = randomFieldElement();

  const modelTree = newRegistryTree([...paddingModels, model].map((m) => modelLeaf(m)));
  const licenseTree = newRegistryTree([...paddingLicenses, licenseLeaf(license)]);
  const licenseeTree = newRegistryTree(
    [...paddingLicensees, identityCommitment(licenseeSecret)].map((c) => licenseeLeaf(c)),
  );
  const attestation = signAttestation(model.privateKey, {
    assetHash,
    modelHash: model.modelHash,
    licenseLeaf: licenseLeaf(license),
    creatorCommit: identityCommitment(creatorSecret),
    generatedAt,
  });
  return {
    regulator: generateRegulatorKey(),
    model,
    license,
    licensorSecret,
    creatorSecret,
    creatorBlinding: randomFieldElement(),
    licenseeSecret,
    assetHash,
    generatedAt,
    attestation,
    paddingModels,
    paddingLicenses,
    paddingLicensees,
    modelTree,
    licenseTree,
    licenseeTree,
  };
}

/**
 * The same world with another asset, attested by the same model for the same creator and license (a
 * creator minting several assets, as a batch mint does).
 */
export function withAsset(w: World, assetHash: bigint): World {
  const attestation = signAttestation(w.model.privateKey, {
    assetHash,
    modelHash: w.model.modelHash,
    licenseLeaf: licenseLeaf(w.license),
    creatorCommit: identityCommitment(w.creatorSecret),
    generatedAt: w.generatedAt,
  });
  return { ...w, assetHash, attestation };
}

function toContractProof(result: { proof: Parameters<typeof toSolidityProof>[0]; publicSignals: string[] }) {
  return { proof: toSolidityProof(result.proof), pub: result.publicSignals.map((s) => BigInt(s)) };
}

/** A provenance proof for this world's asset at time `now`, bound to `context`. */
export async function proveProvenance(
  w: World,
  o: { now: bigint; context: bigint; requiredRights?: bigint },
): Promise<ContractProof> {
  const p = circuitInstance("provenance").params;
  const modelIndex = w.modelTree.indexOf(modelLeaf(w.model));
  const licenseIndex = w.licenseTree.indexOf(licenseLeaf(w.license));
  const input = provenanceCircuitInput({
    assetHash: w.assetHash,
    requiredRights: o.requiredRights ?? BigInt(RIGHTS.PUBLISH),
    now: o.now,
    context: o.context,
    regulatorKey: w.regulator.publicKey,
    model: {
      publicKey: w.model.publicKey,
      modelHash: w.model.modelHash,
      rights: w.model.rights,
      path: merkleWitness(w.modelTree, modelIndex, p.MODEL_DEPTH!),
    },
    license: { ...w.license, path: merkleWitness(w.licenseTree, licenseIndex, p.LICENSE_DEPTH!) },
    signature: w.attestation.signature,
    creatorSecret: w.creatorSecret,
    generatedAt: w.generatedAt,
    creatorBlinding: w.creatorBlinding,
    auditRandomness: randomScalar(),
  });
  return toContractProof(await generateProof("provenance", input));
}

/** A licensee proof for `usageRights` of `tokenId`, bound to `context`. */
export async function proveLicensee(
  w: World,
  o: { tokenId: bigint; usageRights: bigint; context: bigint },
): Promise<ContractProof> {
  const index = w.licenseeTree.indexOf(licenseeLeaf(identityCommitment(w.licenseeSecret)));
  const input = licenseeCircuitInput({
    tokenId: o.tokenId,
    usageRights: o.usageRights,
    context: o.context,
    nullifier: licenseeNullifier(w.licenseeSecret, o.tokenId, o.usageRights),
    secret: w.licenseeSecret,
    path: merkleWitness(w.licenseeTree, index, circuitInstance("licensee").params.DEPTH!),
  });
  return toContractProof(await generateProof("licensee", input));
}

/** The secret and blinding behind a payee's tag in this world. */
export function payeeSecrets(w: World, payee: 0 | 1): { secret: bigint; blinding: bigint } {
  return payee === 0
    ? { secret: w.creatorSecret, blinding: w.creatorBlinding }
    : { secret: w.licensorSecret, blinding: w.license.salt };
}

/** A royalty-claim proof for `payee` (0 creator, 1 licensor) of this world's asset, bound to `context`. */
export async function proveClaim(
  w: World,
  o: { payee: 0 | 1; context: bigint },
): Promise<ContractProof & { nullifier: bigint }> {
  const { secret, blinding } = payeeSecrets(w, o.payee);
  const data = royaltyClaimData({ secret, blinding, assetHash: w.assetHash, context: o.context });
  const input = royaltyClaimCircuitInput(data);
  return { ...toContractProof(await generateProof("royaltyClaim", input)), nullifier: data.nullifier };
}

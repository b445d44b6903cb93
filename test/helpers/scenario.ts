// A consistent provenance world for tests: registries with a few entries, a model key that signs an
// attestation for a creator, a license for that model, and a regulator key. Tests change one thing.
import { circuitInstance } from "../../verifier/src/circuits.ts";
import { RIGHTS } from "../../verifier/src/domain.ts";
import { identityCommitment, licenseLeaf, modelLeaf, type LicenseEntry } from "../../verifier/src/hashes.ts";
import { signAttestation, type Attestation } from "../../prover/src/attestation.ts";
import {
  generateModelKey,
  generateRegulatorKey,
  randomFieldElement,
  randomScalar,
  type ModelKeyPair,
  type RegulatorKeyPair,
} from "../../prover/src/keys.ts";
import { merkleWitness, newRegistryTree } from "../../prover/src/merkle.ts";
import type { ProvenanceWitnessData } from "../../prover/src/inputs.ts";
import type { LeanIMT } from "@zk-kit/lean-imt";

export const ALL_RIGHTS = BigInt(RIGHTS.PUBLISH | RIGHTS.COMMERCIAL | RIGHTS.DERIVATIVES);
export const NOW = 1_790_000_000n;

export interface Scenario {
  model: ModelKeyPair & { modelHash: bigint; rights: bigint };
  otherModel: ModelKeyPair & { modelHash: bigint; rights: bigint };
  license: LicenseEntry;
  licensorSecret: bigint;
  creatorSecret: bigint;
  creatorBlinding: bigint;
  regulator: RegulatorKeyPair;
  modelTree: LeanIMT<bigint>;
  licenseTree: LeanIMT<bigint>;
  attestation: Attestation;
  data: ProvenanceWitnessData;
}

export interface ScenarioOptions {
  assetHash?: bigint;
  modelRights?: bigint;
  licenseRights?: bigint;
  expiry?: bigint;
  generatedAt?: bigint;
  royaltyBps?: bigint;
  /** Extra leaves before ours, to exercise non-trivial paths. */
  padding?: number;
  context?: bigint;
}

export function makeScenario(o: ScenarioOptions = {}): Scenario {
  const mk = (rights: bigint) => ({ ...generateModelKey(), modelHash: randomFieldElement(), rights });
  const model = mk(o.modelRights ?? ALL_RIGHTS);
  const otherModel = mk(ALL_RIGHTS);
  const licensorSecret = randomFieldElement();
  const license: LicenseEntry = {
    datasetHash: randomFieldElement(),
    modelHash: model.modelHash,
    rights: o.licenseRights ?? ALL_RIGHTS,
    expiry: o.expiry ?? NOW + 86_400n,
    royaltyBps: o.royaltyBps ?? 1_500n,
    licensorCommit: identityCommitment(licensorSecret),
    salt: randomFieldElement(),
  };
  const padding = o.padding ?? 3;
  const modelTree = newRegistryTree(Array.from({ length: padding }, () => randomFieldElement()));
  modelTree.insert(
    modelLeaf({ publicKey: otherModel.publicKey, modelHash: otherModel.modelHash, rights: otherModel.rights }),
  );
  modelTree.insert(modelLeaf({ publicKey: model.publicKey, modelHash: model.modelHash, rights: model.rights }));
  modelTree.insert(randomFieldElement());
  const licenseTree = newRegistryTree(Array.from({ length: padding + 2 }, () => randomFieldElement()));
  licenseTree.insert(licenseLeaf(license));
  const creatorSecret = randomFieldElement();
  const creatorBlinding = randomFieldElement();
  const assetHash = o.assetHash ?? randomFieldElement() >> 3n;
  const generatedAt = o.generatedAt ?? NOW - 60n;
  const attestation = signAttestation(model.privateKey, {
    assetHash,
    modelHash: model.modelHash,
    licenseLeaf: licenseLeaf(license),
    creatorCommit: identityCommitment(creatorSecret),
    generatedAt,
  });
  const regulator = generateRegulatorKey();
  const p = circuitInstance("provenance").params;
  const data: ProvenanceWitnessData = {
    assetHash,
    requiredRights: BigInt(RIGHTS.PUBLISH),
    now: NOW,
    context: o.context ?? randomFieldElement() >> 8n,
    regulatorKey: regulator.publicKey,
    model: {
      publicKey: model.publicKey,
      modelHash: model.modelHash,
      rights: model.rights,
      path: merkleWitness(modelTree, modelTree.size - 2, p.MODEL_DEPTH!),
    },
    license: { ...license, path: merkleWitness(licenseTree, licenseTree.size - 1, p.LICENSE_DEPTH!) },
    signature: attestation.signature,
    creatorSecret,
    generatedAt,
    creatorBlinding,
    auditRandomness: randomScalar(),
  };
  return {
    model,
    otherModel,
    license,
    licensorSecret,
    creatorSecret,
    creatorBlinding,
    regulator,
    modelTree,
    licenseTree,
    attestation,
    data,
  };
}

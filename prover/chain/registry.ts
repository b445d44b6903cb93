// Registry actions: the regulator grants roles; a curator registers models, a licensor dataset licenses, a
// KYC provider licensees; each can compromise (remove) its entries; anyone rebuilds snapshots from the registry's events.
import { Contract, EventLog } from "ethers";
import { InvalidInputError } from "../../core/errors.ts";
import {
  identityCommitment,
  licenseBody,
  licenseeLeaf,
  modelLeaf,
  type LicenseEntry,
  type ModelEntry,
} from "../../core/hashes.ts";
import { readKeyFile, snapshotJson } from "../files.ts";
import { randomFieldElement } from "../keys.ts";
import { RIGHTS_MASK_BOUND } from "../../core/domain.ts";
import { Tree, type RegistryTree } from "../../core/registry.ts";
import { mirrorRegistryTree } from "../registry-mirror.ts";
import { asLeanTree, QuinaryTree, registryRootOf } from "../../core/registry-trees.ts";
import type { ChainOptions } from "./connect.ts";
import { saveProject, snapshotPath, type Project } from "./project.ts";
import { mined, minedWithEvents, withDeployment, type Mined } from "./session.ts";
import { REGISTRY_ROLES, type RegistryRole } from "./roles.ts";
import { requireWritable, writeFilesAtomic } from "../../artifacts/files.ts";

export { REGISTRY_ROLES, type RegistryRole } from "./roles.ts";

const TREE_IDS: Record<RegistryTree, (typeof Tree)[keyof typeof Tree]> = {
  model: Tree.Model,
  license: Tree.License,
  licensee: Tree.Licensee,
};

/**
 * The regulator grants `role` to `to`.
 *
 * @throws {ContractRevertError} `AccessControlUnauthorizedAccount` if the signer is not the regulator.
 * @example await grantRole(project, { account: 0 }, "curator", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
 */
export async function grantRole(p: Project, o: ChainOptions, role: RegistryRole, to: string): Promise<Mined> {
  return withDeployment(p, o, `grant ${role}`, async ({ contracts }) => {
    const id = (await contracts.registry.getFunction(REGISTRY_ROLES[role])()) as string;
    return mined(await contracts.registry.getFunction("grantRole")(id, to));
  });
}

/** The model entry a `ModelDescribed` event tells. */
function describedModel(l: EventLog): { leaf: bigint; entry: ModelEntry } {
  return {
    leaf: l.args.leaf as bigint,
    entry: {
      publicKey: [l.args.ax as bigint, l.args.ay as bigint],
      modelHash: l.args.modelHash as bigint,
      rights: BigInt(l.args.modelRights as bigint),
      validFrom: BigInt(l.args.validFrom as bigint),
      validUntil: BigInt(l.args.validUntil as bigint),
    },
  };
}

/**
 * A curator registers a model: its public key (from the model key file), hash and rights; the registry sets its
 * validity interval (from this block, open). The name is kept in project.json to name audit records.
 *
 * @throws {ContractRevertError} e.g. `RegistryLeafExists`, `RegistryModelHashLive`, `AccessControlUnauthorizedAccount`.
 * @example const { entry } = await addModel(project, { account: 1 }, { modelKeyFile, modelHash, rights: 15n, name: "aurora" })
 */
export async function addModel(
  p: Project,
  o: ChainOptions,
  m: { modelKeyFile: string; modelHash: bigint; rights: bigint; name?: string },
): Promise<Mined & { leaf: bigint; entry: ModelEntry }> {
  const key = readKeyFile(m.modelKeyFile, "model");
  if (m.rights < 0n || m.rights >= RIGHTS_MASK_BOUND) throw new InvalidInputError("--rights must be a 16-bit mask");
  const r = await withDeployment(p, o, "add model", async ({ contracts }) =>
    minedWithEvents(
      await contracts.registry.getFunction("insertModel")(key.publicKey[0], key.publicKey[1], m.modelHash, m.rights),
    ),
  );
  const described = r.events.find((e) => e.eventName === "ModelDescribed");
  if (!described) throw new InvalidInputError(`transaction ${r.mined.hash} registered no model`);
  if (m.name) {
    p.data.names.models[m.modelHash.toString()] = m.name;
    saveProject(p);
  }
  return { ...r.mined, ...describedModel(described) };
}

/**
 * A curator retires the live model entry of `modelHash` (a planned end): the registry closes its interval at this
 * block's time. Attestations dated before stay provable (against the new root); the modelHash is free again.
 *
 * @throws {InvalidInputError} if no live entry has this modelHash.
 * @throws {ContractRevertError} e.g. `RegistryModelRetired`, `AccessControlUnauthorizedAccount`.
 * @example const { entry } = await retireModel(project, { account: 1 }, modelHash)
 */
export async function retireModel(
  p: Project,
  o: ChainOptions,
  modelHash: bigint,
): Promise<Mined & { oldLeaf: bigint; leaf: bigint; entry: ModelEntry }> {
  const r = await withDeployment(p, o, "retire model", async ({ chain, contracts, deployment }) => {
    const oldLeaf = (await contracts.registry.getFunction("liveModelOf")(modelHash)) as bigint;
    if (oldLeaf === 0n) throw new InvalidInputError(`no live model entry has modelHash ${modelHash}`);
    const imt = await mirrorRegistryTree(deployment.contracts.registry, chain.provider, Tree.Model, {
      fromBlock: deployment.block,
    });
    const index = imt.indexOf(oldLeaf);
    if (index < 0) throw new InvalidInputError(`leaf ${oldLeaf} is not in the model registry`);
    const { siblings } = imt.generateProof(index);
    return {
      oldLeaf,
      ...(await minedWithEvents(await contracts.registry.getFunction("retireModel")(oldLeaf, siblings))),
    };
  });
  const described = r.events.find((e) => e.eventName === "ModelDescribed");
  if (!described) throw new InvalidInputError(`transaction ${r.mined.hash} retired no model`);
  return { ...r.mined, oldLeaf: r.oldLeaf, ...describedModel(described) };
}

/**
 * A licensor registers a dataset license for a model: a fresh salt, its commitment from the licensor key file;
 * the registry computes the leaf from the license body and the interval, with `start` 0 meaning the block's time
 * (a start before it is refused). Returns the license entry with the start the registry used (the caller writes
 * it, 0600: the salt is the licensor's claim blinding).
 *
 * @throws {ContractRevertError} e.g. `RegistryLicenseStartInPast`, `AccessControlUnauthorizedAccount`.
 * @example const { license } = await addLicense(project, { account: 2 }, { licensorKeyFile, datasetHash, modelHash, rights: 7n, start: 0n, expiry, royaltyBps: 1500n })
 */
export async function addLicense(
  p: Project,
  o: ChainOptions,
  l: {
    licensorKeyFile: string;
    datasetHash: bigint;
    modelHash: bigint;
    rights: bigint;
    /** Unix seconds, not before the registration block; 0 (the default): the registration block's time. */
    start?: bigint;
    expiry: bigint;
    royaltyBps: bigint;
    name?: string;
  },
): Promise<Mined & { leaf: bigint; license: LicenseEntry }> {
  const licensor = readKeyFile(l.licensorKeyFile, "licensor");
  if (l.royaltyBps < 0n || l.royaltyBps > 10_000n) throw new InvalidInputError("--royalty-bps must be 0 to 10000");
  if (l.rights < 0n || l.rights >= RIGHTS_MASK_BOUND) throw new InvalidInputError("--rights must be a 16-bit mask");
  const start = l.start ?? 0n;
  if (start < 0n || start >= 1n << 64n) throw new InvalidInputError("--start must be unix seconds below 2^64");
  if (l.expiry < 0n || l.expiry >= 1n << 64n) throw new InvalidInputError("--expiry must be unix seconds below 2^64");
  const body = {
    datasetHash: l.datasetHash,
    modelHash: l.modelHash,
    rights: l.rights,
    royaltyBps: l.royaltyBps,
    licensorCommit: licensor.commitment,
    salt: randomFieldElement(),
  };
  const r = await withDeployment(p, o, "add license", async ({ contracts }) =>
    minedWithEvents(await contracts.registry.getFunction("insertLicense")(licenseBody(body), start, l.expiry)),
  );
  const described = r.events.find((e) => e.eventName === "LicenseDescribed");
  if (!described) throw new InvalidInputError(`transaction ${r.mined.hash} registered no license`);
  const license: LicenseEntry = { ...body, start: BigInt(described.args.start as bigint), expiry: l.expiry };
  if (l.name) {
    p.data.names.datasets[l.datasetHash.toString()] = l.name;
    saveProject(p);
  }
  return { ...r.mined, leaf: described.args.leaf as bigint, license };
}

/**
 * A KYC provider enrolls a licensee by its identity commitment.
 *
 * @example await addLicensee(project, { account: 3 }, identityCommitment(secret))
 */
export async function addLicensee(p: Project, o: ChainOptions, commitment: bigint): Promise<Mined & { leaf: bigint }> {
  const tx = await withDeployment(p, o, "add licensee", async ({ contracts }) =>
    mined(await contracts.registry.getFunction("insertLicensee")(commitment)),
  );
  return { ...tx, leaf: licenseeLeaf(commitment) };
}

/** The identity commitment of a licensee key file (what the licensee hands the KYC provider). */
export function licenseeCommitment(file: string): bigint {
  const key = readKeyFile(file, "licensee");
  return identityCommitment(key.secret);
}

/**
 * Compromise a leaf of `tree` (key leaked, model withdrawn, KYC withdrawn): the registry removes it and stops
 * accepting every earlier root of the tree at once. Its Merkle siblings come from the tree rebuilt from the
 * registry's events.
 *
 * @throws {InvalidInputError} if the leaf is not in the tree.
 * @example await compromiseLeaf(project, { account: 2 }, "license", leaf)
 */
export async function compromiseLeaf(p: Project, o: ChainOptions, tree: RegistryTree, leaf: bigint): Promise<Mined> {
  return withDeployment(p, o, `compromise ${tree}`, async ({ chain, contracts, deployment }) => {
    const imt = await mirrorRegistryTree(deployment.contracts.registry, chain.provider, TREE_IDS[tree], {
      fromBlock: deployment.block,
    });
    const index = imt.indexOf(leaf);
    if (index < 0) throw new InvalidInputError(`leaf ${leaf} is not in the ${tree} registry`);
    if (imt instanceof QuinaryTree) {
      // The license tree is quinary: its own entry point, with the path digits of the leaf's index.
      const { siblings, pathIndices } = imt.createProof(index);
      return mined(await contracts.registry.getFunction("compromiseLicense")(leaf, siblings, pathIndices));
    }
    const { siblings } = asLeanTree(imt, `the ${tree} tree`).generateProof(index);
    return mined(await contracts.registry.getFunction("compromise")(TREE_IDS[tree], leaf, siblings));
  });
}

/** A written registry snapshot. */
export interface SnapshotResult {
  tree: RegistryTree;
  file: string;
  root: bigint;
  size: number;
}

/**
 * Rebuild the three registry trees from the registry's events (mirrorRegistryTree, checked against every
 * event's root and the current one) and write the project's snapshot files the prover reads.
 *
 * @throws {RegistryMirrorError} if the events do not rebuild the registry's roots.
 * @example const snapshots = await snapshotRegistry(project, {})
 */
export async function snapshotRegistry(p: Project, o: ChainOptions): Promise<SnapshotResult[]> {
  requireWritable(
    (["model", "license", "licensee"] as const).map((tree) => snapshotPath(p, tree)),
    true,
  );
  return withDeployment(p, o, "snapshot", async ({ chain, contracts, deployment }) => {
    const out: SnapshotResult[] = [];
    const files: [string, string][] = [];
    for (const tree of ["model", "license", "licensee"] as const) {
      const imt = await mirrorRegistryTree(deployment.contracts.registry, chain.provider, TREE_IDS[tree], {
        fromBlock: deployment.block,
      });
      const file = snapshotPath(p, tree);
      // The names the regulator gave its models and datasets travel with the snapshots, so that a verifier
      // (the CLI's audit decrypt or the browser page) can name a decrypted audit record.
      const names = tree === "model" ? p.data.names.models : tree === "license" ? p.data.names.datasets : undefined;
      // The model snapshot describes its entries (with the intervals the registry set): a prover needs them.
      const models =
        tree === "model"
          ? (await describedModels(contracts.registry, deployment.block)).filter((m) => imt.indexOf(modelLeaf(m)) >= 0)
          : undefined;
      files.push([file, snapshotJson(tree, imt, names, models)]);
      out.push({ tree, file, root: registryRootOf(imt), size: imt.size });
    }
    writeFilesAtomic(files, { force: true });
    return out;
  });
}

/** Every model entry the registry described (`ModelDescribed`), in chain order, replaced ones included. */
async function describedModels(registry: Contract, fromBlock: number): Promise<ModelEntry[]> {
  const logs = await registry.queryFilter(registry.filters.ModelDescribed!(), fromBlock);
  return logs.filter((l): l is EventLog => l instanceof EventLog).map((l) => describedModel(l).entry);
}

/** A registered model as its `ModelDescribed` event tells it. */
export interface RegisteredModel {
  leaf: bigint;
  modelHash: bigint;
  rights: bigint;
  validFrom: bigint;
  validUntil: bigint;
}

/**
 * The models registered on the deployment, from its `ModelDescribed` events (the registry's metadata).
 *
 * @example (await registeredModels(project, {})).map((m) => m.modelHash)
 */
export async function registeredModels(p: Project, o: ChainOptions): Promise<RegisteredModel[]> {
  return withDeployment(p, o, "read models", async ({ contracts, deployment }) => {
    const logs = await contracts.registry.queryFilter(contracts.registry.filters.ModelDescribed!(), deployment.block);
    return logs
      .filter((l): l is EventLog => l instanceof EventLog)
      .map((l) => {
        const { leaf, entry } = describedModel(l);
        return {
          leaf,
          modelHash: entry.modelHash,
          rights: entry.rights,
          validFrom: entry.validFrom,
          validUntil: entry.validUntil,
        };
      });
  });
}

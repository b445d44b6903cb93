// The registry snapshot: one registry tree (model, license or licensee) as a file, its root and its leaves in
// order, and optionally names for the hashes it describes (the registry's metadata: "modelHash 0x12… is
// aurora-diffusion-mini"). `zkprov registry snapshot` writes it; the prover, the CLI's verify and the
// verification page (in a browser) read it. parse rebuilds the tree: its leaves must give the recorded root.
// A model tree's snapshot also describes its entries (`models`, the registry's ModelDescribed events): a
// prover finds there the interval (validFrom, validUntil) the registry set for its model, which it needs to
// rebuild the leaf; parse checks each described entry's leaf is in the tree.
import { LeanIMT } from "@zk-kit/lean-imt";
import { z } from "zod";
import { registryTreeDepth } from "../circuits.ts";
import { InvalidInputError } from "../errors.ts";
import { FIELD_TEXT, fieldStringSchema } from "../field.ts";
import { hashNode, modelLeaf, type ModelEntry } from "../hashes.ts";
import { REGISTRY_TREES, type RegistryTree } from "../registry.ts";
import { dec, jsonText, parseWithSchema, type DocumentFormat } from "./format.ts";

/** The snapshot format's name and version. */
export const SNAPSHOT_FORMAT = "zkprov-registry-snapshot";
export const SNAPSHOT_VERSION = 1;

/** A model entry as a snapshot describes it (the registry's ModelDescribed event), decimal strings. */
export const snapshotModelSchema = z.object({
  publicKey: z.tuple([fieldStringSchema, fieldStringSchema]),
  modelHash: fieldStringSchema,
  rights: fieldStringSchema,
  validFrom: fieldStringSchema,
  validUntil: fieldStringSchema,
});

/**
 * The registry snapshot file schema. `names` maps a hash (decimal or 0x-hex) to a human-readable name. `models`
 * (model tree only) describes the entries whose leaves are in the tree.
 */
export const snapshotFileSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  tree: z.enum(REGISTRY_TREES),
  root: fieldStringSchema,
  leaves: z.array(fieldStringSchema),
  names: z.record(z.string().regex(FIELD_TEXT, "a decimal or 0x-hex integer"), z.string().min(1).max(200)).optional(),
  models: z.array(snapshotModelSchema).optional(),
});

/** A checked snapshot: its tree, root, leaves, the rebuilt tree, and the names of the hashes it describes. */
export interface RegistrySnapshot {
  tree: RegistryTree;
  root: bigint;
  leaves: bigint[];
  /** The tree rebuilt from the leaves (a LeanIMT with Poseidon(2) nodes, as the contracts build it). */
  imt: LeanIMT<bigint>;
  names: Map<bigint, string>;
  /** The model entries the snapshot describes (each one's leaf is in `leaves`). */
  models: ModelEntry[];
}

/** What serialize writes: a registry tree (its root and leaves) and optional names. */
export interface SnapshotInput {
  tree: RegistryTree;
  imt: LeanIMT<bigint>;
  /** Names by hash (a decimal or 0x-hex string key, or a bigint in a Map). */
  names?: Record<string, string> | Map<bigint, string>;
  /** The model entries to describe (model tree only; each one's leaf should be in the tree). */
  models?: readonly ModelEntry[];
}

const rootOf = (imt: LeanIMT<bigint>): bigint => (imt.size > 0 ? imt.root : 0n);

/**
 * The described model entries of a parsed snapshot; each one's leaf must be in the tree.
 *
 * @throws {InvalidInputError} naming the entry whose leaf is not among the leaves.
 * @example snapshotModels(parsed, "models.json")
 */
export function snapshotModels(s: z.infer<typeof snapshotFileSchema>, where: string): ModelEntry[] {
  const leaves = new Set(s.leaves);
  return (s.models ?? []).map((m, i) => {
    const entry: ModelEntry = { ...m, publicKey: [m.publicKey[0], m.publicKey[1]] };
    if (!leaves.has(modelLeaf(entry)))
      throw new InvalidInputError(`${where}: model entry ${i} (modelHash ${m.modelHash}) is not a leaf of the tree`);
    return entry;
  });
}

/**
 * Validate a parsed snapshot file and rebuild its tree: the leaves must give the recorded root. `where` names
 * the file in errors.
 *
 * @throws {InvalidInputError} for a malformed snapshot or one whose leaves do not give its root.
 * @example const s = parseSnapshot(JSON.parse(text), "models.json"); s.names.get(modelHash)
 */
export function parseSnapshot(value: unknown, where: string): RegistrySnapshot {
  const s = parseWithSchema(snapshotFileSchema, value, where, "registry snapshot");
  const capacity = 2 ** registryTreeDepth(s.tree);
  if (s.leaves.length > capacity) {
    throw new InvalidInputError(
      `${where}: ${s.leaves.length} leaves in the ${s.tree} tree, past the ${capacity} the circuits can prove (circuits.json)`,
    );
  }
  const imt = new LeanIMT<bigint>(hashNode, s.leaves);
  if (rootOf(imt) !== s.root)
    throw new InvalidInputError(`${where}: the leaves do not give the recorded root (corrupt snapshot)`);
  const names = new Map<bigint, string>();
  for (const [hash, name] of Object.entries(s.names ?? {})) names.set(BigInt(hash), name);
  return { tree: s.tree, root: s.root, leaves: s.leaves, imt, names, models: snapshotModels(s, where) };
}

function serializeSnapshot(s: SnapshotInput): string {
  const names =
    s.names instanceof Map ? Object.fromEntries([...s.names].map(([h, n]) => [dec(h), n])) : (s.names ?? {});
  return jsonText({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    tree: s.tree,
    root: dec(rootOf(s.imt)),
    leaves: s.imt.leaves.map(dec),
    ...(Object.keys(names).length > 0 ? { names } : {}),
    ...(s.models && s.models.length > 0
      ? {
          models: s.models.map((m) => ({
            publicKey: m.publicKey.map(dec),
            modelHash: dec(m.modelHash),
            rights: dec(m.rights),
            validFrom: dec(m.validFrom),
            validUntil: dec(m.validUntil),
          })),
        }
      : {}),
  });
}

/**
 * The registry snapshot format.
 *
 * @throws {InvalidInputError} (parse) for a malformed snapshot, or one whose leaves do not give its root.
 * @example const s = snapshotFormat.parse(JSON.parse(text), "models.json"); s.names.get(modelHash)
 */
export const snapshotFormat: DocumentFormat<RegistrySnapshot, SnapshotInput> = {
  name: SNAPSHOT_FORMAT,
  version: SNAPSHOT_VERSION,
  title: "registry snapshot",
  schema: snapshotFileSchema,
  parse: parseSnapshot,
  serialize: serializeSnapshot,
};

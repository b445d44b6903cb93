// The registry snapshot: one registry tree (model, license or licensee) as a file, its root and its leaves in
// order, and optionally names for the hashes it describes (the registry's metadata: "modelHash 0x12… is
// aurora-diffusion-mini"). `zkprov registry snapshot` writes it; the prover, the CLI's verify and the
// verification page (in a browser) read it. parse rebuilds the tree: its leaves must give the recorded root.
// A model tree's snapshot also describes its entries (`models`, the registry's ModelDescribed events): a
// prover finds there the interval (validFrom, validUntil) the registry set for its model, which it needs to
// rebuild the leaf; parse checks each described entry's leaf is in the tree.
// Version 2 records the tree's kind, arity and depth (the license tree is quinary since issue 17, circuits.json):
// a snapshot of another shape is refused, and a version 1 snapshot (binary license tree) must be exported again.
import { z } from "zod";
import { registryTreeShape } from "../circuits.ts";
import { InvalidInputError } from "../errors.ts";
import { FIELD_TEXT, fieldStringSchema } from "../field.ts";
import { modelLeaf, type ModelEntry } from "../hashes.ts";
import { registryRootOf, registryTreeOf, type RegistryTreeView } from "../registry-trees.ts";
import { REGISTRY_TREES, type RegistryTree } from "../registry.ts";
import { dec, jsonText, parseWithSchema, type DocumentFormat } from "./format.ts";

/** The snapshot format's name and version. */
export const SNAPSHOT_FORMAT = "zkprov-registry-snapshot";
export const SNAPSHOT_VERSION = 2;

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
  /** The tree's shape (circuits.json registryTreeShape): `lean` (binary LeanIMT) or `quinary` (arity 5, fixed depth). */
  kind: z.enum(["lean", "quinary"]),
  arity: z.number().int(),
  depth: z.number().int(),
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
  /** The tree rebuilt from the leaves, as the contracts build it (core/registry-trees.ts registryTreeOf). */
  imt: RegistryTreeView;
  names: Map<bigint, string>;
  /** The model entries the snapshot describes (each one's leaf is in `leaves`). */
  models: ModelEntry[];
}

/** What serialize writes: a registry tree (its root and leaves) and optional names. */
export interface SnapshotInput {
  tree: RegistryTree;
  imt: RegistryTreeView;
  /** Names by hash (a decimal or 0x-hex string key, or a bigint in a Map). */
  names?: Record<string, string> | Map<bigint, string>;
  /** The model entries to describe (model tree only; each one's leaf should be in the tree). */
  models?: readonly ModelEntry[];
}

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
  const v = value as { format?: unknown; version?: unknown } | null;
  if (typeof v === "object" && v !== null && v.format === SNAPSHOT_FORMAT && v.version === 1) {
    throw new InvalidInputError(
      `${where}: a version 1 registry snapshot (its license tree was binary; the registry's license tree is quinary since version 2): export it again (zkprov registry snapshot)`,
    );
  }
  const s = parseWithSchema(snapshotFileSchema, value, where, "registry snapshot");
  const shape = registryTreeShape(s.tree);
  if (s.kind !== shape.kind || s.arity !== shape.arity || s.depth !== shape.depth) {
    throw new InvalidInputError(
      `${where}: a ${s.kind} tree of arity ${s.arity} and depth ${s.depth}, but the ${s.tree} tree is ${shape.kind} of arity ${shape.arity} and depth ${shape.depth} (circuits.json): export it again`,
    );
  }
  const capacity = shape.capacity;
  if (s.leaves.length > capacity) {
    throw new InvalidInputError(
      `${where}: ${s.leaves.length} leaves in the ${s.tree} tree, past the ${capacity} the circuits can prove (circuits.json)`,
    );
  }
  const imt = registryTreeOf(s.tree, s.leaves);
  if (registryRootOf(imt) !== s.root)
    throw new InvalidInputError(`${where}: the leaves do not give the recorded root (corrupt snapshot)`);
  const names = new Map<bigint, string>();
  for (const [hash, name] of Object.entries(s.names ?? {})) names.set(BigInt(hash), name);
  return { tree: s.tree, root: s.root, leaves: s.leaves, imt, names, models: snapshotModels(s, where) };
}

function serializeSnapshot(s: SnapshotInput): string {
  const shape = registryTreeShape(s.tree);
  const names =
    s.names instanceof Map ? Object.fromEntries([...s.names].map(([h, n]) => [dec(h), n])) : (s.names ?? {});
  return jsonText({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    tree: s.tree,
    kind: shape.kind,
    arity: shape.arity,
    depth: shape.depth,
    root: dec(registryRootOf(s.imt)),
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

// Registry snapshots: one registry tree (model, license or licensee) as a file, its root and its leaves in
// order, and optionally names for the hashes it describes (the registry's metadata: "modelHash 0x12… is
// aurora-diffusion-mini"). The CLI writes and reads them; the verification page loads them in a browser,
// so this file is pure (no file access).
import { LeanIMT } from "@zk-kit/lean-imt";
import { z } from "zod";
import { registryTreeDepth } from "../core/circuits.ts";
import { FIELD_TEXT, fieldStringSchema } from "../core/field.ts";
import { hashNode, modelLeaf, type ModelEntry } from "../core/hashes.ts";
import { formatIssues, InvalidInputError } from "../core/errors.ts";
import { REGISTRY_TREES, type RegistryTree } from "../core/registry.ts";

/** The snapshot format's name. */
export const SNAPSHOT_FORMAT = "zkprov-registry-snapshot";

const field = fieldStringSchema;

/** A model entry as a snapshot describes it (the registry's ModelDescribed event), decimal strings. */
export const snapshotModelSchema = z.object({
  publicKey: z.tuple([field, field]),
  modelHash: field,
  rights: field,
  validFrom: field,
  validUntil: field,
});

/**
 * The registry snapshot file schema. `names` maps a hash (decimal or 0x-hex) to a human-readable name. `models`
 * (model tree only) describes the entries whose leaves are in the tree: a prover finds there the interval
 * (validFrom, validUntil) the registry set for its model, which it needs to rebuild the leaf.
 */
export const snapshotFileSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(1),
  tree: z.enum(REGISTRY_TREES),
  root: field,
  leaves: z.array(field),
  names: z.record(z.string().regex(FIELD_TEXT, "a decimal or 0x-hex integer"), z.string().min(1).max(200)).optional(),
  models: z.array(snapshotModelSchema).optional(),
});

/** A checked snapshot: its tree, root, leaves and the names of the hashes it describes. */
export interface RegistrySnapshot {
  tree: RegistryTree;
  root: bigint;
  leaves: bigint[];
  names: Map<bigint, string>;
  /** The model entries the snapshot describes (each one's leaf is in `leaves`). */
  models: ModelEntry[];
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
 * Validate a parsed snapshot file and rebuild its tree: the leaves must give the recorded root.
 * `where` names the file in errors.
 *
 * @throws {InvalidInputError} for a malformed snapshot or one whose leaves do not give its root.
 * @example const s = parseSnapshot(JSON.parse(text), "models.json"); s.names.get(modelHash)
 */
export function parseSnapshot(value: unknown, where: string): RegistrySnapshot {
  const r = snapshotFileSchema.safeParse(value);
  if (!r.success) {
    throw new InvalidInputError(`${where} is not a valid registry snapshot`, {
      details: formatIssues(r.error.issues),
    });
  }
  const s = r.data;
  const capacity = 2 ** registryTreeDepth(s.tree);
  if (s.leaves.length > capacity) {
    throw new InvalidInputError(
      `${where}: ${s.leaves.length} leaves in the ${s.tree} tree, past the ${capacity} the circuits can prove (circuits.json)`,
    );
  }
  const imt = new LeanIMT<bigint>(hashNode, s.leaves);
  if ((imt.size > 0 ? imt.root : 0n) !== s.root)
    throw new InvalidInputError(`${where}: the leaves do not give the recorded root (corrupt snapshot)`);
  const names = new Map<bigint, string>();
  for (const [hash, name] of Object.entries(s.names ?? {})) names.set(BigInt(hash), name);
  return { tree: s.tree, root: s.root, leaves: s.leaves, names, models: snapshotModels(s, where) };
}

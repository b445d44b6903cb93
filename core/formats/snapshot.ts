// The registry snapshot: one registry tree (model, license or licensee) as a file, its root and its leaves in
// order, and optionally names for the hashes it describes (the registry's metadata: "modelHash 0x12… is
// aurora-diffusion-mini"). `zkprov registry snapshot` writes it; the prover, the CLI's verify and the
// verification page (in a browser) read it. parse rebuilds the tree: its leaves must give the recorded root.
import { LeanIMT } from "@zk-kit/lean-imt";
import { z } from "zod";
import { InvalidInputError } from "../errors.ts";
import { FIELD_TEXT, fieldStringSchema } from "../field.ts";
import { hashNode } from "../hashes.ts";
import { REGISTRY_TREES, type RegistryTree } from "../registry.ts";
import { dec, jsonText, parseWithSchema, type DocumentFormat } from "./format.ts";

/** The snapshot format's name and version. */
export const SNAPSHOT_FORMAT = "zkprov-registry-snapshot";
export const SNAPSHOT_VERSION = 1;

/** The registry snapshot file schema. `names` maps a hash (decimal or 0x-hex) to a human-readable name. */
export const snapshotFileSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  tree: z.enum(REGISTRY_TREES),
  root: fieldStringSchema,
  leaves: z.array(fieldStringSchema),
  names: z.record(z.string().regex(FIELD_TEXT, "a decimal or 0x-hex integer"), z.string().min(1).max(200)).optional(),
});

/** A checked snapshot: its tree, root, leaves, the rebuilt tree, and the names of the hashes it describes. */
export interface RegistrySnapshot {
  tree: RegistryTree;
  root: bigint;
  leaves: bigint[];
  /** The tree rebuilt from the leaves (a LeanIMT with Poseidon(2) nodes, as the contracts build it). */
  imt: LeanIMT<bigint>;
  names: Map<bigint, string>;
}

/** What serialize writes: a registry tree (its root and leaves) and optional names. */
export interface SnapshotInput {
  tree: RegistryTree;
  imt: LeanIMT<bigint>;
  /** Names by hash (a decimal or 0x-hex string key, or a bigint in a Map). */
  names?: Record<string, string> | Map<bigint, string>;
}

const rootOf = (imt: LeanIMT<bigint>): bigint => (imt.size > 0 ? imt.root : 0n);

/**
 * Validate a parsed snapshot file and rebuild its tree: the leaves must give the recorded root. `where` names
 * the file in errors.
 *
 * @throws {InvalidInputError} for a malformed snapshot or one whose leaves do not give its root.
 * @example const s = parseSnapshot(JSON.parse(text), "models.json"); s.names.get(modelHash)
 */
export function parseSnapshot(value: unknown, where: string): RegistrySnapshot {
  const s = parseWithSchema(snapshotFileSchema, value, where, "registry snapshot");
  const imt = new LeanIMT<bigint>(hashNode, s.leaves);
  if (rootOf(imt) !== s.root)
    throw new InvalidInputError(`${where}: the leaves do not give the recorded root (corrupt snapshot)`);
  const names = new Map<bigint, string>();
  for (const [hash, name] of Object.entries(s.names ?? {})) names.set(BigInt(hash), name);
  return { tree: s.tree, root: s.root, leaves: s.leaves, imt, names };
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

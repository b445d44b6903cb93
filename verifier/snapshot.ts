// Registry snapshots: one registry tree (model, license or licensee) as a file, its root and its leaves in
// order, and optionally names for the hashes it describes (the registry's metadata: "modelHash 0x12… is
// aurora-diffusion-mini"). The CLI writes and reads them; the verification page loads them in a browser,
// so this file is pure (no file access).
import { LeanIMT } from "@zk-kit/lean-imt";
import { z } from "zod";
import { FIELD_TEXT, fieldStringSchema } from "../core/field.ts";
import { hashNode } from "../core/hashes.ts";
import { formatIssues, InvalidInputError } from "../core/errors.ts";
import { REGISTRY_TREES, type RegistryTree } from "../core/registry.ts";

/** The snapshot format's name. */
export const SNAPSHOT_FORMAT = "zkprov-registry-snapshot";

const field = fieldStringSchema;

/** The registry snapshot file schema. `names` maps a hash (decimal or 0x-hex) to a human-readable name. */
export const snapshotFileSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(1),
  tree: z.enum(REGISTRY_TREES),
  root: field,
  leaves: z.array(field),
  names: z.record(z.string().regex(FIELD_TEXT, "a decimal or 0x-hex integer"), z.string().min(1).max(200)).optional(),
});

/** A checked snapshot: its tree, root, leaves and the names of the hashes it describes. */
export interface RegistrySnapshot {
  tree: RegistryTree;
  root: bigint;
  leaves: bigint[];
  names: Map<bigint, string>;
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
  const imt = new LeanIMT<bigint>(hashNode, s.leaves);
  if ((imt.size > 0 ? imt.root : 0n) !== s.root)
    throw new InvalidInputError(`${where}: the leaves do not give the recorded root (corrupt snapshot)`);
  const names = new Map<bigint, string>();
  for (const [hash, name] of Object.entries(s.names ?? {})) names.set(BigInt(hash), name);
  return { tree: s.tree, root: s.root, leaves: s.leaves, names };
}

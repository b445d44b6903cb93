// The registry's trees, as the Registry contract numbers them (`IRegistry.Tree`) and as files and bundles name
// them. circuits/circuits.json says which public signal of a circuit is the root of which tree.

/** The mint gate's default maxAttestationAge (ignition/modules/Zkprov.ts): an attestation may mint for 7 days. */
export const DEFAULT_MAX_ATTESTATION_AGE = 7n * 24n * 3600n;
/** The largest maxAttestationAge a mint gate accepts (`MintGate.MAX_ATTESTATION_AGE_LIMIT`, 365 days). */
export const MAX_ATTESTATION_AGE_LIMIT = 365n * 24n * 3600n;

/** Registry tree ids, as in `IRegistry.Tree`. */
export const Tree = { Model: 0, License: 1, Licensee: 2 } as const;
/** A registry tree id: 0 model, 1 license, 2 licensee. */
export type TreeId = (typeof Tree)[keyof typeof Tree];

/** The registry trees by name, in the order of `Tree` (Model = 0, License = 1, Licensee = 2). */
export const REGISTRY_TREES = ["model", "license", "licensee"] as const;
/** A registry tree name: model, license or licensee. */
export type RegistryTree = (typeof REGISTRY_TREES)[number];

/**
 * The contract's id of tree `name`.
 *
 * @example treeId("license") // 1
 */
export function treeId(name: RegistryTree): TreeId {
  return REGISTRY_TREES.indexOf(name) as TreeId;
}

import circuitsJson from "../circuits/circuits.json" with { type: "json" };
import { REGISTRY_TREES, type RegistryTree } from "./registry.ts";

/** The circuit ids zkprov builds: `provenance`, `royaltyClaim`, `licensee`. */
export type CircuitId = keyof typeof circuitsJson.instances;
/** All circuit ids, in build order. */
export const CIRCUIT_IDS = Object.keys(circuitsJson.instances) as CircuitId[];

/** The registry trees, in the order of the Registry contract's `Tree` enum (core/registry.ts). */
export const REGISTRY_TREE_NAMES = REGISTRY_TREES;
/** A registry tree name: model, license or licensee. */
export type RegistryTreeName = RegistryTree;

/** One instance of circuits/circuits.json. */
export interface CircuitInstance {
  readonly file: string;
  readonly template: string;
  readonly params: Readonly<Record<string, number>>;
  readonly publicOutputs: Readonly<Record<string, number>>;
  readonly publicInputs: Readonly<Record<string, number>>;
  /** The public signals that are registry roots, and the registry tree each is a root of. */
  readonly registryRoots: Readonly<Record<string, RegistryTreeName>>;
  /** Public signals that carry several small values, each at a bit offset (see {@link PackedField}). */
  readonly packedSignals?: Readonly<Record<string, readonly PackedField[]>>;
  /** The public signal that says what a proof is about: `assetHash`, or `tokenId` for a license. */
  readonly subject: string;
  readonly verifierContract: string;
  /** The generated batch verifier library (artifacts/batch-verifier.sol.template), if any. */
  readonly batchVerifierLibrary?: string;
}

/**
 * The definition of one circuit instance (template, parameters, public signals).
 *
 * @throws {RangeError} for an unknown circuit id.
 * @example circuitInstance("provenance").params.MODEL_DEPTH // 10
 */
export function circuitInstance(id: string): CircuitInstance {
  if (!isCircuitId(id)) {
    throw new RangeError(`unknown circuit ${JSON.stringify(id)}: expected one of ${CIRCUIT_IDS.join(", ")}`);
  }
  return circuitsJson.instances[id] as CircuitInstance;
}

/** Which circuit parameter is the Merkle depth of each registry tree (every circuit that proves membership of it). */
const TREE_DEPTH_PARAMS: Readonly<Record<RegistryTreeName, readonly (readonly [CircuitId, string])[]>> = {
  model: [["provenance", "MODEL_DEPTH"]],
  license: [["provenance", "LICENSE_DEPTH"]],
  licensee: [["licensee", "DEPTH"]],
};

/**
 * The largest depth registry tree `tree` may reach: the Merkle depth the circuits take for it (circuits.json), so a
 * tree holds at most arity^depth leaves (registryTreeShape). The Registry contract is deployed with these (ignition/modules/Registry.ts) and
 * refuses to grow past them; the registry mirror and snapshots refuse a larger tree.
 *
 * @throws {RangeError} if two circuits disagree on the depth of one tree (circuits.json is inconsistent).
 * @example registryTreeDepth("model") // 10
 */
export function registryTreeDepth(tree: RegistryTreeName): number {
  const depths = TREE_DEPTH_PARAMS[tree].map(([id, param]) => circuitInstance(id).params[param]);
  const depth = depths[0];
  if (depth === undefined || depths.some((d) => d !== depth)) {
    throw new RangeError(`circuits.json gives registry tree ${tree} the depths ${depths.join(", ")}: expected one`);
  }
  return depth;
}

/** Which circuit parameter is the arity of a registry tree that is not a LeanIMT (the license tree: quinary). */
const TREE_ARITY_PARAMS: Readonly<Partial<Record<RegistryTreeName, readonly [CircuitId, string]>>> = {
  license: ["provenance", "LICENSE_ARITY"],
};

/** A registry tree's kind and size limits (circuits.json). */
export interface RegistryTreeShape {
  /** `lean`: a LeanIMT (binary, depth grows to `depth`); `quinary`: a fixed-depth arity-5 IMT (@zk-kit/imt). */
  readonly kind: "lean" | "quinary";
  readonly arity: number;
  /** The LeanIMT's largest depth, or the quinary tree's fixed depth. */
  readonly depth: number;
  /** How many leaves the circuits can prove: arity^depth. */
  readonly capacity: number;
}

/**
 * The kind, arity, depth and capacity of registry tree `tree` (circuits.json): the model and licensee trees are
 * LeanIMTs (arity 2), the license tree is quinary (LICENSE_ARITY 5, fixed LICENSE_DEPTH).
 *
 * @example registryTreeShape("license") // { kind: "quinary", arity: 5, depth: 9, capacity: 1953125 }
 */
export function registryTreeShape(tree: RegistryTreeName): RegistryTreeShape {
  const depth = registryTreeDepth(tree);
  const arityParam = TREE_ARITY_PARAMS[tree];
  if (!arityParam) return { kind: "lean", arity: 2, depth, capacity: 2 ** depth };
  const arity = circuitInstance(arityParam[0]).params[arityParam[1]];
  if (arity !== 5) throw new RangeError(`circuits.json gives registry tree ${tree} arity ${arity}: expected 5`);
  return { kind: "quinary", arity, depth, capacity: arity ** depth };
}

/** True when `id` names a circuit instance. */
export function isCircuitId(id: string): id is CircuitId {
  return Object.hasOwn(circuitsJson.instances, id);
}

/** One value inside a packed public signal: `packed = sum of value << offset`, with `value < 2^width`. */
export interface PackedField {
  readonly name: string;
  readonly offset: number;
  readonly width: number;
}

/**
 * The fields of public signal `signal` of circuit `id` if it is packed, else undefined.
 *
 * @example packedFields("provenance", "packed")?.map((f) => f.name) // ["grantedRights", "requiredRights", "licensorBps", "now"]
 */
export function packedFields(id: CircuitId, signal: string): readonly PackedField[] | undefined {
  const packed = circuitInstance(id).packedSignals;
  return packed && Object.hasOwn(packed, signal) ? packed[signal] : undefined;
}

/** One public signal in snarkjs order: its name, element index within an array signal, and position. */
export interface PublicSignalSlot {
  readonly name: string;
  readonly element: number;
  readonly length: number;
  readonly position: number;
}

/**
 * The public signals of a circuit in the order snarkjs writes them: outputs first, then inputs.
 *
 * @example publicSignalLayout("royaltyClaim").map((s) => s.name) // ["tag", "assetHash", "nullifier", "context"]
 */
export function publicSignalLayout(id: CircuitId): PublicSignalSlot[] {
  const inst = circuitInstance(id);
  const slots: PublicSignalSlot[] = [];
  for (const [name, length] of [...Object.entries(inst.publicOutputs), ...Object.entries(inst.publicInputs)]) {
    for (let element = 0; element < length; element++) {
      slots.push({ name, element, length, position: slots.length });
    }
  }
  return slots;
}

/** A public signal that is a registry root: the signal's name and the registry tree it is a root of. */
export interface RegistryRootSlot {
  readonly signal: string;
  readonly tree: RegistryTreeName;
  /** The tree's id in the Registry contract's `Tree` enum. */
  readonly treeId: number;
}

/**
 * The public signals of circuit `id` that are registry roots, and of which tree: part of the circuit's
 * definition (circuits.json `registryRoots`), so a verifier never takes them from a bundle.
 *
 * @throws {RangeError} for an unknown circuit id, or a circuits.json entry naming an unknown tree or signal.
 * @example registryRoots("provenance") // [{ signal: "modelRoot", tree: "model", treeId: 0 }, { signal: "licenseRoot", tree: "license", treeId: 1 }]
 */
export function registryRoots(id: string): RegistryRootSlot[] {
  const inst = circuitInstance(id);
  return Object.entries(inst.registryRoots).map(([signal, tree]) => {
    const treeId = REGISTRY_TREE_NAMES.indexOf(tree);
    if (treeId < 0) throw new RangeError(`circuits.json: ${id}.registryRoots.${signal} names unknown tree ${tree}`);
    if (inst.publicInputs[signal] !== 1)
      throw new RangeError(
        `circuits.json: ${id}.registryRoots names ${signal}, which is not a one-element public input`,
      );
    return { signal, tree, treeId };
  });
}

/**
 * The public signal that says what a proof of circuit `id` is about.
 *
 * @example subjectSignal("licensee") // "tokenId"
 */
export function subjectSignal(id: CircuitId): string {
  return circuitInstance(id).subject;
}

// A client's copy of a registry tree, rebuilt from the registry's events alone (LeafInserted, LeafUpdated,
// LeafCompromised) and checked against every event's root and the registry's current root. Needs only the
// registry's address and a provider (any chain: the in-process network, a local node, an RPC).
import { Contract, EventLog, type Provider } from "ethers";
import type { LeanIMT } from "@zk-kit/lean-imt";
import { registryTreeShape } from "../core/circuits.ts";
import { RegistryMirrorError } from "../core/errors.ts";
import { REGISTRY_TREES, type Tree, type TreeId } from "../core/registry.ts";
import { registryTreeOf, type QuinaryTree, type RegistryTreeView } from "../core/registry-trees.ts";

/** The part of the registry ABI a mirror reads (contracts/interfaces/IRegistry.sol). */
export const REGISTRY_MIRROR_ABI = [
  "event LeafInserted(uint8 indexed tree, uint256 indexed index, uint256 leaf, uint256 root)",
  "event LeafUpdated(uint8 indexed tree, uint256 indexed index, uint256 oldLeaf, uint256 newLeaf, uint256 root)",
  "event LeafCompromised(uint8 indexed tree, uint256 indexed index, uint256 leaf, uint256 root)",
  "function root(uint8 tree) view returns (uint256)",
];

/**
 * Rebuild tree `tree` of the registry at `address` from its events, in chain order: a LeanIMT for the model and
 * licensee trees, a QuinaryTree for the license tree (core/registry-trees.ts).
 *
 * @throws {RegistryMirrorError} if an event does not fit the tree being rebuilt or a root differs.
 * @example const models = await mirrorRegistryTree(registryAddress, provider, Tree.Model); models.indexOf(leaf)
 */
export async function mirrorRegistryTree(
  address: string,
  provider: Provider,
  tree: typeof Tree.License,
  options?: { fromBlock?: number },
): Promise<QuinaryTree>;
export async function mirrorRegistryTree(
  address: string,
  provider: Provider,
  tree: typeof Tree.Model | typeof Tree.Licensee,
  options?: { fromBlock?: number },
): Promise<LeanIMT<bigint>>;
export async function mirrorRegistryTree(
  address: string,
  provider: Provider,
  tree: TreeId,
  options?: { fromBlock?: number },
): Promise<RegistryTreeView>;
export async function mirrorRegistryTree(
  address: string,
  provider: Provider,
  tree: TreeId,
  options: { fromBlock?: number } = {},
): Promise<RegistryTreeView> {
  const registry = new Contract(address, REGISTRY_MIRROR_ABI, provider);
  const from = options.fromBlock ?? 0;
  const logs = (
    await Promise.all(
      ["LeafInserted", "LeafUpdated", "LeafCompromised"].map((name) =>
        registry.queryFilter(registry.filters[name]!(tree), from),
      ),
    )
  )
    .flat()
    .filter((l): l is EventLog => l instanceof EventLog)
    .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);

  const imt = registryTreeOf(REGISTRY_TREES[tree]);
  const capacity = registryTreeShape(REGISTRY_TREES[tree]).capacity;
  for (const log of logs) {
    const index = Number(log.args.index as bigint);
    if (log.eventName === "LeafInserted") {
      if (index >= capacity) {
        throw new RegistryMirrorError(
          `tree ${tree}: LeafInserted at index ${index}, past the ${capacity} leaves the circuits can prove (circuits.json)`,
        );
      }
      if (index !== imt.size) {
        throw new RegistryMirrorError(
          `tree ${tree}: LeafInserted at index ${index}, but the mirror has ${imt.size} leaves`,
        );
      }
      imt.insert(log.args.leaf as bigint);
    } else {
      if (index >= imt.size) throw new RegistryMirrorError(`tree ${tree}: ${log.eventName} of unknown index ${index}`);
      imt.update(index, log.eventName === "LeafUpdated" ? (log.args.newLeaf as bigint) : 0n);
    }
    if (imt.root !== (log.args.root as bigint)) {
      throw new RegistryMirrorError(
        `tree ${tree}: the mirror's root differs from the event's after ${log.eventName} #${index} (block ${log.blockNumber})`,
      );
    }
  }
  const onChain = (await registry.getFunction("root")(tree)) as bigint;
  if (imt.size > 0 && imt.root !== onChain) {
    throw new RegistryMirrorError(`tree ${tree}: the mirror's root differs from the registry's current root`);
  }
  return imt;
}

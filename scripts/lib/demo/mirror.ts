// A client's copy of a registry tree, rebuilt from the registry's events alone (LeafInserted, LeafUpdated,
// LeafRevoked), then checked against the root the registry reports.
import { EventLog } from "ethers";
import type { LeanIMT } from "@zk-kit/lean-imt";
import { newRegistryTree } from "../../../prover/src/merkle.ts";
import type { TypedContract } from "../typed.ts";

/** Registry tree ids, as in `IRegistry.Tree`. */
export const Tree = { Model: 0, License: 1, Licensee: 2 } as const;
export type TreeId = (typeof Tree)[keyof typeof Tree];

/**
 * Rebuild tree `tree` of `registry` from its events, in chain order.
 *
 * @throws {Error} if an event does not fit the tree being rebuilt or the result's root is not the registry's.
 * @example const models = await mirrorTree(registry, Tree.Model); models.indexOf(leaf)
 */
export async function mirrorTree(registry: TypedContract<"Registry">, tree: TreeId): Promise<LeanIMT<bigint>> {
  const logs = (
    await Promise.all([
      registry.queryFilter(registry.filters.LeafInserted(tree)),
      registry.queryFilter(registry.filters.LeafUpdated(tree)),
      registry.queryFilter(registry.filters.LeafRevoked(tree)),
    ])
  )
    .flat()
    .filter((l): l is EventLog => l instanceof EventLog)
    .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);

  const imt = newRegistryTree();
  for (const log of logs) {
    const index = Number(log.args.index as bigint);
    if (log.eventName === "LeafInserted") {
      if (index !== imt.size) throw new Error(`LeafInserted at index ${index}, but the mirror has ${imt.size} leaves`);
      imt.insert(log.args.leaf as bigint);
    } else if (log.eventName === "LeafUpdated") {
      imt.update(index, log.args.newLeaf as bigint);
    } else {
      imt.update(index, 0n);
    }
    if (imt.root !== (log.args.root as bigint)) {
      throw new Error(`tree ${tree}: mirror root differs from the event's root after ${log.eventName} #${index}`);
    }
  }
  const onChain = (await registry.root(tree)) as bigint;
  if (imt.size > 0 && imt.root !== onChain) throw new Error(`tree ${tree}: mirror root differs from the registry's`);
  return imt;
}

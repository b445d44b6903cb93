// The demo mirrors registry trees with the prover library's event mirror.
import type { LeanIMT } from "@zk-kit/lean-imt";
import type { TreeId } from "../../core/registry.ts";
import { mirrorRegistryTree } from "../../prover/registry-mirror.ts";
import type { TypedContract } from "../../prover/chain/typed.ts";

/** Rebuild tree `tree` of `registry` from its events (see prover/registry-mirror.ts). */
export async function mirrorTree(registry: TypedContract<"Registry">, tree: TreeId): Promise<LeanIMT<bigint>> {
  return mirrorRegistryTree(await registry.getAddress(), registry.runner!.provider!, tree);
}

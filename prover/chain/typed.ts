// Light typing for contracts (demo, tests, benchmarks): method and event names come from Hardhat's generated
// artifact types (build/hardhat/artifacts/**/artifacts.d.ts), so a misspelt call fails `tsc`, without a TypeChain dependency.
import type { ArtifactMap } from "hardhat/types/artifacts";
import type { BaseContract, BaseContractMethod, ContractEvent, ContractRunner } from "ethers";

type AbiItem<N extends keyof ArtifactMap> = ArtifactMap[N]["abi"][number];
type NamesOf<N extends keyof ArtifactMap, T extends string> = Extract<AbiItem<N>, { type: T; name: string }>["name"];

/** A contract whose methods and event filters are those of artifact `N`. */
export type TypedContract<N extends keyof ArtifactMap> = Omit<BaseContract, "connect" | "filters"> & {
  [K in NamesOf<N, "function">]: BaseContractMethod;
} & {
  connect(runner: ContractRunner | null): TypedContract<N>;
  filters: { [K in NamesOf<N, "event">]: ContractEvent };
};

/** Views `contract` as artifact `name` (no runtime effect). */
export function typed<N extends keyof ArtifactMap>(name: N, contract: BaseContract): TypedContract<N> {
  void name;
  return contract as unknown as TypedContract<N>;
}

// Deployment helpers for the contract tests. Gate tests deploy through the Ignition module (so the module is
// exercised too); registry tests deploy the registry directly to vary its constructor arguments cheaply.
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { Base8, mulPointEscalar, subOrder } from "@zk-kit/baby-jubjub";
import { registryTreeDepth } from "../../../core/circuits.ts";
import { REGISTRY_TREES } from "../../../core/registry.ts";
import { typed } from "../../../prover/chain/typed.ts";

/** The BN254 scalar field. */
export const FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A regulator audit key pair for tests (secret * Base8). */
export function testRegulatorKey(secret = 123456789n): { secret: bigint; publicKey: [bigint, bigint] } {
  const p = mulPointEscalar(Base8, secret % subOrder);
  return { secret, publicKey: [p[0], p[1]] };
}

export interface RegistryOptions {
  adminDelay?: bigint;
  regulator?: string;
  rootWindow?: bigint;
  regulatorKey?: [bigint, bigint];
  /** Each tree's largest depth, in the order of `Tree` (model, license, licensee); default: circuits.json's. */
  maxDepths?: [bigint, bigint, bigint];
}

/** Deploys PoseidonT3/T4/T6 and a Registry linked to them. */
export async function deployRegistry(ethers: HardhatEthers, options: RegistryOptions = {}) {
  const [deployer] = await ethers.getSigners();
  const poseidonT3 = await ethers.deployContract("poseidon-solidity/PoseidonT3.sol:PoseidonT3");
  const poseidonT4 = await ethers.deployContract("poseidon-solidity/PoseidonT4.sol:PoseidonT4");
  const poseidonT6 = await ethers.deployContract("poseidon-solidity/PoseidonT6.sol:PoseidonT6");
  const deployed = await ethers.deployContract(
    "Registry",
    [
      options.adminDelay ?? 3600n,
      options.regulator ?? deployer!.address,
      options.rootWindow ?? 600n,
      options.regulatorKey ?? testRegulatorKey().publicKey,
      options.maxDepths ?? REGISTRY_TREES.map((tree) => BigInt(registryTreeDepth(tree))),
    ],
    {
      libraries: {
        PoseidonT3: await poseidonT3.getAddress(),
        PoseidonT4: await poseidonT4.getAddress(),
        PoseidonT6: await poseidonT6.getAddress(),
      },
    },
  );
  return { registry: typed("Registry", deployed), poseidonT3, poseidonT6 };
}

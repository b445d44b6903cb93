// The deployment the oversight tests scan (the console's and `zkprov audit scan`'s): zkprov through its Ignition
// module with the test world's regulator key, no license fees, and the curator and licensor roles granted.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { network } from "hardhat";
import ZkprovModule from "../../ignition/modules/Zkprov.ts";
import { typed } from "../../prover/chain/typed.ts";

type Ignition = Awaited<ReturnType<typeof network.create>>["ignition"];

/**
 * Deploy zkprov pinned to `regulatorKey` (root window 600 s, admin delay 1 h, now window 300 s, royalty rate 500 bps,
 * every right free), and grant CURATOR_ROLE to `curator` and LICENSOR_ROLE to each of `licensors`.
 *
 * @example const { registry, mintGate } = await deployForOversight(ignition, w.regulator.publicKey, { curator, licensors: [l1] })
 */
export async function deployForOversight(
  ignition: Ignition,
  regulatorKey: readonly bigint[],
  roles: { curator: HardhatEthersSigner; licensors: readonly HardhatEthersSigner[] },
) {
  const deployed = await ignition.deploy(ZkprovModule, {
    parameters: {
      Registry: { regulatorKey: regulatorKey.map(String), rootWindow: 600n, adminDelay: 3_600n },
      Zkprov: { nowWindow: 300n, royaltyRate: 500n, rightFees: Array.from({ length: 16 }, () => "0") },
    },
  });
  const registry = typed("Registry", deployed.registry);
  const mintGate = typed("MintGate", deployed.mintGate);
  await registry.grantRole(await registry.CURATOR_ROLE(), roles.curator.address);
  for (const l of roles.licensors) await registry.grantRole(await registry.LICENSOR_ROLE(), l.address);
  return {
    registry,
    mintGate,
    registryAddress: await registry.getAddress(),
    mintGateAddress: await mintGate.getAddress(),
  };
}

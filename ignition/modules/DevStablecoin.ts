import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import ZkprovModule from "./Zkprov.ts";

/**
 * zkprov plus a development stablecoin (contracts/dev/DevStablecoin.sol, "zUSD", 6 decimals, open faucet),
 * allowlisted in the royalty vault so licenses can be priced in it. Development chain (31337) only: the token's
 * constructor refuses any other chain. The deployer must be the regulator (it allowlists the currency).
 *
 * @example npx hardhat ignition deploy ignition/modules/DevStablecoin.ts --parameters ignition/parameters/dev.json
 */
export default buildModule("DevStablecoin", (m) => {
  const zkprov = m.useModule(ZkprovModule);
  const devStablecoin = m.contract("DevStablecoin", []);
  m.call(zkprov.royaltyVault, "setCurrencyAllowed", [devStablecoin, true]);
  return { ...zkprov, devStablecoin };
});

import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The poseidon-solidity libraries the registry links: PoseidonT3 (LeanIMT nodes, licensee leaves), PoseidonT4
 * (license leaves) and PoseidonT6 (model leaves). Their `hash` is a public library function, so they are deployed once and linked.
 */
export default buildModule("Poseidon", (m) => {
  const poseidonT3 = m.library("poseidon-solidity/PoseidonT3.sol:PoseidonT3");
  const poseidonT4 = m.library("poseidon-solidity/PoseidonT4.sol:PoseidonT4");
  const poseidonT6 = m.library("poseidon-solidity/PoseidonT6.sol:PoseidonT6");
  return { poseidonT3, poseidonT4, poseidonT6 };
});

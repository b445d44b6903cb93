import { createRequire } from "node:module";
import { configVariable, defineConfig } from "hardhat/config";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatEthersChaiMatchers from "@nomicfoundation/hardhat-ethers-chai-matchers";
import hardhatIgnitionEthers from "@nomicfoundation/hardhat-ignition-ethers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";

const require = createRequire(import.meta.url);

// Hardhat must never download solc here: compile with the `solc` npm package's WASM build.
const solcPath = require.resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatEthers, hardhatEthersChaiMatchers, hardhatIgnitionEthers, hardhatMocha, hardhatNetworkHelpers],
  solidity: {
    profiles: {
      default: {
        version: "0.8.28",
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
      production: {
        version: "0.8.28",
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
    },
    // Hardhat 3 writes artifacts for npm Solidity files only when they are listed here.
    npmFilesToBuild: [
      "poseidon-solidity/PoseidonT3.sol",
      "poseidon-solidity/PoseidonT4.sol",
      "poseidon-solidity/PoseidonT6.sol",
    ],
  },
  networks: {
    // The session chain `zkprov chain start` runs (`hardhat node`). Automining gives every block its own second, so
    // a burst of transactions runs the chain's clock ahead of the wall clock, and an attestation stamped "now" after
    // a registration would predate it. Real chains never run ahead of the wall clock; with blocks allowed to share
    // a timestamp, this one does not either.
    node: { type: "edr-simulated", chainType: "l1", allowBlocksWithSameTimestamp: true },
    // A `hardhat node` (or any local JSON-RPC chain) on this machine.
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
    // Any other network, from config variables (environment or the Hardhat keystore):
    // ZKPROV_RPC_URL and ZKPROV_DEPLOYER_KEY. Used only when selected with --network rpc.
    rpc: {
      type: "http",
      chainType: "l1",
      url: configVariable("ZKPROV_RPC_URL"),
      accounts: [configVariable("ZKPROV_DEPLOYER_KEY")],
    },
  },
  paths: {
    sources: "contracts",
    // Hardhat's build output lives under build/, so that artifacts/ can hold the circuit build pipeline.
    artifacts: "build/hardhat/artifacts",
    cache: "build/hardhat/cache",
    tests: { mocha: "test/contracts", solidity: "contracts" },
  },
  test: {
    mocha: { timeout: 600_000 },
  },
});

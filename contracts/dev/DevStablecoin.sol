// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title DevStablecoin
/// @notice A stablecoin stand-in for the development chain only (Hardhat's chain id 31337): "zkprov dev USD"
/// (zUSD), 6 decimals like USDC, and a faucet anyone may mint from. The Ignition module DevStablecoin deploys
/// it next to zkprov and allowlists it in the royalty vault, so the demo and the CLI can price licenses in it.
/// @dev Refuses to be deployed on any other chain: a token anyone can mint must never look like money.
contract DevStablecoin is ERC20 {
    /// @notice The development chain id.
    uint256 public constant DEV_CHAIN_ID = 31337;

    /// @notice Deployment on chain `chainId`, which is not the development chain.
    error DevStablecoinWrongChain(uint256 chainId);

    constructor() ERC20("zkprov dev USD", "zUSD") {
        if (block.chainid != DEV_CHAIN_ID) revert DevStablecoinWrongChain(block.chainid);
    }

    /// @notice Mints `amount` (6 decimals) to `to`: a faucet, development only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice 6, as USDC.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}

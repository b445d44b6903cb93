// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ProofContext
/// @notice The context every gate binds into its proofs, so that a proof made for one chain, gate,
/// recipient or action cannot be replayed for another:
/// `uint256(keccak256(abi.encode(block.chainid, address(this), recipient, actionData))) >> 8`
/// (248 bits: always a field element). core/context.ts computes the same off chain.
library ProofContext {
    /// @notice The context of `actionData` for `recipient` at the calling gate on this chain.
    function compute(address recipient, bytes memory actionData) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), recipient, actionData))) >> 8;
    }
}

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

    /// @notice `compute(recipient, abi.encode(word))` without building either encoding in allocated memory:
    /// the same six words (chain id, gate, recipient, the bytes' offset 0x80 and length 0x20, the word) are
    /// hashed from scratch memory past the free memory pointer.
    function computeWord(address recipient, uint256 word) internal view returns (uint256 context) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, chainid())
            mstore(add(m, 0x20), address())
            mstore(add(m, 0x40), recipient)
            mstore(add(m, 0x60), 0x80)
            mstore(add(m, 0x80), 0x20)
            mstore(add(m, 0xa0), word)
            context := shr(8, keccak256(m, 0xc0))
        }
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PayeeTags
/// @notice The commitment a minted token keeps to its two payee tags: the first 224 bits of
/// `keccak256(abi.encode(creatorTag, licensorTag))`. Keeping 28 bytes instead of two full slots lets the
/// digest share one storage slot with grantedRights and licensorBps, which keeps a mint under its gas
/// budget (each fresh slot costs 22.1k). Claimants supply the tags (published in the Minted event) and
/// the vault checks them against the digest; finding other tags with the same digest takes ~2^224 work.
library PayeeTags {
    /// @notice The digest stored for a token minted with these tags.
    function digest(uint256 creatorTag, uint256 licensorTag) internal pure returns (bytes28) {
        return bytes28(keccak256(abi.encode(creatorTag, licensorTag)));
    }
}

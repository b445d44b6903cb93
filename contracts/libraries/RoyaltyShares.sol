// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {DomainTags} from "../generated/DomainTags.sol";
import {IRoyaltyVault} from "../interfaces/IRoyaltyVault.sol";

/// @title RoyaltyShares
/// @notice How a token's cumulative accrual splits between its payees: the licensor gets
/// `floor(accrued * licensorBps / 10000)`, the creator the rest, so the two shares always sum to `accrued`
/// and each share never decreases as `accrued` grows (a payee is never owed less than it was paid).
/// @dev `licensorBps <= 10000` is a precondition (the provenance circuit proves it and the mint gate
/// checks it again); with a larger value `creatorShare` reverts (underflow).
library RoyaltyShares {
    /// @notice The licensor's cumulative share of `accrued`.
    function licensorShare(uint256 accrued, uint16 licensorBps) internal pure returns (uint256) {
        return Math.mulDiv(accrued, licensorBps, DomainTags.MAX_BPS);
    }

    /// @notice The creator's cumulative share of `accrued`.
    function creatorShare(uint256 accrued, uint16 licensorBps) internal pure returns (uint256) {
        return accrued - licensorShare(accrued, licensorBps);
    }

    /// @notice `payee`'s cumulative share of `accrued`.
    function shareOf(uint256 accrued, uint16 licensorBps, IRoyaltyVault.Payee payee) internal pure returns (uint256) {
        return
            payee == IRoyaltyVault.Payee.Licensor
                ? licensorShare(accrued, licensorBps)
                : creatorShare(accrued, licensorBps);
    }
}

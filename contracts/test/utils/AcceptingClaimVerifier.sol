// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRoyaltyClaimVerifier} from "../../interfaces/IVerifiers.sol";

/// @dev Accepts every proof. Test-only: the accounting tests (RoyaltyVault.t.sol, RoyaltyMarket.t.sol) stand it
/// in to exercise the vault's arithmetic in isolation; the claim proof itself is tested with real proofs in
/// test/contracts. Never deploy outside the accounting tests.
contract AcceptingClaimVerifier is IRoyaltyClaimVerifier {
    function verifyProof(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256[4] calldata
    ) external pure returns (bool) {
        return true;
    }

    // solhint-disable-next-line func-name-mixedcase
    function VKEY_HASH() external pure returns (bytes32) {
        return bytes32(0);
    }
}

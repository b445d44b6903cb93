// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {RoyaltyClaimSignals as S} from "../generated/PublicSignals.sol";
import {IMintGate} from "../interfaces/IMintGate.sol";
import {IRoyaltyVault} from "../interfaces/IRoyaltyVault.sol";
import {Groth16Proof, IRoyaltyClaimVerifier} from "../interfaces/IVerifiers.sol";
import {PayeeTags} from "../libraries/PayeeTags.sol";
import {ProofContext} from "../libraries/ProofContext.sol";
import {RoyaltyShares} from "../libraries/RoyaltyShares.sol";

/// @title RoyaltyVault
/// @notice Accrues ETH per token and pays creators and licensors their cumulative shares on a proof.
/// @dev Deployed by the MintGate (msg.sender at construction). Has no admin: nothing can move ETH out but
/// a valid claim. Paid amounts are kept per (payee, nullifier), so a creator and licensor who happen to
/// share a secret (hence a nullifier) are still paid both shares. Claims follow checks-effects-interactions
/// under a reentrancy guard; a failed transfer reverts the whole claim.
contract RoyaltyVault is IRoyaltyVault, ReentrancyGuard {
    IMintGate private immutable _mintGate;
    IRoyaltyClaimVerifier private immutable _verifier;

    mapping(uint256 tokenId => uint256) private _accrued;
    mapping(Payee payee => mapping(uint256 nullifier => uint256)) private _paid;

    /// @param verifier_ The generated royalty-claim verifier.
    constructor(IRoyaltyClaimVerifier verifier_) {
        _mintGate = IMintGate(msg.sender);
        _verifier = verifier_;
    }

    /// @inheritdoc IRoyaltyVault
    function deposit(uint256 tokenId) external payable {
        if (msg.value == 0) revert VaultZeroDeposit();
        _recordOf(tokenId);
        uint256 total = _accrued[tokenId] + msg.value;
        _accrued[tokenId] = total;
        emit Deposited(tokenId, msg.sender, msg.value, total);
    }

    /// @inheritdoc IRoyaltyVault
    function claim(
        uint256 tokenId,
        Payee payee,
        address payable recipient,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external nonReentrant returns (uint256 amount) {
        if (recipient == address(0)) revert VaultInvalidRecipient(recipient);
        if (nullifier >= SNARK_SCALAR_FIELD) revert VaultNullifierOutOfField(nullifier);
        IMintGate.TokenRecord memory record = _recordOf(tokenId);
        if (PayeeTags.digest(tags.creatorTag, tags.licensorTag) != record.tagsDigest) revert VaultTagsMismatch(tokenId);

        uint256 owed = RoyaltyShares.shareOf(_accrued[tokenId], record.licensorBps, payee);
        uint256 alreadyPaid = _paid[payee][nullifier];
        if (owed <= alreadyPaid) revert VaultNothingOwed(tokenId, payee, nullifier);

        uint256[4] memory pub;
        pub[S.TAG] = payee == Payee.Licensor ? tags.licensorTag : tags.creatorTag;
        pub[S.ASSET_HASH] = tokenId;
        pub[S.NULLIFIER] = nullifier;
        pub[S.CONTEXT] = claimContext(recipient, tokenId, payee);
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, pub)) revert VaultInvalidProof();

        amount = owed - alreadyPaid;
        _paid[payee][nullifier] = owed;
        emit Claimed(tokenId, payee, nullifier, recipient, amount);

        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = recipient.call{value: amount}("");
        if (!ok) revert VaultTransferFailed(recipient, amount);
    }

    /// @inheritdoc IRoyaltyVault
    function accrued(uint256 tokenId) external view returns (uint256) {
        return _accrued[tokenId];
    }

    /// @inheritdoc IRoyaltyVault
    function shareOf(uint256 tokenId, Payee payee) public view returns (uint256) {
        return RoyaltyShares.shareOf(_accrued[tokenId], _mintGate.tokenRecord(tokenId).licensorBps, payee);
    }

    /// @inheritdoc IRoyaltyVault
    function paid(Payee payee, uint256 nullifier) external view returns (uint256) {
        return _paid[payee][nullifier];
    }

    /// @inheritdoc IRoyaltyVault
    function claimable(uint256 tokenId, Payee payee, uint256 nullifier) external view returns (uint256) {
        uint256 owed = shareOf(tokenId, payee);
        uint256 alreadyPaid = _paid[payee][nullifier];
        return owed > alreadyPaid ? owed - alreadyPaid : 0;
    }

    /// @inheritdoc IRoyaltyVault
    function claimContext(address recipient, uint256 tokenId, Payee payee) public view returns (uint256) {
        return ProofContext.compute(recipient, abi.encode(tokenId, payee));
    }

    /// @inheritdoc IRoyaltyVault
    function mintGate() external view returns (IMintGate) {
        return _mintGate;
    }

    /// @inheritdoc IRoyaltyVault
    function verifier() external view returns (IRoyaltyClaimVerifier) {
        return _verifier;
    }

    /// @dev The token's record; reverts for a token that was not minted (its grantedRights would be 0).
    function _recordOf(uint256 tokenId) private view returns (IMintGate.TokenRecord memory record) {
        record = _mintGate.tokenRecord(tokenId);
        if (record.grantedRights == 0) revert VaultUnknownToken(tokenId);
    }
}

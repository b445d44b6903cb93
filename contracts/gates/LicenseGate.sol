// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {DomainTags} from "../generated/DomainTags.sol";
import {LicenseeSignals as S} from "../generated/PublicSignals.sol";
import {ILicenseGate} from "../interfaces/ILicenseGate.sol";
import {IMintGate} from "../interfaces/IMintGate.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {IRoyaltyVault} from "../interfaces/IRoyaltyVault.sol";
import {Groth16Proof, ILicenseeVerifier} from "../interfaces/IVerifiers.sol";
import {ProofContext} from "../libraries/ProofContext.sol";
import {RegulatorGoverned} from "./RegulatorGoverned.sol";

/// @title LicenseGate
/// @notice Sells usage licenses of minted assets to enrolled licensees for a fee per right bit, set by the
/// regulator. Records each license on chain (`licensedRights`) and forwards the fee to the token's
/// accrual in the royalty vault.
contract LicenseGate is ILicenseGate, RegulatorGoverned {
    IMintGate private immutable _mintGate;
    IRoyaltyVault private immutable _vault;
    ILicenseeVerifier private immutable _verifier;

    /// @dev Fee of right bit i at index i (16 = DomainTags.RIGHTS_BITS; array lengths must be literals).
    uint256[16] private _rightFees;
    mapping(uint256 nullifier => bool) private _nullifierUsed;
    mapping(uint256 tokenId => mapping(address account => uint16)) private _licensedRights;

    /// @param registry_ The registry (licensee roots, governance).
    /// @param mintGate_ The mint gate whose tokens are licensed (its vault receives the fees).
    /// @param verifier_ The generated licensee verifier.
    /// @param rightFees Fee in wei of each right bit (index i: right 1 << i).
    constructor(
        IRegistry registry_,
        IMintGate mintGate_,
        ILicenseeVerifier verifier_,
        uint256[16] memory rightFees
    ) RegulatorGoverned(registry_) {
        _mintGate = mintGate_;
        _vault = mintGate_.royaltyVault();
        _verifier = verifier_;
        for (uint256 i; i < DomainTags.RIGHTS_BITS; ++i) {
            _setRightFee(uint16(1 << i), i, rightFees[i]);
        }
    }

    /// @inheritdoc ILicenseGate
    function license(
        uint256 tokenId,
        uint16 usageRights,
        Groth16Proof calldata proof,
        uint256[5] calldata pub
    ) external payable {
        for (uint256 i; i < S.COUNT; ++i) {
            if (pub[i] >= SNARK_SCALAR_FIELD) revert LicenseSignalOutOfField(i, pub[i]);
        }
        uint16 grantedRights = _mintGate.tokenRecord(tokenId).grantedRights;
        if (grantedRights == 0) revert LicenseUnknownToken(tokenId);
        if (usageRights == 0) revert LicenseEmptyUsage();
        if (usageRights & ~grantedRights != 0) revert LicenseRightsNotGranted(tokenId, usageRights, grantedRights);
        if (pub[S.TOKEN_ID] != tokenId) revert LicenseSignalMismatch(S.TOKEN_ID, tokenId, pub[S.TOKEN_ID]);
        if (pub[S.USAGE_RIGHTS] != usageRights) {
            revert LicenseSignalMismatch(S.USAGE_RIGHTS, usageRights, pub[S.USAGE_RIGHTS]);
        }
        IRegistry.RootStatus status = _registry.rootStatus(IRegistry.Tree.Licensee, pub[S.LICENSEE_ROOT]);
        if (status == IRegistry.RootStatus.Compromised) {
            revert LicenseCompromisedRoot(pub[S.LICENSEE_ROOT], _registry.lastCompromisedAt(IRegistry.Tree.Licensee));
        }
        if (status != IRegistry.RootStatus.Current && status != IRegistry.RootStatus.Recent) {
            revert LicenseUnknownRoot(pub[S.LICENSEE_ROOT]);
        }
        uint256 expected = licenseContext(msg.sender, tokenId, usageRights);
        if (pub[S.CONTEXT] != expected) revert LicenseContextMismatch(expected, pub[S.CONTEXT]);
        uint256 nullifier = pub[S.NULLIFIER];
        if (_nullifierUsed[nullifier]) revert LicenseNullifierUsed(nullifier);
        uint256 fee = feeFor(usageRights);
        if (msg.value != fee) revert LicenseWrongFee(fee, msg.value);
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, pub)) revert LicenseInvalidProof();

        _nullifierUsed[nullifier] = true;
        _licensedRights[tokenId][msg.sender] |= usageRights;
        emit Licensed(tokenId, msg.sender, usageRights, nullifier, fee);
        if (fee != 0) _vault.deposit{value: fee}(tokenId);
    }

    /// @inheritdoc ILicenseGate
    function setRightFee(uint16 right, uint256 fee) external onlyRegulator {
        if (right == 0 || right & (right - 1) != 0) revert LicenseInvalidRight(right);
        _setRightFee(right, _bitOf(right), fee);
    }

    /// @inheritdoc ILicenseGate
    function rightFee(uint16 right) external view returns (uint256) {
        if (right == 0 || right & (right - 1) != 0) revert LicenseInvalidRight(right);
        return _rightFees[_bitOf(right)];
    }

    /// @inheritdoc ILicenseGate
    function feeFor(uint16 usageRights) public view returns (uint256 fee) {
        for (uint256 i; usageRights >> i != 0; ++i) {
            if ((usageRights >> i) & 1 == 1) fee += _rightFees[i];
        }
    }

    /// @inheritdoc ILicenseGate
    function isNullifierUsed(uint256 nullifier) external view returns (bool) {
        return _nullifierUsed[nullifier];
    }

    /// @inheritdoc ILicenseGate
    function licensedRights(uint256 tokenId, address account) external view returns (uint16) {
        return _licensedRights[tokenId][account];
    }

    /// @inheritdoc ILicenseGate
    function licenseContext(address licensee, uint256 tokenId, uint16 usageRights) public view returns (uint256) {
        return ProofContext.compute(licensee, abi.encode(tokenId, uint256(usageRights)));
    }

    /// @inheritdoc ILicenseGate
    function registry() external view returns (IRegistry) {
        return _registry;
    }

    /// @inheritdoc ILicenseGate
    function mintGate() external view returns (IMintGate) {
        return _mintGate;
    }

    /// @inheritdoc ILicenseGate
    function verifier() external view returns (ILicenseeVerifier) {
        return _verifier;
    }

    function _setRightFee(uint16 right, uint256 bit, uint256 fee) private {
        uint256 oldFee = _rightFees[bit];
        _rightFees[bit] = fee;
        emit RightFeeSet(right, oldFee, fee);
    }

    /// @dev The bit position of a one-bit mask.
    function _bitOf(uint16 right) private pure returns (uint256 bit) {
        while (right >> bit != 1) ++bit;
    }
}

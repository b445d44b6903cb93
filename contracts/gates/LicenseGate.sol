// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {DomainTags} from "../generated/DomainTags.sol";
import {LicenseeSignals as S, RoyaltyClaimSignals as C} from "../generated/PublicSignals.sol";
import {ILicenseGate} from "../interfaces/ILicenseGate.sol";
import {IMintGate} from "../interfaces/IMintGate.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {IRoyaltyVault} from "../interfaces/IRoyaltyVault.sol";
import {Groth16Proof, ILicenseeVerifier, IRoyaltyClaimVerifier} from "../interfaces/IVerifiers.sol";
import {LicensePricing} from "../libraries/LicensePricing.sol";
import {PayeeTags} from "../libraries/PayeeTags.sol";
import {ProofContext} from "../libraries/ProofContext.sol";
import {RegulatorGoverned} from "./RegulatorGoverned.sol";

/// @title LicenseGate
/// @notice Sells usage licenses of minted assets to enrolled licensees: on the creator's terms where it set
/// them (perpetual, term or volume; ETH or an allowlisted ERC-20; fixed or linear price), else for the
/// regulator's fee per right bit. Records each license on chain (`licensedRights`, `holdingOf`) and forwards
/// the payment to the token's accrual in the royalty vault.
/// @dev ERC-20 payments travel licensee -> gate -> vault: the gate pulls the cost, approves the vault for
/// what arrived and the vault pulls and credits what arrives (so a fee-on-transfer token books its net).
/// Purchases run under a reentrancy guard and follow checks-effects-interactions.
contract LicenseGate is ILicenseGate, RegulatorGoverned, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Action tag of a terms update's context.
    bytes32 public constant SET_TERMS_ACTION = keccak256("zkprov.setTerms");

    IMintGate private immutable _mintGate;
    IRoyaltyVault private immutable _vault;
    ILicenseeVerifier private immutable _verifier;
    IRoyaltyClaimVerifier private immutable _claimVerifier;

    /// @dev Fee of right bit i at index i (16 = DomainTags.RIGHTS_BITS; array lengths must be literals).
    uint256[16] private _rightFees;
    /// @dev The account a licensee nullifier was first used by (renewals and top-ups must come from it).
    mapping(uint256 nullifier => address) private _nullifierAccount;
    /// @dev Perpetual licenses (the regulator's schedule and perpetual terms).
    mapping(uint256 tokenId => mapping(address account => uint16)) private _licensedRights;
    mapping(uint256 tokenId => mapping(uint256 bit => Terms)) private _terms;
    mapping(uint256 tokenId => mapping(uint256 bit => uint64)) private _sold;
    mapping(uint256 tokenId => uint256) private _termsNonces;
    mapping(uint256 tokenId => mapping(address account => mapping(uint256 bit => Holding))) private _holdings;
    mapping(address licensee => mapping(address operator => bool)) private _operators;

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
        _claimVerifier = _vault.verifier();
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
    ) external payable nonReentrant {
        _purchase(tokenId, usageRights, 1, type(uint256).max, proof, pub);
    }

    /// @inheritdoc ILicenseGate
    function purchase(
        uint256 tokenId,
        uint16 usageRights,
        uint64 quantity,
        uint256 maxCost,
        Groth16Proof calldata proof,
        uint256[5] calldata pub
    ) external payable nonReentrant returns (uint256 cost) {
        return _purchase(tokenId, usageRights, quantity, maxCost, proof, pub);
    }

    /// @inheritdoc ILicenseGate
    function setTerms(
        uint256 tokenId,
        uint16 rights,
        Terms calldata terms,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external {
        IMintGate.TokenRecord memory record = _mintGate.tokenRecord(tokenId);
        if (record.grantedRights == 0) revert LicenseUnknownToken(tokenId);
        if (rights == 0 || rights & ~record.grantedRights != 0) {
            revert LicenseTermsRightsNotGranted(tokenId, rights, record.grantedRights);
        }
        _checkTerms(terms);
        if (nullifier >= SNARK_SCALAR_FIELD) revert LicenseNullifierOutOfField(nullifier);
        if (PayeeTags.digest(tags.creatorTag, tags.licensorTag) != record.tagsDigest) {
            revert LicenseTagsMismatch(tokenId);
        }
        uint256[4] memory claimPub;
        claimPub[C.TAG] = tags.creatorTag;
        claimPub[C.ASSET_HASH] = tokenId;
        claimPub[C.NULLIFIER] = nullifier;
        claimPub[C.CONTEXT] = termsContext(tokenId, rights, terms);
        if (!_claimVerifier.verifyProof(proof.a, proof.b, proof.c, claimPub)) revert LicenseInvalidTermsProof();

        uint256 nonce = _termsNonces[tokenId]++;
        for (uint256 bit; rights >> bit != 0; ++bit) {
            if ((rights >> bit) & 1 == 1) _terms[tokenId][bit] = terms;
        }
        emit TermsSet(tokenId, rights, nonce, terms);
    }

    /// @inheritdoc ILicenseGate
    function useUnits(uint256 tokenId, uint16 right, address licensee, uint64 units, bytes32 ref) external {
        if (msg.sender != licensee && !_operators[licensee][msg.sender]) {
            revert LicenseNotUsageOperator(licensee, msg.sender);
        }
        if (right == 0 || right & (right - 1) != 0) revert LicenseInvalidRight(right);
        if (units == 0) revert LicenseQuantityOutOfRange(units, 0);
        Holding storage h = _holdings[tokenId][licensee][_bitOf(right)];
        uint64 remaining = h.units;
        if (units > remaining) revert LicenseInsufficientUnits(tokenId, licensee, right, units, remaining);
        remaining -= units;
        h.units = remaining;
        emit UnitsUsed(tokenId, licensee, right, msg.sender, units, remaining, ref);
    }

    /// @inheritdoc ILicenseGate
    function setUsageOperator(address operator, bool approved) external {
        _operators[msg.sender][operator] = approved;
        emit UsageOperatorSet(msg.sender, operator, approved);
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
        return _nullifierAccount[nullifier] != address(0);
    }

    /// @inheritdoc ILicenseGate
    function licensedRights(uint256 tokenId, address account) external view returns (uint16 rights) {
        rights = _licensedRights[tokenId][account];
        uint16 granted = _mintGate.tokenRecord(tokenId).grantedRights;
        for (uint256 bit; granted >> bit != 0; ++bit) {
            if ((granted >> bit) & 1 == 0) continue;
            Holding memory h = _holdings[tokenId][account][bit];
            // solhint-disable-next-line not-rely-on-time
            if (h.units != 0 || h.validUntil > block.timestamp) rights |= uint16(1 << bit);
        }
    }

    /// @inheritdoc ILicenseGate
    function termsOf(uint256 tokenId, uint16 right) external view returns (Terms memory) {
        if (right == 0 || right & (right - 1) != 0) revert LicenseInvalidRight(right);
        return _terms[tokenId][_bitOf(right)];
    }

    /// @inheritdoc ILicenseGate
    function soldOf(uint256 tokenId, uint16 right) external view returns (uint64) {
        if (right == 0 || right & (right - 1) != 0) revert LicenseInvalidRight(right);
        return _sold[tokenId][_bitOf(right)];
    }

    /// @inheritdoc ILicenseGate
    function termsNonce(uint256 tokenId) external view returns (uint256) {
        return _termsNonces[tokenId];
    }

    /// @inheritdoc ILicenseGate
    function quote(
        uint256 tokenId,
        uint16 usageRights,
        uint64 quantity
    ) external view returns (address currency, uint256 cost) {
        uint16 grantedRights = _mintGate.tokenRecord(tokenId).grantedRights;
        if (grantedRights == 0) revert LicenseUnknownToken(tokenId);
        if (usageRights == 0) revert LicenseEmptyUsage();
        if (usageRights & ~grantedRights != 0) revert LicenseRightsNotGranted(tokenId, usageRights, grantedRights);
        (bool onTerms, uint256 bit) = _termsBit(tokenId, usageRights);
        if (!onTerms) {
            if (quantity != 1) revert LicenseQuantityOutOfRange(quantity, 0);
            return (address(0), feeFor(usageRights));
        }
        Terms memory t = _terms[tokenId][bit];
        if (t.mode == Mode.Closed) revert LicenseNotOffered(tokenId, usageRights);
        uint64 sold = _sold[tokenId][bit];
        _checkQuantity(t.mode, quantity, sold);
        return (t.currency, LicensePricing.cost(t.price, t.slope, quantity, sold));
    }

    /// @inheritdoc ILicenseGate
    function holdingOf(uint256 tokenId, address licensee, uint16 right) external view returns (Holding memory) {
        if (right == 0 || right & (right - 1) != 0) revert LicenseInvalidRight(right);
        return _holdings[tokenId][licensee][_bitOf(right)];
    }

    /// @inheritdoc ILicenseGate
    function isUsageOperator(address licensee, address operator) external view returns (bool) {
        return _operators[licensee][operator];
    }

    /// @inheritdoc ILicenseGate
    function termsContext(uint256 tokenId, uint16 rights, Terms calldata terms) public view returns (uint256) {
        return
            ProofContext.compute(
                address(0),
                abi.encode(SET_TERMS_ACTION, tokenId, uint256(rights), _termsNonces[tokenId], terms)
            );
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

    /// @inheritdoc ILicenseGate
    function vault() external view returns (IRoyaltyVault) {
        return _vault;
    }

    function _purchase(
        uint256 tokenId,
        uint16 usageRights,
        uint64 quantity,
        uint256 maxCost,
        Groth16Proof calldata proof,
        uint256[5] calldata pub
    ) private returns (uint256) {
        uint256 nullifier = _checkLicensee(tokenId, usageRights, proof, pub);
        (bool onTerms, uint256 bit) = _termsBit(tokenId, usageRights);
        if (onTerms) return _purchaseOnTerms(tokenId, usageRights, bit, quantity, maxCost, nullifier);
        if (quantity != 1) revert LicenseQuantityOutOfRange(quantity, 0);
        if (_nullifierAccount[nullifier] != address(0)) revert LicenseNullifierUsed(nullifier);
        uint256 cost = feeFor(usageRights);
        if (msg.value != cost) revert LicenseWrongFee(cost, msg.value);
        _nullifierAccount[nullifier] = msg.sender;
        _licensedRights[tokenId][msg.sender] |= usageRights;
        emit Licensed(tokenId, msg.sender, usageRights, nullifier, cost);
        if (cost != 0) _vault.deposit{value: cost}(tokenId);
        return cost;
    }

    function _purchaseOnTerms(
        uint256 tokenId,
        uint16 right,
        uint256 bit,
        uint64 quantity,
        uint256 maxCost,
        uint256 nullifier
    ) private returns (uint256 cost) {
        Terms memory t = _terms[tokenId][bit];
        if (t.mode == Mode.Closed) revert LicenseNotOffered(tokenId, right);
        uint64 sold = _sold[tokenId][bit];
        _checkQuantity(t.mode, quantity, sold);
        address holder = _nullifierAccount[nullifier];
        // Perpetual licenses sell once per identity; term and volume licenses renew from the same account.
        if (holder != address(0) && (t.mode == Mode.Perpetual || holder != msg.sender)) {
            revert LicenseNullifierUsed(nullifier);
        }
        cost = LicensePricing.cost(t.price, t.slope, quantity, sold);
        if (t.currency == address(0)) {
            if (msg.value != cost) revert LicenseWrongFee(cost, msg.value);
        } else {
            if (msg.value != 0) revert LicenseWrongFee(0, msg.value);
            if (cost > maxCost) revert LicenseCostAboveMax(cost, maxCost);
        }

        _nullifierAccount[nullifier] = msg.sender;
        _sold[tokenId][bit] = sold + quantity;
        Holding memory h = _grant(tokenId, bit, right, t, quantity);
        _emitLicensedOnTerms(tokenId, right, t, quantity, cost, h, nullifier);
        if (cost != 0) _collect(tokenId, t.currency, cost);
    }

    function _emitLicensedOnTerms(
        uint256 tokenId,
        uint16 right,
        Terms memory t,
        uint64 quantity,
        uint256 cost,
        Holding memory h,
        uint256 nullifier
    ) private {
        emit LicensedOnTerms(
            tokenId,
            msg.sender,
            right,
            t.mode,
            quantity,
            t.currency,
            cost,
            h.validUntil,
            h.units,
            nullifier
        );
    }

    /// @dev Every check of the licensee proof and its public signals; returns the nullifier.
    function _checkLicensee(
        uint256 tokenId,
        uint16 usageRights,
        Groth16Proof calldata proof,
        uint256[5] calldata pub
    ) private view returns (uint256 nullifier) {
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
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, pub)) revert LicenseInvalidProof();
        nullifier = pub[S.NULLIFIER];
    }

    /// @dev Extends the buyer's term license or adds units to its volume license (or records a perpetual one).
    function _grant(
        uint256 tokenId,
        uint256 bit,
        uint16 right,
        Terms memory t,
        uint64 quantity
    ) private returns (Holding memory h) {
        if (t.mode == Mode.Perpetual) {
            _licensedRights[tokenId][msg.sender] |= right;
            return h;
        }
        Holding storage stored = _holdings[tokenId][msg.sender][bit];
        h = stored;
        if (t.mode == Mode.Term) {
            // solhint-disable-next-line not-rely-on-time
            uint256 start = h.validUntil > block.timestamp ? h.validUntil : block.timestamp;
            uint256 until = start + uint256(quantity) * t.duration;
            if (until > type(uint64).max) revert LicenseQuantityOutOfRange(quantity, h.validUntil);
            h.validUntil = uint64(until);
        } else {
            if (quantity > type(uint64).max - h.units) revert LicenseQuantityOutOfRange(quantity, h.units);
            h.units += quantity;
        }
        stored.validUntil = h.validUntil;
        stored.units = h.units;
    }

    /// @dev Moves `cost` of `currency` from the buyer to the token's accrual in the vault.
    function _collect(uint256 tokenId, address currency, uint256 cost) private {
        if (currency == address(0)) {
            _vault.deposit{value: cost}(tokenId);
            return;
        }
        IERC20 token = IERC20(currency);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), cost);
        uint256 arrived = token.balanceOf(address(this)) - before;
        token.forceApprove(address(_vault), arrived);
        _vault.depositToken(tokenId, token, arrived);
    }

    /// @dev Whether `usageRights` sells under terms (then it must be one bit, returned) or on the schedule.
    function _termsBit(uint256 tokenId, uint16 usageRights) private view returns (bool onTerms, uint256 bit) {
        for (uint256 i; usageRights >> i != 0; ++i) {
            if ((usageRights >> i) & 1 == 1 && _terms[tokenId][i].mode != Mode.Default) onTerms = true;
        }
        if (!onTerms) return (false, 0);
        if (usageRights & (usageRights - 1) != 0) revert LicenseTermsNeedOneRight(usageRights);
        bit = _bitOf(usageRights);
    }

    function _checkQuantity(Mode mode, uint64 quantity, uint64 sold) private pure {
        if (!LicensePricing.fits(quantity, sold) || (mode == Mode.Perpetual && quantity != 1)) {
            revert LicenseQuantityOutOfRange(quantity, sold);
        }
    }

    /// @dev Terms that say one thing only: each mode's own fields set, the others zero; a known currency.
    function _checkTerms(Terms calldata t) private view {
        if (t.mode == Mode.Default || t.mode == Mode.Closed) {
            if (
                t.pricing != Pricing.Fixed ||
                t.currency != address(0) ||
                t.duration != 0 ||
                t.unit != bytes32(0) ||
                t.price != 0 ||
                t.slope != 0
            ) revert LicenseInvalidTerms(TermsFault.NotEmpty);
            return;
        }
        if ((t.mode == Mode.Term) != (t.duration != 0)) revert LicenseInvalidTerms(TermsFault.DurationMismatch);
        if ((t.mode == Mode.Volume) != (t.unit != bytes32(0))) revert LicenseInvalidTerms(TermsFault.UnitMismatch);
        if (t.pricing == Pricing.Fixed && t.slope != 0) revert LicenseInvalidTerms(TermsFault.SlopeWithoutCurve);
        if (!_vault.isCurrencyAllowed(t.currency)) revert LicenseCurrencyNotAllowed(t.currency);
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

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
/// them (perpetual, term or volume; ETH or an allowlisted ERC-20; fixed, linear or tiered price), else for the
/// regulator's fee per right bit; one purchase may mix bits of both kinds, settled in one currency. Records each license on chain (`licensedRights`, `holdingOf`) and forwards
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
        _purchase(tokenId, usageRights, _each(usageRights, 1), type(uint256).max, proof, pub);
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
        return _purchase(tokenId, usageRights, _each(usageRights, quantity), maxCost, proof, pub);
    }

    /// @inheritdoc ILicenseGate
    function purchaseEach(
        uint256 tokenId,
        uint16 usageRights,
        uint64[] calldata quantities,
        uint256 maxCost,
        Groth16Proof calldata proof,
        uint256[5] calldata pub
    ) external payable nonReentrant returns (uint256 cost) {
        return _purchase(tokenId, usageRights, quantities, maxCost, proof, pub);
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
        return _quote(tokenId, usageRights, _each(usageRights, quantity));
    }

    /// @inheritdoc ILicenseGate
    function quoteEach(
        uint256 tokenId,
        uint16 usageRights,
        uint64[] calldata quantities
    ) external view returns (address currency, uint256 cost) {
        return _quote(tokenId, usageRights, quantities);
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

    /// @dev A purchase being priced, bit by bit (kept in memory: one frame holds too few stack slots).
    struct Sale {
        uint256 tokenId;
        uint256 nullifier;
        /// The identity bought these rights before, from this account (renewal or top-up).
        bool renewal;
        /// Bits priced so far; the first fixes the currency.
        uint256 bits;
        address currency;
        uint256 total;
        /// Bits sold on the regulator's schedule, and their fees.
        uint16 scheduled;
        uint256 scheduledFee;
    }

    function _purchase(
        uint256 tokenId,
        uint16 usageRights,
        uint64[] memory quantities,
        uint256 maxCost,
        Groth16Proof calldata proof,
        uint256[5] calldata pub
    ) private returns (uint256) {
        uint256 nullifier = _checkLicensee(tokenId, usageRights, proof, pub);
        _checkQuantities(usageRights, quantities.length);
        address holder = _nullifierAccount[nullifier];
        // One identity, one account per (token, usage): renewals and top-ups come from the first buyer.
        if (holder != address(0) && holder != msg.sender) revert LicenseNullifierUsed(nullifier);
        Sale memory sale;
        sale.tokenId = tokenId;
        sale.nullifier = nullifier;
        sale.renewal = holder != address(0);
        for (uint256 bit; usageRights >> bit != 0; ++bit) {
            if ((usageRights >> bit) & 1 == 1) _sellBit(sale, bit, quantities[sale.bits]);
        }
        if (sale.currency == address(0)) {
            if (msg.value != sale.total) revert LicenseWrongFee(sale.total, msg.value);
        } else {
            if (msg.value != 0) revert LicenseWrongFee(0, msg.value);
            if (sale.total > maxCost) revert LicenseCostAboveMax(sale.total, maxCost);
        }

        _nullifierAccount[nullifier] = msg.sender;
        if (sale.scheduled != 0) {
            _licensedRights[tokenId][msg.sender] |= sale.scheduled;
            emit Licensed(tokenId, msg.sender, sale.scheduled, nullifier, sale.scheduledFee);
        }
        if (sale.total != 0) _collect(tokenId, sale.currency, sale.total);
        return sale.total;
    }

    /// @dev Prices one bit of a purchase and grants it (the payment is checked after the last bit; a revert
    /// there undoes every grant).
    function _sellBit(Sale memory sale, uint256 bit, uint64 quantity) private {
        uint16 right = uint16(1 << bit);
        (Terms memory t, uint64 sold, uint256 cost) = _priceBit(sale.tokenId, bit, quantity);
        sale.currency = _sameCurrency(sale.bits++, sale.currency, t.currency, right);
        // Perpetual and scheduled licenses sell once per identity; term and volume licenses renew.
        if (sale.renewal && (t.mode == Mode.Default || t.mode == Mode.Perpetual)) {
            revert LicenseNullifierUsed(sale.nullifier);
        }
        sale.total += cost;
        if (t.mode == Mode.Default) {
            sale.scheduled |= right;
            sale.scheduledFee += cost;
            return;
        }
        _sold[sale.tokenId][bit] = sold + quantity;
        Holding memory h = _grant(sale.tokenId, bit, right, t, quantity);
        _emitLicensedOnTerms(sale.tokenId, right, t, quantity, cost, h, sale.nullifier);
    }

    /// @dev The currency and total cost of a purchase (the checks of `purchaseEach` that need no proof).
    function _quote(
        uint256 tokenId,
        uint16 usageRights,
        uint64[] memory quantities
    ) private view returns (address currency, uint256 total) {
        uint16 grantedRights = _mintGate.tokenRecord(tokenId).grantedRights;
        if (grantedRights == 0) revert LicenseUnknownToken(tokenId);
        if (usageRights == 0) revert LicenseEmptyUsage();
        if (usageRights & ~grantedRights != 0) revert LicenseRightsNotGranted(tokenId, usageRights, grantedRights);
        _checkQuantities(usageRights, quantities.length);
        uint256 n;
        for (uint256 bit; usageRights >> bit != 0; ++bit) {
            if ((usageRights >> bit) & 1 == 0) continue;
            (Terms memory t, , uint256 cost) = _priceBit(tokenId, bit, quantities[n]);
            currency = _sameCurrency(n++, currency, t.currency, uint16(1 << bit));
            total += cost;
        }
    }

    /// @dev The terms of one bit, how many were sold and the cost of `quantity` more. A bit without terms sells
    /// on the regulator's schedule: one perpetual license, in ETH, for its fee.
    function _priceBit(
        uint256 tokenId,
        uint256 bit,
        uint64 quantity
    ) private view returns (Terms memory t, uint64 sold, uint256 cost) {
        t = _terms[tokenId][bit];
        if (t.mode == Mode.Default) {
            if (quantity != 1) revert LicenseQuantityOutOfRange(quantity, 0);
            return (t, 0, _rightFees[bit]);
        }
        if (t.mode == Mode.Closed) revert LicenseNotOffered(tokenId, uint16(1 << bit));
        sold = _sold[tokenId][bit];
        _checkQuantity(t.mode, quantity, sold);
        cost = LicensePricing.costOf(t, quantity, sold);
    }

    /// @dev The purchase's currency after bit number `index` (`right`) asks for `currency`.
    function _sameCurrency(
        uint256 index,
        address current,
        address currency,
        uint16 right
    ) private pure returns (address) {
        if (index != 0 && currency != current) revert LicenseMixedCurrencies(right, currency, current);
        return currency;
    }

    /// @dev One quantity per right bit.
    function _checkQuantities(uint16 usageRights, uint256 given) private pure {
        uint256 bits = _bitCount(usageRights);
        if (given != bits) revert LicenseQuantitiesMismatch(usageRights, bits, given);
    }

    /// @dev `quantity` for each right bit of `usageRights`.
    function _each(uint16 usageRights, uint64 quantity) private pure returns (uint64[] memory quantities) {
        quantities = new uint64[](_bitCount(usageRights));
        for (uint256 i; i < quantities.length; ++i) quantities[i] = quantity;
    }

    function _bitCount(uint16 rights) private pure returns (uint256 bits) {
        for (; rights != 0; rights &= rights - 1) ++bits;
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
                t.slope != 0 ||
                t.tier != 0
            ) revert LicenseInvalidTerms(TermsFault.NotEmpty);
            return;
        }
        if ((t.mode == Mode.Term) != (t.duration != 0)) revert LicenseInvalidTerms(TermsFault.DurationMismatch);
        if ((t.mode == Mode.Volume) != (t.unit != bytes32(0))) revert LicenseInvalidTerms(TermsFault.UnitMismatch);
        if (t.pricing == Pricing.Fixed && t.slope != 0) revert LicenseInvalidTerms(TermsFault.SlopeWithoutCurve);
        if ((t.pricing == Pricing.Step) != (t.tier != 0)) revert LicenseInvalidTerms(TermsFault.TierMismatch);
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

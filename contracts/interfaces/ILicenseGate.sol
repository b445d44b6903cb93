// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMintGate} from "./IMintGate.sol";
import {IRegistry} from "./IRegistry.sol";
import {Groth16Proof, ILicenseeVerifier} from "./IVerifiers.sol";
import {IRoyaltyVault} from "./IRoyaltyVault.sol";

/// @title ILicenseGate
/// @notice Sells usage licenses (COMMERCIAL, DERIVATIVES, ...) of minted assets to enrolled licensees.
/// A licensee proves membership of the licensee registry without revealing which member it is; the
/// nullifier Poseidon(TAG_NULL, sE, tokenId, usageRights) ties one enrolled identity to one account per
/// (token, usage). The fee accrues to the token in the royalty vault.
///
/// Prices: a token's creator sets `Terms` per right bit, anonymously, with a royalty-claim proof of its
/// creator tag whose context binds the token, the rights, the terms and the token's terms nonce (so a terms
/// proof cannot set other terms, nor be replayed after a later update). A right without terms (`Mode.Default`)
/// sells on the regulator's schedule (`rightFee`, ETH, perpetual, once per licensee). With terms a right sells
/// perpetual, term (until a time; buying again extends it) or volume licenses (units, topped up by buying
/// again), in ETH or an allowlisted ERC-20, at a fixed price, one linear in the number sold, or one that steps
/// up by tiers of the number sold (`LicensePricing`). One purchase may cover several right bits, each priced by
/// its own terms (or the schedule), all settled in one currency: the contract sums the bits' costs.
///
/// Volume trust model: units are used by the licensee's own report (`useUnits`, by the licensee or an
/// operator it authorised); the chain records and events each report but cannot observe real use.
/// @dev The public signals are ordered as in `LicenseeSignals`. The licensee is `msg.sender`, bound into
/// the context, so a proof seen in the mempool cannot be used by another account.
interface ILicenseGate {
    /// @notice How a right of a token is sold.
    enum Mode {
        Default,
        Closed,
        Perpetual,
        Term,
        Volume
    }

    /// @notice How the price moves with sales.
    enum Pricing {
        Fixed,
        Linear,
        Step
    }

    /// @notice Why terms were refused.
    enum TermsFault {
        NotEmpty,
        DurationMismatch,
        UnitMismatch,
        SlopeWithoutCurve,
        TierMismatch
    }

    /// @notice A creator's terms for one right bit of a token.
    /// @param mode Default (the regulator's schedule), Closed (not sold), Perpetual, Term or Volume.
    /// @param pricing Fixed, Linear or Step.
    /// @param currency `address(0)` for ETH, else an ERC-20 the vault allowlists.
    /// @param duration Term: seconds one period runs (nonzero); otherwise 0.
    /// @param unit Volume: what a unit is (e.g. "inference", "seat"); otherwise 0.
    /// @param price Cost of one license, period or unit when none were sold (the first license's price).
    /// @param slope Linear: what each license, period or unit sold adds to the next one's price; Step: what
    /// each full tier sold adds; Fixed: 0.
    /// @param tier Step: how many licenses, periods or units sell at one price before it steps up by `slope`
    /// (nonzero); otherwise 0.
    struct Terms {
        Mode mode;
        Pricing pricing;
        address currency;
        uint64 duration;
        bytes32 unit;
        uint128 price;
        uint128 slope;
        uint64 tier;
    }

    /// @notice What `account` holds of one right of a token besides a perpetual license.
    /// @param validUntil Term licenses: in force while `block.timestamp < validUntil`.
    /// @param units Volume licenses: units left.
    struct Holding {
        uint64 validUntil;
        uint64 units;
    }

    /// @notice Public signal `index` is not below the BN254 scalar field.
    error LicenseSignalOutOfField(uint256 index, uint256 value);
    /// @notice No token `tokenId` was minted.
    error LicenseUnknownToken(uint256 tokenId);
    /// @notice The requested usage is empty.
    error LicenseEmptyUsage();
    /// @notice The requested usage has a right the token was not granted.
    error LicenseRightsNotGranted(uint256 tokenId, uint16 usageRights, uint16 grantedRights);
    /// @notice Public signal `index` differs from the call's argument.
    error LicenseSignalMismatch(uint256 index, uint256 expected, uint256 actual);
    /// @notice The proof's licensee root is not known to the registry.
    error LicenseUnknownRoot(uint256 root);
    /// @notice The licensee root is older than the licensee tree's last compromise (KYC withdrawn at
    /// `compromisedAt`): make the proof again against the registry's current root.
    error LicenseCompromisedRoot(uint256 root, uint256 compromisedAt);
    /// @notice The proof's context is not the one for this chain, gate, licensee, token and usage.
    error LicenseContextMismatch(uint256 expected, uint256 actual);
    /// @notice This licensee already bought this usage of this token.
    error LicenseNullifierUsed(uint256 nullifier);
    /// @notice The ETH sent is not the fee for the usage.
    error LicenseWrongFee(uint256 expected, uint256 actual);
    /// @notice The licensee verifier rejected the proof.
    error LicenseInvalidProof();
    /// @notice A fee can be set only for one right bit at a time.
    error LicenseInvalidRight(uint16 right);
    /// @notice Terms are set for no right, or for a right the token was not granted.
    error LicenseTermsRightsNotGranted(uint256 tokenId, uint16 rights, uint16 grantedRights);
    /// @notice The terms are inconsistent (`fault` says how).
    error LicenseInvalidTerms(TermsFault fault);
    /// @notice The currency is neither ETH nor allowlisted by the vault.
    error LicenseCurrencyNotAllowed(address currency);
    /// @notice The creator-tag nullifier is not below the BN254 scalar field.
    error LicenseNullifierOutOfField(uint256 nullifier);
    /// @notice The tags given are not the ones the token was minted with.
    error LicenseTagsMismatch(uint256 tokenId);
    /// @notice The royalty-claim verifier rejected the creator's terms proof.
    error LicenseInvalidTermsProof();
    /// @notice A purchase of `usageRights` gives `actual` quantities; it needs one per right bit (`expected`).
    error LicenseQuantitiesMismatch(uint16 usageRights, uint256 expected, uint256 actual);
    /// @notice One purchase settles in one currency: `right` sells in `currency`, an earlier bit in `expected`
    /// (rights on the regulator's schedule sell in ETH).
    error LicenseMixedCurrencies(uint16 right, address currency, address expected);
    /// @notice The creator does not sell `right` of `tokenId`.
    error LicenseNotOffered(uint256 tokenId, uint16 right);
    /// @notice Quantity zero, above 2^32 - 1, more than a perpetual license's 1, or past a counter's bound.
    error LicenseQuantityOutOfRange(uint64 quantity, uint64 sold);
    /// @notice The cost of the purchase is above the buyer's `maxCost`.
    error LicenseCostAboveMax(uint256 cost, uint256 maxCost);
    /// @notice Only the licensee or an operator it authorised reports its use.
    error LicenseNotUsageOperator(address licensee, address caller);
    /// @notice Using `requested` units of a volume license that has `remaining`.
    error LicenseInsufficientUnits(uint256 tokenId, address licensee, uint16 right, uint64 requested, uint64 remaining);

    /// @notice `licensee` bought `usageRights` of `tokenId` on the regulator's schedule for `fee` wei (accrued to
    /// the token in the vault). In a purchase that also has bits on terms, `usageRights` holds the scheduled bits
    /// only; each bit on terms emits its own `LicensedOnTerms`.
    event Licensed(
        uint256 indexed tokenId,
        address indexed licensee,
        uint16 usageRights,
        uint256 nullifier,
        uint256 fee
    );
    /// @notice The fee of one right bit changed.
    event RightFeeSet(uint16 indexed right, uint256 oldFee, uint256 newFee);
    /// @notice The creator set `terms` for each bit of `rights` of `tokenId` (update number `nonce`).
    event TermsSet(uint256 indexed tokenId, uint16 rights, uint256 nonce, Terms terms);
    /// @notice `licensee` bought `quantity` of `right` (one bit) of `tokenId` under the creator's terms for `cost` in
    /// `currency`; `validUntil` and `units` are its holding after the purchase (0 where they do not apply).
    event LicensedOnTerms(
        uint256 indexed tokenId,
        address indexed licensee,
        uint16 right,
        Mode mode,
        uint64 quantity,
        address currency,
        uint256 cost,
        uint64 validUntil,
        uint64 units,
        uint256 nullifier
    );
    /// @notice `units` of `licensee`'s volume license were used, reported by `operator`; `remaining` are left.
    event UnitsUsed(
        uint256 indexed tokenId,
        address indexed licensee,
        uint16 right,
        address operator,
        uint64 units,
        uint64 remaining,
        bytes32 ref
    );
    /// @notice `licensee` authorised (or revoked) `operator` to report its use.
    event UsageOperatorSet(address indexed licensee, address indexed operator, bool approved);

    /// @notice Buys one license of `usageRights` of `tokenId` for `msg.sender` (`purchase` with quantity 1,
    /// ETH: the regulator's fee or the creator's ETH price).
    /// @param tokenId The asset token.
    /// @param usageRights The rights bought: nonzero, within the token's grantedRights.
    /// @param proof The Groth16 licensee proof.
    /// @param pub The 5 public signals, in `LicenseeSignals` order.
    function license(
        uint256 tokenId,
        uint16 usageRights,
        Groth16Proof calldata proof,
        uint256[5] calldata pub
    ) external payable;

    /// @notice Buys `quantity` licenses (perpetual: 1), periods (term) or units (volume) of each right bit of
    /// `usageRights` of `tokenId` for `msg.sender`: `purchaseEach` with `quantity` for every bit.
    /// @param tokenId The asset token.
    /// @param usageRights The rights bought: nonzero, within the token's grantedRights.
    /// @param quantity Licenses, periods or units; 1 for perpetual licenses.
    /// @param maxCost The most the buyer pays (ERC-20 purchases; ETH purchases send the exact cost).
    /// @param proof The Groth16 licensee proof.
    /// @param pub The 5 public signals, in `LicenseeSignals` order.
    /// @return cost What was paid.
    function purchase(
        uint256 tokenId,
        uint16 usageRights,
        uint64 quantity,
        uint256 maxCost,
        Groth16Proof calldata proof,
        uint256[5] calldata pub
    ) external payable returns (uint256 cost);

    /// @notice Buys `quantities[i]` of the i-th right bit of `usageRights` (lowest bit first) of `tokenId` for
    /// `msg.sender`, each bit priced by its own terms: licenses (perpetual and the regulator's schedule: 1),
    /// periods (term) or units (volume). Bits without terms sell on the regulator's schedule (ETH, perpetual).
    /// All bits settle in one currency (else `LicenseMixedCurrencies`); the cost is the sum of the bits'
    /// costs, computed here. Payment is exact, so nothing is refunded: ETH: `msg.value` must be the cost
    /// (`maxCost` is not read); ERC-20: no ETH may be sent, the cost must be at most `maxCost`, and the gate
    /// pulls exactly the cost (approve the gate first). Buying again with the same identity (same nullifier,
    /// i.e. the same `usageRights`) from the same account renews term licenses and tops up volume licenses;
    /// a purchase with a perpetual or scheduled bit cannot be repeated.
    /// @param quantities One per right bit of `usageRights`, lowest bit first.
    /// @return cost What was paid (the sum over the bits).
    function purchaseEach(
        uint256 tokenId,
        uint16 usageRights,
        uint64[] calldata quantities,
        uint256 maxCost,
        Groth16Proof calldata proof,
        uint256[5] calldata pub
    ) external payable returns (uint256 cost);

    /// @notice Sets the terms of each bit of `rights` of `tokenId`, on the creator's royalty-claim proof for
    /// its creator tag with context `termsContext(tokenId, rights, terms)`. Anyone may send it (a relayer).
    /// @param tags The token's creator and licensor tags (from its `Minted` event).
    function setTerms(
        uint256 tokenId,
        uint16 rights,
        Terms calldata terms,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external;

    /// @notice Reports the use of `units` of `licensee`'s volume license of `right` of `tokenId`.
    /// @dev By the licensee or an operator it authorised; `ref` is free for the reporter (e.g. a job id).
    function useUnits(uint256 tokenId, uint16 right, address licensee, uint64 units, bytes32 ref) external;

    /// @notice Authorises (or revokes) `operator` to report the use of `msg.sender`'s volume licenses.
    function setUsageOperator(address operator, bool approved) external;

    /// @notice The terms of one right bit of `tokenId` (`Mode.Default` if the creator set none).
    function termsOf(uint256 tokenId, uint16 right) external view returns (Terms memory);

    /// @notice How many licenses, periods or units of one right bit of `tokenId` were sold under terms.
    function soldOf(uint256 tokenId, uint16 right) external view returns (uint64);

    /// @notice The terms nonce of `tokenId`: how many times its terms were set (bound into the next context).
    function termsNonce(uint256 tokenId) external view returns (uint256);

    /// @notice The currency and cost of buying `quantity` of each bit of `usageRights` of `tokenId` now.
    function quote(
        uint256 tokenId,
        uint16 usageRights,
        uint64 quantity
    ) external view returns (address currency, uint256 cost);

    /// @notice The currency and cost of `purchaseEach(tokenId, usageRights, quantities, ...)` now.
    function quoteEach(
        uint256 tokenId,
        uint16 usageRights,
        uint64[] calldata quantities
    ) external view returns (address currency, uint256 cost);

    /// @notice What `licensee` holds of one right bit of `tokenId` (term end, units left).
    function holdingOf(uint256 tokenId, address licensee, uint16 right) external view returns (Holding memory);

    /// @notice Whether `operator` may report `licensee`'s use.
    function isUsageOperator(address licensee, address operator) external view returns (bool);

    /// @notice The context the creator's proof for setting `terms` on `rights` of `tokenId` must bind:
    /// chain, gate, action, token, rights, the token's current terms nonce and the terms.
    function termsContext(uint256 tokenId, uint16 rights, Terms calldata terms) external view returns (uint256);

    /// @notice Sets the fee (wei) of one right bit; a license costs the sum over its bits.
    /// @dev Only the regulator (the registry's default admin).
    function setRightFee(uint16 right, uint256 fee) external;

    /// @notice The fee (wei) of one right bit.
    function rightFee(uint16 right) external view returns (uint256);

    /// @notice The fee (wei) of a license for `usageRights`: the sum of its bits' fees.
    function feeFor(uint16 usageRights) external view returns (uint256);

    /// @notice Whether a licensee nullifier was spent.
    function isNullifierUsed(uint256 nullifier) external view returns (bool);

    /// @notice The rights `account` holds licenses in force for on `tokenId`: perpetual ones, term licenses
    /// not yet expired (judged by block time) and volume licenses with units left.
    function licensedRights(uint256 tokenId, address account) external view returns (uint16);

    /// @notice The context a license of `usageRights` of `tokenId` by `licensee` must be proven for.
    function licenseContext(address licensee, uint256 tokenId, uint16 usageRights) external view returns (uint256);

    /// @notice The registry whose licensee roots this gate checks.
    function registry() external view returns (IRegistry);

    /// @notice The mint gate whose tokens are licensed.
    function mintGate() external view returns (IMintGate);

    /// @notice The licensee verifier (its VKEY_HASH names the verification key).
    function verifier() external view returns (ILicenseeVerifier);

    /// @notice The royalty vault the fees accrue in (its allowlist decides the currencies).
    function vault() external view returns (IRoyaltyVault);
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMintGate} from "./IMintGate.sol";
import {Groth16Proof, IRoyaltyClaimVerifier} from "./IVerifiers.sol";

/// @title IRoyaltyVault
/// @notice Holds what accrued per token and currency (license fees, ERC-2981 royalties paid in), in ETH
/// (`currency = address(0)`) or an ERC-20 the regulator allowlisted, and pays each payee its cumulative
/// share: the licensor `licensorBps` of it (rounded down), the creator the rest. The creator may issue
/// transferable royalty shares of its part (an ERC-20 per token, `SHARE_SUPPLY` = 100 % of the creator's
/// part) to addresses it names in a proof; holders claim pro rata, and the creator's anonymous claim covers
/// the unissued rest. The licensor's share is never diluted.
/// @dev Accounting per (token, currency): `accrued` only grows; the creator's part `C = accrued -
/// licensorShare(accrued)` is shared among `SHARE_SUPPLY` units, held by share holders and, for the
/// unissued units, by the creator (account `address(0)` in the books). Each account keeps the value of `C`
/// at its last settlement and what it earned since in units of 1/SHARE_SUPPLY wei (no rounding); a share
/// movement settles both sides first, so a transfer never moves revenue earned before it. A payout pays the
/// whole wei of what is owed and keeps the remainder (below one wei per account and currency) on the books.
///
/// Currency policy: the vault credits what arrived (balance after minus before), so a fee-on-transfer token
/// books its net amount and the books never exceed the balance. Rebasing tokens must not be allowlisted: a
/// negative rebase would leave the books above the balance, and no on-chain check can tell such a token.
interface IRoyaltyVault {
    /// @notice Which share a claim is for.
    enum Payee {
        Creator,
        Licensor
    }

    /// @notice No token `tokenId` was minted.
    error VaultUnknownToken(uint256 tokenId);
    /// @notice A deposit of zero (for an ERC-20: nothing arrived).
    error VaultZeroDeposit();
    /// @notice The recipient is the zero address.
    error VaultInvalidRecipient(address recipient);
    /// @notice The tags given are not the ones the token was minted with.
    error VaultTagsMismatch(uint256 tokenId);
    /// @notice The nullifier is not below the BN254 scalar field.
    error VaultNullifierOutOfField(uint256 nullifier);
    /// @notice The payee's share in `currency` has not grown since it was last paid.
    error VaultNothingOwed(uint256 tokenId, Payee payee, address currency);
    /// @notice Share holder `account` is owed nothing of `tokenId` in `currency`.
    error VaultHolderNothingOwed(uint256 tokenId, address account, address currency);
    /// @notice The royalty-claim verifier rejected the proof.
    error VaultInvalidProof();
    /// @notice Sending the ETH payout failed; the whole claim is undone and stays claimable.
    error VaultTransferFailed(address recipient, uint256 amount);
    /// @notice `currency` is not allowlisted for deposits.
    error VaultCurrencyNotAllowed(address currency);
    /// @notice `currency` cannot be allowlisted: not a contract (the zero address is ETH, always accepted).
    error VaultInvalidCurrency(address currency);
    /// @notice Allowlisting another currency would exceed `MAX_CURRENCIES` ever allowlisted.
    error VaultTooManyCurrencies(uint256 max);
    /// @notice ETH sent with an ERC-20 deposit.
    error VaultUnexpectedEth(uint256 value);
    /// @notice A share issue with no recipients, or recipients and amounts of different lengths.
    error VaultShareIssueLengthMismatch(uint256 recipients, uint256 amounts);
    /// @notice A share recipient is the zero address or a share amount is zero.
    error VaultInvalidShareIssue(address recipient, uint256 amount);
    /// @notice Issuing `requested` share units would exceed the `unissued` rest of `tokenId`.
    error VaultSharesExceedUnissued(uint256 tokenId, uint256 requested, uint256 unissued);
    /// @notice Only the share token of `tokenId` reports its share movements.
    error VaultNotShareToken(uint256 tokenId, address caller);

    /// @notice `amount` of `currency` accrued to `tokenId` from `from`; `accrued` is the new cumulative total.
    event Deposited(
        uint256 indexed tokenId,
        address indexed from,
        address indexed currency,
        uint256 amount,
        uint256 accrued
    );
    /// @notice `amount` of `currency` of `payee`'s share of `tokenId` was paid to `recipient`.
    event Claimed(
        uint256 indexed tokenId,
        Payee indexed payee,
        uint256 indexed nullifier,
        address recipient,
        address currency,
        uint256 amount
    );
    /// @notice Share holder `account` was paid `amount` of `currency` from `tokenId`'s creator part.
    event HolderClaimed(uint256 indexed tokenId, address indexed account, address indexed currency, uint256 amount);
    /// @notice The creator issued `amounts[i]` share units of `tokenId` to `recipients[i]` (issue number `nonce`).
    event SharesIssued(
        uint256 indexed tokenId,
        address indexed shareToken,
        uint256 nonce,
        address[] recipients,
        uint256[] amounts
    );
    /// @notice `currency` was allowlisted (`allowed`) or removed from the allowlist.
    event CurrencyAllowed(address indexed currency, bool allowed);

    /// @notice Accrues `msg.value` wei to `tokenId` (license fees, ERC-2981 royalties, tips).
    function deposit(uint256 tokenId) external payable;

    /// @notice Pulls `amount` of the allowlisted ERC-20 `currency` from `msg.sender` (which approved the
    /// vault) and accrues what arrived to `tokenId`. A marketplace pays ERC-2981 royalties in the sale's
    /// currency with this.
    /// @return arrived The amount credited (less than `amount` for a fee-on-transfer token).
    function depositToken(uint256 tokenId, IERC20 currency, uint256 amount) external returns (uint256 arrived);

    /// @notice Pays `recipient` what `payee`'s share of `tokenId` owes in ETH (as `claimCurrency` with ETH).
    function claim(
        uint256 tokenId,
        Payee payee,
        address payable recipient,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external returns (uint256 amount);

    /// @notice Pays `recipient` what `payee`'s share of `tokenId` owes in `currency`: for the licensor its
    /// `licensorBps` share, for the creator what its unissued share units earned.
    /// @param tokenId The asset token.
    /// @param payee Creator (0) or licensor (1).
    /// @param currency `address(0)` for ETH, else the ERC-20.
    /// @param recipient Who is paid; bound into the proof's context (the currency is not: a proof that pays
    /// the payee's chosen recipient may pay it in every currency).
    /// @param proof The Groth16 royalty-claim proof for the token's creator or licensor tag.
    /// @param nullifier Poseidon(TAG_NULL, s, assetHash), a public signal of the proof.
    /// @param tags The token's creator and licensor tags (from its `Minted` event).
    /// @return amount What was paid.
    function claimCurrency(
        uint256 tokenId,
        Payee payee,
        address currency,
        address payable recipient,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external returns (uint256 amount);

    /// @notice Issues royalty share units of `tokenId` (out of the unissued rest) to `recipients`, on a
    /// royalty-claim proof of the creator tag whose context binds this issue (`shareIssueContext`). The first
    /// issue creates the token's share ERC-20 (a minimal clone).
    function issueShares(
        uint256 tokenId,
        address[] calldata recipients,
        uint256[] calldata amounts,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external returns (address shareToken);

    /// @notice Pays `msg.sender` what its share units of `tokenId` earned in `currency`.
    function claimHolder(uint256 tokenId, address currency) external returns (uint256 amount);

    /// @notice Called by a share token before its balances change; settles both accounts. Share tokens only.
    function onSharesMoved(uint256 tokenId, address from, address to, uint256 fromBalance, uint256 toBalance) external;

    /// @notice Allowlists (or removes) an ERC-20 for deposits. Removal stops deposits only: what accrued
    /// stays claimable. Only the regulator (the registry's default admin).
    function setCurrencyAllowed(address currency, bool allowed) external;

    /// @notice Whether deposits in `currency` are accepted (`address(0)`, ETH, always is).
    function isCurrencyAllowed(address currency) external view returns (bool);

    /// @notice Every currency ever allowlisted (at most `MAX_CURRENCIES`).
    function currencies() external view returns (address[] memory);

    /// @notice The currencies `tokenId` accrued in, in the order of their first deposit.
    function tokenCurrencies(uint256 tokenId) external view returns (address[] memory);

    /// @notice Cumulative wei accrued to `tokenId`.
    function accrued(uint256 tokenId) external view returns (uint256);

    /// @notice Cumulative amount of `currency` accrued to `tokenId`.
    function accruedIn(uint256 tokenId, address currency) external view returns (uint256);

    /// @notice Cumulative amount of `currency` of `payee`'s part of `tokenId` (for the creator: the whole
    /// creator part, shared with share holders).
    function shareOf(uint256 tokenId, Payee payee, address currency) external view returns (uint256);

    /// @notice What a claim by `payee` of `tokenId` in `currency` would pay now (if its proof holds).
    function claimable(uint256 tokenId, Payee payee, address currency) external view returns (uint256);

    /// @notice What `account`'s share units of `tokenId` would be paid in `currency` now.
    function holderClaimable(uint256 tokenId, address account, address currency) external view returns (uint256);

    /// @notice The share token of `tokenId` (the zero address before the first issue).
    function shareToken(uint256 tokenId) external view returns (address);

    /// @notice Share units of `tokenId` not issued yet (the creator's own).
    function unissuedShares(uint256 tokenId) external view returns (uint256);

    /// @notice Number of share issues of `tokenId` so far (bound into the next issue's context).
    function shareNonce(uint256 tokenId) external view returns (uint256);

    /// @notice The context a claim of `payee`'s share of `tokenId` paid to `recipient` must be proven for.
    function claimContext(address recipient, uint256 tokenId, Payee payee) external view returns (uint256);

    /// @notice The context the next share issue of `tokenId` to `recipients` must be proven for.
    function shareIssueContext(
        uint256 tokenId,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) external view returns (uint256);

    /// @notice Share units that stand for 100 % of a token's creator part.
    // solhint-disable-next-line func-name-mixedcase
    function SHARE_SUPPLY() external view returns (uint256);

    /// @notice The mint gate that deployed this vault and holds the token records.
    function mintGate() external view returns (IMintGate);

    /// @notice The royalty-claim verifier (its VKEY_HASH names the verification key).
    function verifier() external view returns (IRoyaltyClaimVerifier);
}

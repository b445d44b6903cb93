// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMintGate} from "./IMintGate.sol";
import {Groth16Proof, IRoyaltyClaimVerifier} from "./IVerifiers.sol";

/// @title IRoyaltyVault
/// @notice Holds the ETH accrued per token (license fees, ERC-2981 royalties paid in) and pays each payee
/// its cumulative share on a royalty-claim proof: the licensor `licensorBps` of it (rounded down), the
/// creator the rest. A payee is paid what its share has grown to since its nullifier was last paid.
/// @dev The vault builds the claim's public signals itself (the payee's tag, checked against the digest
/// the mint gate stored; assetHash = tokenId; the nullifier; the context bound to the recipient), so no
/// signal is taken on trust. Plain ETH transfers are refused: ETH that names no token could never be claimed.
interface IRoyaltyVault {
    /// @notice Which share a claim is for.
    enum Payee {
        Creator,
        Licensor
    }

    /// @notice No token `tokenId` was minted.
    error VaultUnknownToken(uint256 tokenId);
    /// @notice A deposit of zero wei.
    error VaultZeroDeposit();
    /// @notice The recipient is the zero address.
    error VaultInvalidRecipient(address recipient);
    /// @notice The tags given are not the ones the token was minted with.
    error VaultTagsMismatch(uint256 tokenId);
    /// @notice The nullifier is not below the BN254 scalar field.
    error VaultNullifierOutOfField(uint256 nullifier);
    /// @notice The payee's share has not grown since this nullifier was last paid.
    error VaultNothingOwed(uint256 tokenId, Payee payee, uint256 nullifier);
    /// @notice The royalty-claim verifier rejected the proof.
    error VaultInvalidProof();
    /// @notice Sending the payout failed; the whole claim is undone and stays claimable.
    error VaultTransferFailed(address recipient, uint256 amount);

    /// @notice `amount` wei accrued to `tokenId` from `from`; `accrued` is the token's new cumulative total.
    event Deposited(uint256 indexed tokenId, address indexed from, uint256 amount, uint256 accrued);
    /// @notice `amount` wei of `payee`'s share of `tokenId` were paid to `recipient`.
    event Claimed(
        uint256 indexed tokenId,
        Payee indexed payee,
        uint256 indexed nullifier,
        address recipient,
        uint256 amount
    );

    /// @notice Accrues `msg.value` to `tokenId` (license fees, ERC-2981 royalties, tips).
    function deposit(uint256 tokenId) external payable;

    /// @notice Pays `recipient` what `payee`'s share of `tokenId` owes nullifier `nullifier`.
    /// @param tokenId The asset token.
    /// @param payee Creator (0) or licensor (1).
    /// @param recipient Who receives the ETH; bound into the proof's context.
    /// @param proof The Groth16 royalty-claim proof for the token's creator or licensor tag.
    /// @param nullifier Poseidon(TAG_NULL, s, assetHash), a public signal of the proof.
    /// @param tags The token's creator and licensor tags (from its `Minted` event); the proof is checked
    /// against the payee's one.
    /// @return amount The wei paid.
    function claim(
        uint256 tokenId,
        Payee payee,
        address payable recipient,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external returns (uint256 amount);

    /// @notice Cumulative wei accrued to `tokenId`.
    function accrued(uint256 tokenId) external view returns (uint256);

    /// @notice Cumulative wei of `payee`'s share of `tokenId` (paid or not).
    function shareOf(uint256 tokenId, Payee payee) external view returns (uint256);

    /// @notice Wei already paid to nullifier `nullifier` as `payee`.
    function paid(Payee payee, uint256 nullifier) external view returns (uint256);

    /// @notice Wei a claim by `nullifier` as `payee` of `tokenId` would pay now (if its proof holds).
    function claimable(uint256 tokenId, Payee payee, uint256 nullifier) external view returns (uint256);

    /// @notice The context a claim of `payee`'s share of `tokenId` paid to `recipient` must be proven for.
    function claimContext(address recipient, uint256 tokenId, Payee payee) external view returns (uint256);

    /// @notice The mint gate that deployed this vault and holds the token records.
    function mintGate() external view returns (IMintGate);

    /// @notice The royalty-claim verifier (its VKEY_HASH names the verification key).
    function verifier() external view returns (IRoyaltyClaimVerifier);
}

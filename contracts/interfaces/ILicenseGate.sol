// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMintGate} from "./IMintGate.sol";
import {IRegistry} from "./IRegistry.sol";
import {Groth16Proof, ILicenseeVerifier} from "./IVerifiers.sol";

/// @title ILicenseGate
/// @notice Sells usage licenses (COMMERCIAL, DERIVATIVES, ...) of minted assets to enrolled licensees.
/// A licensee proves membership of the licensee registry without revealing which member it is; the
/// nullifier Poseidon(TAG_NULL, sE, tokenId, usageRights) lets each licensee buy each (token, usage) once.
/// The fee accrues to the token in the royalty vault.
/// @dev The public signals are ordered as in `LicenseeSignals`. The licensee is `msg.sender`, bound into
/// the context, so a proof seen in the mempool cannot be used by another account.
interface ILicenseGate {
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

    /// @notice `licensee` bought `usageRights` of `tokenId` for `fee` wei (accrued to the token in the vault).
    event Licensed(
        uint256 indexed tokenId,
        address indexed licensee,
        uint16 usageRights,
        uint256 nullifier,
        uint256 fee
    );
    /// @notice The fee of one right bit changed.
    event RightFeeSet(uint16 indexed right, uint256 oldFee, uint256 newFee);

    /// @notice Buys `usageRights` of `tokenId` for `msg.sender`, paying `feeFor(usageRights)`.
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

    /// @notice Sets the fee (wei) of one right bit; a license costs the sum over its bits.
    /// @dev Only the regulator (the registry's default admin).
    function setRightFee(uint16 right, uint256 fee) external;

    /// @notice The fee (wei) of one right bit.
    function rightFee(uint16 right) external view returns (uint256);

    /// @notice The fee (wei) of a license for `usageRights`: the sum of its bits' fees.
    function feeFor(uint16 usageRights) external view returns (uint256);

    /// @notice Whether a licensee nullifier was spent.
    function isNullifierUsed(uint256 nullifier) external view returns (bool);

    /// @notice The rights `account` holds licenses for on `tokenId` (union of its purchases).
    function licensedRights(uint256 tokenId, address account) external view returns (uint16);

    /// @notice The context a license of `usageRights` of `tokenId` by `licensee` must be proven for.
    function licenseContext(address licensee, uint256 tokenId, uint16 usageRights) external view returns (uint256);

    /// @notice The registry whose licensee roots this gate checks.
    function registry() external view returns (IRegistry);

    /// @notice The mint gate whose tokens are licensed.
    function mintGate() external view returns (IMintGate);

    /// @notice The licensee verifier (its VKEY_HASH names the verification key).
    function verifier() external view returns (ILicenseeVerifier);
}

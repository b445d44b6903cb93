// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PROVENANCE_SIGNAL_COUNT} from "../generated/PublicSignals.sol";

/// @notice A Groth16 proof in the layout the snarkjs Solidity verifiers take: `b` already has each
/// G2 coordinate pair in (imaginary, real) order, as snarkjs `exportSolidityCallData` writes it.
struct Groth16Proof {
    uint256[2] a;
    uint256[2][2] b;
    uint256[2] c;
}

/// @title IProvenanceVerifier
/// @notice The generated Groth16 verifier of the provenance circuit (PROVENANCE_SIGNAL_COUNT public
/// signals, ordered as in `ProvenanceSignals`). Generated into contracts/verifiers/ by the circuit build; never edited.
interface IProvenanceVerifier {
    /// @notice Whether the proof is valid for these public signals. Returns false (never reverts) for a
    /// proof that does not verify or a signal that is not a field element.
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[PROVENANCE_SIGNAL_COUNT] calldata pubSignals
    ) external view returns (bool);

    /// @notice keccak256 of the verification key this verifier embeds, so a deployment can be matched
    /// with the pinned key a regulator verifies bundles against.
    // solhint-disable-next-line func-name-mixedcase
    function VKEY_HASH() external view returns (bytes32);
}

/// @title IRoyaltyClaimVerifier
/// @notice The generated Groth16 verifier of the royalty-claim circuit (4 public signals, ordered as in
/// `RoyaltyClaimSignals`).
interface IRoyaltyClaimVerifier {
    /// @notice Whether the proof is valid for these public signals.
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[4] calldata pubSignals
    ) external view returns (bool);

    /// @notice keccak256 of the embedded verification key.
    // solhint-disable-next-line func-name-mixedcase
    function VKEY_HASH() external view returns (bytes32);
}

/// @title ILicenseeVerifier
/// @notice The generated Groth16 verifier of the licensee circuit (5 public signals, ordered as in
/// `LicenseeSignals`).
interface ILicenseeVerifier {
    /// @notice Whether the proof is valid for these public signals.
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[5] calldata pubSignals
    ) external view returns (bool);

    /// @notice keccak256 of the embedded verification key.
    // solhint-disable-next-line func-name-mixedcase
    function VKEY_HASH() external view returns (bytes32);
}

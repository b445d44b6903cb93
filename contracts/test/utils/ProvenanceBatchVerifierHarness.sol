// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PROVENANCE_SIGNAL_COUNT} from "../../generated/PublicSignals.sol";
import {Groth16Proof} from "../../interfaces/IVerifiers.sol";
import {ProvenanceBatchVerifier} from "../../verifiers/ProvenanceBatchVerifier.sol";

/// @notice Exposes the generated batch verifier library to the differential tests
/// (test/contracts/batch-verifier.test.ts). Not deployed by zkprov.
contract ProvenanceBatchVerifierHarness {
    function verifyBatch(
        Groth16Proof[] calldata proofs,
        uint256[PROVENANCE_SIGNAL_COUNT][] calldata pubs
    ) external view returns (bool) {
        return ProvenanceBatchVerifier.verifyBatch(proofs, pubs);
    }
}

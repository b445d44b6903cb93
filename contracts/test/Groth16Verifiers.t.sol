// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names).
pragma solidity ^0.8.28;

import {PROVENANCE_SIGNAL_COUNT} from "../generated/PublicSignals.sol";
import {Groth16Proof} from "../interfaces/IVerifiers.sol";
import {ProvenanceVerifier} from "../verifiers/ProvenanceVerifier.sol";
import {ProvenanceVerifierReference} from "../verifiers/reference/ProvenanceVerifierReference.sol";
import {ProvenanceBatchVerifierHarness} from "./utils/ProvenanceBatchVerifierHarness.sol";
import {TestBase} from "./utils/Cheats.sol";

// The generated provenance verifiers (single and batch) on inputs no prover made: well-formed curve points
// that are no proof, points off the curve, coordinates at or above q, signals at or above r. Each must be
// answered false, never with a revert, and snarkjs's template verifier must not accept them either. The
// differential tests on real proofs are in test/contracts/verifiers.test.ts.
contract Groth16VerifiersTest is TestBase {
    uint256 private constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    // The G2 generator in the precompile's (imaginary, real) order.
    uint256 private constant G2_X_IM = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 private constant G2_X_RE = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 private constant G2_Y_IM = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 private constant G2_Y_RE = 8495653923123431417604973247489272438418190587263600148770280649306958101930;

    // Gas given to each verifier call: a precompile refusing its input burns all the gas of its call.
    uint256 private constant CALL_GAS = 1_000_000;

    ProvenanceVerifier private _ours;
    ProvenanceVerifierReference private _reference;
    ProvenanceBatchVerifierHarness private _batch;

    function setUp() public {
        _ours = new ProvenanceVerifier();
        _reference = new ProvenanceVerifierReference();
        _batch = new ProvenanceBatchVerifierHarness();
    }

    /// @dev k * (1, 2) on G1 through the ecMul precompile.
    function _g1(uint256 k) private view returns (uint256[2] memory p) {
        uint256[3] memory input = [uint256(1), 2, k];
        bool ok;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            ok := staticcall(gas(), 0x07, input, 0x60, p, 0x40)
        }
        assertTrue(ok, "ecMul");
    }

    /// @dev A proof of well-formed points: A = a * G1, B = the G2 generator, C = c * G1.
    function _points(uint256 a, uint256 c) private view returns (Groth16Proof memory p) {
        p.a = _g1(a);
        p.b = [[G2_X_IM, G2_X_RE], [G2_Y_IM, G2_Y_RE]];
        p.c = _g1(c);
    }

    function _signals(uint256 seed) private pure returns (uint256[PROVENANCE_SIGNAL_COUNT] memory pub) {
        for (uint256 i; i < PROVENANCE_SIGNAL_COUNT; ++i) pub[i] = uint256(keccak256(abi.encode(seed, i))) % FIELD;
    }

    function _oursAccepts(
        Groth16Proof memory p,
        uint256[PROVENANCE_SIGNAL_COUNT] memory pub
    ) private view returns (bool) {
        return _ours.verifyProof{gas: CALL_GAS}(p.a, p.b, p.c, pub); // a revert fails the test
    }

    function _referenceAccepts(
        Groth16Proof memory p,
        uint256[PROVENANCE_SIGNAL_COUNT] memory pub
    ) private view returns (bool) {
        try _reference.verifyProof{gas: CALL_GAS}(p.a, p.b, p.c, pub) returns (bool ok) {
            return ok;
        } catch {
            return false;
        }
    }

    function _batchAccepts(Groth16Proof memory p0, Groth16Proof memory p1, uint256 seed) private view returns (bool) {
        Groth16Proof[] memory proofs = new Groth16Proof[](2);
        uint256[PROVENANCE_SIGNAL_COUNT][] memory pubs = new uint256[PROVENANCE_SIGNAL_COUNT][](2);
        (proofs[0], proofs[1]) = (p0, p1);
        (pubs[0], pubs[1]) = (_signals(seed), _signals(~seed));
        return _batch.verifyBatch{gas: 4 * CALL_GAS}(proofs, pubs);
    }

    function testFuzzRejectsCurvePointsThatAreNoProof(uint256 a, uint256 c, uint256 seed) public view {
        Groth16Proof memory p = _points(a, c);
        uint256[PROVENANCE_SIGNAL_COUNT] memory pub = _signals(seed);
        assertTrue(!_oursAccepts(p, pub), "generated verifier accepted points that are no proof");
        assertTrue(!_referenceAccepts(p, pub), "snarkjs verifier accepted points that are no proof");
        assertTrue(!_batchAccepts(p, _points(c, a), seed), "batch verifier accepted points that are no proof");
    }

    function testFuzzRejectsArbitraryWordsWithoutReverting(uint256[8] memory w, uint256 seed) public view {
        Groth16Proof memory p;
        p.a = [w[0], w[1]];
        p.b = [[w[2], w[3]], [w[4], w[5]]];
        p.c = [w[6], w[7]];
        uint256[PROVENANCE_SIGNAL_COUNT] memory pub = _signals(seed);
        assertTrue(!_oursAccepts(p, pub), "generated verifier accepted arbitrary words");
        assertTrue(!_batchAccepts(p, p, seed), "batch verifier accepted arbitrary words");
    }

    function testRejectsPointsOffTheCurve() public view {
        uint256[PROVENANCE_SIGNAL_COUNT] memory pub = _signals(1);
        Groth16Proof memory p = _points(3, 5);
        p.a[1] = (p.a[1] + 1) % Q;
        assertTrue(!_oursAccepts(p, pub), "A off the curve");
        assertTrue(!_batchAccepts(p, _points(3, 5), 1), "A off the curve, first of a batch");
        assertTrue(!_batchAccepts(_points(3, 5), p, 1), "A off the curve, second of a batch");
        p = _points(3, 5);
        p.c[0] = (p.c[0] + 1) % Q;
        assertTrue(!_oursAccepts(p, pub), "C off the curve");
        assertTrue(!_batchAccepts(p, _points(3, 5), 1), "C off the curve, first of a batch");
        assertTrue(!_batchAccepts(_points(3, 5), p, 1), "C off the curve, second of a batch");
        p = _points(3, 5);
        p.b[1][1] = (p.b[1][1] + 1) % Q;
        assertTrue(!_oursAccepts(p, pub), "B off the twist");
        assertTrue(!_batchAccepts(p, _points(3, 5), 1), "B off the twist, first of a batch");
    }

    function testRejectsEveryCoordinateAtOrAboveQ() public view {
        uint256[PROVENANCE_SIGNAL_COUNT] memory pub = _signals(2);
        for (uint256 k; k < 8; ++k) {
            Groth16Proof memory p = _points(7, 11);
            if (k < 2) p.a[k] += Q;
            else if (k < 6) p.b[(k - 2) / 2][(k - 2) % 2] += Q;
            else p.c[k - 6] += Q;
            assertTrue(!_oursAccepts(p, pub), "coordinate + q");
            assertTrue(!_referenceAccepts(p, pub), "coordinate + q (snarkjs)");
            assertTrue(!_batchAccepts(p, _points(7, 11), 2), "coordinate + q, first of a batch");
            assertTrue(!_batchAccepts(_points(7, 11), p, 2), "coordinate + q, second of a batch");
        }
    }

    function testRejectsEverySignalAtOrAboveR() public view {
        Groth16Proof memory p = _points(13, 17);
        for (uint256 j; j < PROVENANCE_SIGNAL_COUNT; ++j) {
            uint256[PROVENANCE_SIGNAL_COUNT] memory pub = _signals(3);
            pub[j] += FIELD;
            assertTrue(!_oursAccepts(p, pub), "signal + r");
            assertTrue(!_referenceAccepts(p, pub), "signal + r (snarkjs)");
        }
    }
}

pragma circom 2.1.5;

include "babyjub.circom";
include "bitify.circom";
include "escalarmulany.circom";
include "escalarmulfix.circom";
include "poseidon.circom";
include "../generated/domain.circom";

// AuditEncryption(N): verifiable encryption of N field elements to the regulator's BabyJubJub key.
//
// Proves: ephemeral = k*B8, K = k*regulatorKey, cipher[i] = message[i] + Poseidon(TAG_ENC, Kx, Ky, i).
// The regulator, holding r with regulatorKey = r*B8, recomputes K = r*ephemeral and subtracts the pads.
// Enforces here: k fits 253 bits (one Num2Bits, whose bits feed both k*B8 and k*regulatorKey, so both products use
// the same k), and regulatorKey is on the curve (BabyCheck).
// Trusts / callers enforce outside: that regulatorKey is the regulator's pinned key (the contract
// compares the public input with the key pinned on chain), and that it is a point of the prime-order
// subgroup (true for any honestly generated key; the regulator registers it).
template AuditEncryption(N) {
    assert(N > 0);
    signal input message[N];
    signal input k;
    signal input regulatorKey[2];
    signal output ephemeral[2];
    signal output cipher[N];

    BabyCheck()(regulatorKey[0], regulatorKey[1]); // @rejects 7: the regulator key is not a BabyJubJub point

    // The bits of k, once: 253 bits (BabyPbk's width), shared by both scalar multiplications.
    component kBits = Num2Bits(253);
    kBits.in <== k; // @rejects 7: the audit randomness does not fit 253 bits

    // ephemeral = k*B8 (BabyPbk's fixed-base multiplication, on the shared bits).
    var BASE8[2] = [
        5299619240641551281634865583518297030282874472190772894086521144482721001553,
        16950150798460657717958625567821834550301663161624707787222815936182638968203
    ];
    component fixedMul = EscalarMulFix(253, BASE8);
    fixedMul.e <== kBits.out;
    ephemeral[0] <== fixedMul.out[0];
    ephemeral[1] <== fixedMul.out[1];

    // Shared key K = k*regulatorKey, with the same bits of k.
    component shared = EscalarMulAny(253);
    shared.e <== kBits.out;
    shared.p <== regulatorKey;

    signal pad[N];
    for (var i = 0; i < N; i++) {
        pad[i] <== Poseidon(4)([TAG_ENC(), shared.out[0], shared.out[1], i]);
        cipher[i] <== message[i] + pad[i];
    }
}

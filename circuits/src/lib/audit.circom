pragma circom 2.1.5;

include "babyjub.circom";
include "bitify.circom";
include "escalarmulany.circom";
include "poseidon.circom";
include "../generated/domain.circom";

// AuditEncryption(N): verifiable encryption of N field elements to the regulator's BabyJubJub key.
//
// Proves: ephemeral = k*B8, K = k*regulatorKey, cipher[i] = message[i] + Poseidon(TAG_ENC, Kx, Ky, i).
// The regulator, holding r with regulatorKey = r*B8, recomputes K = r*ephemeral and subtracts the pads.
// Enforces here: k fits 253 bits (BabyPbk decomposes it), and regulatorKey is on the curve (BabyCheck).
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

    // ephemeral = k*B8; BabyPbk range-checks k to 253 bits.
    component pbk = BabyPbk();
    pbk.in <== k; // @rejects 7: the audit randomness does not fit 253 bits
    ephemeral[0] <== pbk.Ax;
    ephemeral[1] <== pbk.Ay;

    // Shared key K = k*regulatorKey, with the same bits of k.
    component kBits = Num2Bits(253);
    kBits.in <== k; // @rejects 7: the audit randomness does not fit 253 bits
    component shared = EscalarMulAny(253);
    shared.e <== kBits.out;
    shared.p <== regulatorKey;

    signal pad[N];
    for (var i = 0; i < N; i++) {
        pad[i] <== Poseidon(4)([TAG_ENC(), shared.out[0], shared.out[1], i]);
        cipher[i] <== message[i] + pad[i];
    }
}

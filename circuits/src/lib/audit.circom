pragma circom 2.1.5;

include "babyjub.circom";
include "bitify.circom";
include "escalarmulany.circom";
include "escalarmulfix.circom";
include "poseidon.circom";
include "../generated/domain.circom";

// AuditEncryption(N): verifiable encryption of N <= 5 field elements to the regulator's BabyJubJub key.
//
// Proves: ephemeral = k*B8, K = k*regulatorKey, cipher[i] = message[i] + pad[i], where the pads are squeezed from
// one Poseidon sponge keyed by K, its width set by N (the capacity element out[0] is never published, so known
// messages do not let anyone invert the permutation to K):
//   N <= 4: pad = PoseidonEx([TAG_ENC, Kx, Ky, N], capacity 0)[1..N]     (width 5, rate 4);
//   N  = 5: pad = PoseidonEx([TAG_ENC, Kx, Ky, N, 0], capacity 0)[1..N]  (width 6, rate 5).
// Padding rule: the sponge absorbs [TAG_ENC, Kx, Ky, N] followed by zeros up to its rate, so N <= 4 keeps the
// width-5 pads it always had and N = 5 is the same absorption in the width-6 permutation (N, absorbed, separates
// the two). The regulator, holding r with regulatorKey = r*B8, recomputes K = r*ephemeral and subtracts the pads
// (core/hashes.ts auditPads mirrors both widths). One permutation for all N pads instead of one per element.
// Enforces here: k fits 253 bits (one Num2Bits, whose bits feed both k*B8 and k*regulatorKey, so both products use
// the same k), and regulatorKey is on the curve (BabyCheck).
// Trusts / callers enforce outside: that regulatorKey is the regulator's pinned key (the contract
// compares the public input with the key pinned on chain), and that it is a point of the prime-order
// subgroup (true for any honestly generated key; the regulator registers it).
template AuditEncryption(N) {
    assert(N > 0);
    assert(N <= 5); // one width-6 permutation squeezes at most 5 pads (its rate)
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

    // The pads: one sponge permutation (rate 4 for N <= 4, else 5), squeezing the N rate elements after the
    // capacity element; the absorbed block is [TAG_ENC, Kx, Ky, N] padded with zeros to the rate.
    var RATE = N <= 4 ? 4 : 5;
    component sponge = PoseidonEx(RATE, N + 1);
    sponge.inputs[0] <== TAG_ENC();
    sponge.inputs[1] <== shared.out[0];
    sponge.inputs[2] <== shared.out[1];
    sponge.inputs[3] <== N;
    for (var i = 4; i < RATE; i++) {
        sponge.inputs[i] <== 0;
    }
    sponge.initialState <== 0;
    _ <== sponge.out[0]; // the capacity element: deliberately neither used nor published
    for (var i = 0; i < N; i++) {
        cipher[i] <== message[i] + sponge.out[i + 1];
    }
}

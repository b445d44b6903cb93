pragma circom 2.1.5;

include "poseidon.circom";
include "../generated/domain.circom";

// IdentityCommitment(): commit(s) = Poseidon(TAG_ID, s), the public face of any secret
// (creator sC, licensor sL, licensee sE). Trusts nothing; the secret is unconstrained here.
template IdentityCommitment() {
    signal input secret;
    signal output out;
    out <== Poseidon(2)([TAG_ID(), secret]);
}

// PayeeTag(): tag = Poseidon(TAG_PAYEE, commitment, blinding, assetHash), the per-asset royalty
// tag that a payee later proves knowledge of (creator: commit(sC), bC; licensor: commit(sL), licenseSalt).
template PayeeTag() {
    signal input commitment;
    signal input blinding;
    signal input assetHash;
    signal output out;
    out <== Poseidon(4)([TAG_PAYEE(), commitment, blinding, assetHash]);
}

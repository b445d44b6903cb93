pragma circom 2.1.5;

include "poseidon.circom";
include "lib/identity.circom";
include "generated/domain.circom";

// RoyaltyClaim(): the prover knows the secret s and blinding b behind a token's royalty tag.
//
// Proves PROTOCOL.md "Circuit 2": tag = Poseidon(TAG_PAYEE, commit(s), b, assetHash) and
// nullifier = Poseidon(TAG_NULL, s, assetHash); context is bound by a constraint.
// The creator claims with (sC, bC) against creatorTag, the licensor with (sL, licenseSalt) against
// licensorTag. Trusts / callers enforce outside (the royalty vault): `tag` and `assetHash` are the
// stored values of the token being claimed; the vault recomputes `context` for the recipient; the
// vault pays only what this nullifier has not been paid yet.
template RoyaltyClaim() {
    signal input tag;
    signal input assetHash;
    signal input nullifier;
    signal input context;

    signal input secret;
    signal input blinding;

    signal commitment <== IdentityCommitment()(secret);
    signal tagComputed <== PayeeTag()(commitment, blinding, assetHash);
    tag === tagComputed; // @rejects claim: the secret and blinding do not open the payee tag for this asset
    signal nullifierComputed <== Poseidon(3)([TAG_NULL(), secret, assetHash]);
    nullifier === nullifierComputed; // @rejects claim: the nullifier is not the secret's for this asset

    signal contextSquare <== context * context;
}

pragma circom 2.1.5;

include "bitify.circom";
include "poseidon.circom";
include "lib/identity.circom";
include "lib/merkle.circom";
include "generated/domain.circom";

// Licensee(DEPTH): the prover is an enrolled licensee, licensing `tokenId` for `usageRights`.
//
// Proves PROTOCOL.md "Circuit 3": Poseidon(TAG_LICENSEE, commit(sE)) is in the tree with root
// licenseeRoot, and nullifier = Poseidon(TAG_NULL, sE, tokenId, usageRights); usageRights fits
// RIGHTS_BITS bits; context is bound by a constraint.
// Trusts / callers enforce outside (the license gate): licenseeRoot is a known registry root; the
// token's grantedRights cover usageRights; context is recomputed for the licensee address; the
// nullifier has not been used.
template Licensee(DEPTH) {
    signal input licenseeRoot;
    signal input tokenId;
    signal input usageRights;
    signal input context;
    signal input nullifier;

    signal input secret;
    signal input index;
    signal input depth;
    signal input siblings[DEPTH];

    _ <== Num2Bits(RIGHTS_BITS())(usageRights); // @rejects licensee: the usage rights do not fit 16 bits

    signal commitment <== IdentityCommitment()(secret);
    signal leaf <== Poseidon(2)([TAG_LICENSEE(), commitment]);
    signal rootComputed <== LeanIMTRoot(DEPTH)(leaf, depth, index, siblings);
    licenseeRoot === rootComputed; // @rejects licensee: the licensee is not in the licensee registry
    signal nullifierComputed <== Poseidon(4)([TAG_NULL(), secret, tokenId, usageRights]);
    nullifier === nullifierComputed; // @rejects licensee: the nullifier is not the licensee's for this token and usage

    signal contextSquare <== context * context;
}

pragma circom 2.1.5;

include "binary-merkle-root.circom";
include "bitify.circom";
include "comparators.circom";
include "../generated/domain.circom";

// LeanIMTRoot(MAX_DEPTH): the root of a Lean incremental Merkle tree (@zk-kit/lean-imt and its
// Solidity twin) that contains `leaf` at the path given by `index` and `siblings`.
//
// Proves: `root` is the LeanIMT root for `leaf` at `index` in a tree of depth `depth`, using the
// maintained zk-kit BinaryMerkleRoot gadget. A LeanIMT proof omits the levels where a node has no
// right sibling; callers pass the compressed proof (siblings padded with zeros, depth = number of
// siblings, index = the path bits of those levels), as @zk-kit/lean-imt's generateProof returns it.
// Enforces here: `depth <= MAX_DEPTH` (BinaryMerkleRoot alone outputs 0 for a larger depth, and an
// empty LeanIMT has root 0), and `index` is decomposed into MAX_DEPTH bits (an index that does not
// fit cannot be used).
// Trusts / callers enforce outside: that `root` is a root the registry actually had (the contract's
// root history check). Bits of `index` above `depth` and siblings past `depth` do not affect the root;
// they are not part of any public statement.
template LeanIMTRoot(MAX_DEPTH) {
    assert(MAX_DEPTH > 0);
    assert(MAX_DEPTH < 2 ** DEPTH_BITS());

    signal input leaf;
    signal input depth;
    signal input index;
    signal input siblings[MAX_DEPTH];
    signal output root;

    // depth fits DEPTH_BITS and is at most MAX_DEPTH.
    _ <== Num2Bits(DEPTH_BITS())(depth); // @rejects merkle: the tree depth does not fit its bit width
    component depthOk = LessEqThan(DEPTH_BITS());
    depthOk.in[0] <== depth;
    depthOk.in[1] <== MAX_DEPTH;
    depthOk.out === 1; // @rejects merkle: the tree depth is above the circuit's maximum

    component indexBits = Num2Bits(MAX_DEPTH);
    indexBits.in <== index; // @rejects merkle: the leaf index does not fit the tree

    root <== BinaryMerkleRoot(MAX_DEPTH)(leaf, depth, indexBits.out, siblings);
}

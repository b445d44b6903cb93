pragma circom 2.1.5;

include "binary-merkle-root.circom";
include "bitify.circom";
include "comparators.circom";
include "poseidon.circom";
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

// QuinaryMerkleRoot(DEPTH): the root of a fixed-depth quinary incremental Merkle tree (@zk-kit/imt's IMT with
// arity 5 and zero value 0, and its Solidity twin InternalQuinaryIMT) that holds `leaf` at the path given by
// `pathIndices` and `siblings`.
//
// Proves: `root` is the Poseidon(5) quinary root of `leaf` under the DEPTH levels of the path: at level i the
// node is placed at position pathIndices[i] (0..4) among the level's five children and siblings[i] fills the
// other four positions in order, as @zk-kit/imt's createProof returns them (pathIndices, siblings).
// Enforces here: every pathIndices[i] is in 0..4: a one-hot selector of 5 bits (each b*(b-1) = 0, summing to 1)
// with pathIndices[i] = sum j*b_j, so the node sits at exactly one position and a digit of 5 or more has no
// witness. The depth is fixed (no shorter path), and a node is Poseidon(5) while a license leaf is Poseidon(3),
// so an inner node cannot be passed off as a leaf.
// Trusts / callers enforce outside: that `root` is a root the registry actually had (the contract's root
// history check). Empty positions hold the tree's zero values (0 at the leaves), which are ordinary siblings.
template QuinaryMerkleRoot(DEPTH) {
    assert(DEPTH > 0);

    signal input leaf;
    signal input pathIndices[DEPTH];
    signal input siblings[DEPTH][4];
    signal output root;

    signal nodes[DEPTH + 1];
    signal b[DEPTH][5];
    signal atPos[DEPTH][5];
    signal shifted[DEPTH][3];
    signal children[DEPTH][5];
    nodes[0] <== leaf;

    for (var i = 0; i < DEPTH; i++) {
        // one-hot selector of the path digit
        var sum = 0;
        var digit = 0;
        for (var j = 0; j < 5; j++) {
            b[i][j] <-- pathIndices[i] == j ? 1 : 0;
            // (a witness computes b from the digit, so only an edited witness breaks this; the edit tests do)
            b[i][j] * (b[i][j] - 1) === 0;
            sum += b[i][j];
            digit += j * b[i][j];
        }
        sum === 1; // @rejects merkle: a path digit is not in 0..4 (the selector is not one-hot)
        pathIndices[i] === digit; // @rejects merkle: a path digit is not in 0..4 (the selector is not one-hot)

        // child j = the node if the position is j; siblings[j] if the position is after j; siblings[j-1] if before
        // (child 0 and child 4 have one sibling each that can fill them)
        for (var j = 0; j < 5; j++) {
            var base = j == 0 ? siblings[i][0] : siblings[i][j - 1];
            atPos[i][j] <== b[i][j] * (nodes[i] - base);
            if (j > 0 && j < 4) {
                // after = 1 when the node's position is after j
                var after = 0;
                for (var k = j + 1; k < 5; k++) {
                    after += b[i][k];
                }
                shifted[i][j - 1] <== after * (siblings[i][j] - siblings[i][j - 1]);
                children[i][j] <== base + atPos[i][j] + shifted[i][j - 1];
            } else {
                children[i][j] <== base + atPos[i][j];
            }
        }
        nodes[i + 1] <== Poseidon(5)(children[i]);
    }
    root <== nodes[DEPTH];
}

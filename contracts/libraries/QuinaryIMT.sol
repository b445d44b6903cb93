// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";

/// @dev A fixed-depth quinary incremental Merkle tree: its depth, leaf count, root and, per level, the five nodes
/// of the last group (the group the next insert lands in).
struct QuinaryTreeData {
    uint256 depth;
    uint256 numberOfLeaves;
    uint256 root;
    mapping(uint256 level => uint256[5]) lastSubtrees;
}

/// @title QuinaryIMT
/// @notice The registry's license tree: a quinary incremental Merkle tree with Poseidon(5) nodes (PoseidonT6) and
/// zero value 0, the same tree as the zk-kit imt package's `IMT` (TypeScript, arity 5) builds and the provenance circuit's
/// QuinaryMerkleRoot proves against.
/// @dev Modeled on the zk-kit imt.sol package's InternalQuinaryIMT, with three differences:
/// - Whether an updated node belongs to the cached last group of its level is decided by its index
///   (`index / 5^(i+1) == (numberOfLeaves - 1) / 5^(i+1)`), not by comparing node values as InternalQuinaryIMT
///   does (`nodes[0] == lastSubtrees[i][0] || nodes[4] == lastSubtrees[i][4]`), which is wrong when values
///   coincide (zeroed leaves, zero nodes) and leaves a stale cache that later inserts hash into a root that
///   differs from the zk-kit imt package's.
/// - The zero nodes are constants (`zero(level)`), never stored nor recomputed, and an insert writes one cached
///   node per level (positions after it are zero nodes, read as constants).
/// - An update takes the leaf's index (the caller's record of it) and checks each path digit against it, so a path
///   for another position is refused with the level at fault; old and new roots are hashed in one pass.
library QuinaryIMT {
    /// @notice The largest depth supported (the zero nodes tabled in `zero`).
    uint256 internal constant MAX_DEPTH = 12;

    /// @notice `depth` is 0 or above MAX_DEPTH.
    error QuinaryDepthNotSupported(uint256 depth);
    /// @notice The tree holds 5^depth leaves already.
    error QuinaryTreeFull(uint256 capacity);
    /// @notice A leaf or a sibling is not below the BN254 scalar field.
    error QuinaryValueOutOfField(uint256 value);
    /// @notice A path has `siblings` levels of siblings and `digits` path digits; the tree has `depth` levels.
    error QuinaryWrongPathLength(uint256 depth, uint256 siblings, uint256 digits);
    /// @notice The path digit at `level` is `actual`; the leaf's index has `expected` there.
    error QuinaryWrongPathIndex(uint256 level, uint256 expected, uint256 actual);
    /// @notice The siblings and the old leaf do not give the tree's root.
    error QuinaryWrongSiblings();

    /// @notice The zero node of `level`: 0 for a leaf, Poseidon(5) of five zero nodes of the level below above it.
    function zero(uint256 level) internal pure returns (uint256) {
        if (level == 0) return 0;
        if (level == 1) return 14655542659562014735865511769057053982292279840403315552050801315682099828156;
        if (level == 2) return 19261153649140605024552417994922546473530072875902678653210025980873274131905;
        if (level == 3) return 21526503558325068664033192388586640128492121680588893182274749683522508994597;
        if (level == 4) return 20017764101928005973906869479218555869286328459998999367935018992260318153770;
        if (level == 5) return 16998355316577652097112514691750893516081130026395813155204269482715045879598;
        if (level == 6) return 2612442706402737973181840577010736087708621987282725873936541279764292204086;
        if (level == 7) return 17716535433480122581515618850811568065658392066947958324371350481921422579201;
        if (level == 8) return 17437916409890180001398333108882255895598851862997171508841759030332444017770;
        if (level == 9) return 20806704410832383274034364623685369279680495689837539882650535326035351322472;
        if (level == 10) return 6821382292698461711184253213986441870942786410912797736722948342942530789476;
        if (level == 11) return 5916648769022832355861175588931687601652727028178402815013820610204855544893;
        if (level == 12) return 8979092375429814404031883906996857902016801693563521316025319397481362525766;
        revert QuinaryDepthNotSupported(level);
    }

    /// @notice Sets an empty tree of `depth` levels (root: the zero node of the top level).
    function init(QuinaryTreeData storage self, uint256 depth) internal {
        if (depth == 0 || depth > MAX_DEPTH) revert QuinaryDepthNotSupported(depth);
        self.depth = depth;
        self.root = zero(depth);
    }

    /// @notice Appends `leaf`; returns its index and the new root.
    function insert(QuinaryTreeData storage self, uint256 leaf) internal returns (uint256 index, uint256 root) {
        if (leaf >= SNARK_SCALAR_FIELD) revert QuinaryValueOutOfField(leaf);
        uint256 depth = self.depth;
        index = self.numberOfLeaves;
        if (index >= 5 ** depth) revert QuinaryTreeFull(5 ** depth);
        uint256 hash = leaf;
        uint256 at = index;
        for (uint256 i = 0; i < depth; ++i) {
            uint256 position = at % 5;
            uint256[5] storage cached = self.lastSubtrees[i];
            cached[position] = hash;
            uint256[5] memory nodes;
            for (uint256 j = 0; j < position; ++j) nodes[j] = cached[j];
            nodes[position] = hash;
            if (position < 4) {
                uint256 z = zero(i);
                for (uint256 j = position + 1; j < 5; ++j) nodes[j] = z;
            }
            hash = PoseidonT6.hash(nodes);
            at /= 5;
        }
        self.root = hash;
        self.numberOfLeaves = index + 1;
        root = hash;
    }

    /// @notice Replaces `oldLeaf` at `index` with `newLeaf` (0 removes it), given the leaf's Merkle path as
    /// the zk-kit imt package's createProof gives it; returns the new root.
    function update(
        QuinaryTreeData storage self,
        uint256 index,
        uint256 oldLeaf,
        uint256 newLeaf,
        uint256[4][] calldata siblings,
        uint8[] calldata pathIndices
    ) internal returns (uint256 root) {
        if (newLeaf >= SNARK_SCALAR_FIELD) revert QuinaryValueOutOfField(newLeaf);
        if (siblings.length != self.depth || pathIndices.length != self.depth) {
            revert QuinaryWrongPathLength(self.depth, siblings.length, pathIndices.length);
        }
        // oldLeaf / newLeaf become the old and new node of each level in turn, `index` the node's index there.
        uint256 lastAt = self.numberOfLeaves - 1; // the caller passes an index of an existing leaf
        for (uint256 i = 0; i < siblings.length; ++i) {
            uint256 position = index % 5;
            if (pathIndices[i] != position) revert QuinaryWrongPathIndex(i, position, pathIndices[i]);
            index /= 5;
            lastAt /= 5;
            // The node is in the last group of its level (the one the next insert reads) iff its group is the last
            // leaf's group there: decided by index, never by comparing node values.
            if (index == lastAt) self.lastSubtrees[i][position] = newLeaf;
            (oldLeaf, newLeaf) = _parents(siblings[i], position, oldLeaf, newLeaf);
        }
        if (oldLeaf != self.root) revert QuinaryWrongSiblings();
        self.root = newLeaf;
        root = newLeaf;
    }

    /// @dev The parents of the old and the new node at `position` among `siblings` (each below the field).
    function _parents(
        uint256[4] calldata siblings,
        uint256 position,
        uint256 oldNode,
        uint256 newNode
    ) private pure returns (uint256 oldParent, uint256 newParent) {
        uint256[5] memory oldNodes;
        uint256[5] memory newNodes;
        for (uint256 j = 0; j < 5; ++j) {
            if (j == position) {
                oldNodes[j] = oldNode;
                newNodes[j] = newNode;
            } else {
                uint256 sibling = siblings[j < position ? j : j - 1];
                if (sibling >= SNARK_SCALAR_FIELD) revert QuinaryValueOutOfField(sibling);
                oldNodes[j] = sibling;
                newNodes[j] = sibling;
            }
        }
        oldParent = PoseidonT6.hash(oldNodes);
        newParent = PoseidonT6.hash(newNodes);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";

/// @dev A fixed-depth quinary incremental Merkle tree: its depth, leaf count, root and every node written so far by
/// level and index (level 0: the leaves). A node past the last leaf's path at its level is the zero node of the level.
struct QuinaryTreeData {
    uint256 depth;
    uint256 numberOfLeaves;
    uint256 root;
    mapping(uint256 level => mapping(uint256 index => uint256 node)) nodes;
}

/// @title QuinaryIMT
/// @notice The registry's license tree: a quinary incremental Merkle tree with Poseidon(5) nodes (PoseidonT6) and
/// zero value 0, the same tree as the zk-kit imt package's `IMT` (TypeScript, arity 5) builds and the provenance
/// circuit's QuinaryMerkleRoot proves against.
/// @dev Modeled on the zk-kit imt.sol package's InternalQuinaryIMT, with these differences:
/// - It keeps every node it wrote (not only the last group of each level). InternalQuinaryIMT caches the last group
///   and, on an update, decides whether the node is in it by comparing values (`nodes[0] == lastSubtrees[i][0] ||
///   nodes[4] == lastSubtrees[i][4]`), which is wrong when values coincide (zeroed leaves, zero nodes) and leaves a
///   stale cache that later inserts hash into a root that differs from the zk-kit imt package's. Here an insert reads
///   the stored nodes of its group, and an update writes the nodes on its path: there is no cache to go stale.
/// - An update checks the caller's siblings against the stored nodes instead of hashing the old path up to the
///   root: it hashes the new path only (Poseidon(5) is the dominant cost: about half the gas of an update).
/// - The zero nodes are constants (`zero(level)`), never stored nor recomputed.
/// - An update takes the leaf's index (the caller's record of it) and checks each path digit against it.
library QuinaryIMT {
    /// @notice The largest depth supported (the zero nodes tabled in `zero`).
    uint256 internal constant MAX_DEPTH = 12;

    /// @notice `depth` is 0 or above MAX_DEPTH.
    error QuinaryDepthNotSupported(uint256 depth);
    /// @notice The tree holds 5^depth leaves already.
    error QuinaryTreeFull(uint256 capacity);
    /// @notice A leaf is not below the BN254 scalar field.
    error QuinaryValueOutOfField(uint256 value);
    /// @notice A path has `siblings` levels of siblings and `digits` path digits; the tree has `depth` levels.
    error QuinaryWrongPathLength(uint256 depth, uint256 siblings, uint256 digits);
    /// @notice The path digit at `level` is `actual`; the leaf's index has `expected` there.
    error QuinaryWrongPathIndex(uint256 level, uint256 expected, uint256 actual);
    /// @notice The old leaf or a sibling is not the tree's node at its place (level, index).
    error QuinaryWrongSiblings(uint256 level, uint256 index);

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
        uint256 node = leaf;
        uint256 at = index;
        for (uint256 i = 0; i < depth; ++i) {
            mapping(uint256 => uint256) storage level = self.nodes[i];
            level[at] = node;
            uint256 position = at % 5;
            uint256[5] memory children;
            // The group's nodes before this one are stored; the ones after it are not written yet: zero nodes.
            for (uint256 j = 0; j < position; ++j) children[j] = level[at - position + j];
            children[position] = node;
            if (position < 4) {
                uint256 z = zero(i);
                for (uint256 j = position + 1; j < 5; ++j) children[j] = z;
            }
            node = PoseidonT6.hash(children);
            at /= 5;
        }
        self.root = node;
        self.numberOfLeaves = index + 1;
        root = node;
    }

    /// @notice Replaces `oldLeaf` at `index` with `newLeaf` (0 removes it), given the leaf's Merkle path as
    /// the zk-kit imt package's createProof gives it (checked against the stored nodes); returns the new root.
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
        if (index >= self.numberOfLeaves || self.nodes[0][index] != oldLeaf) revert QuinaryWrongSiblings(0, index);
        // The index of the last node written at each level: nodes past it are zero nodes.
        uint256 lastAt = self.numberOfLeaves - 1;
        for (uint256 i = 0; i < siblings.length; ++i) {
            uint256 position = index % 5;
            if (pathIndices[i] != position) revert QuinaryWrongPathIndex(i, position, pathIndices[i]);
            self.nodes[i][index] = newLeaf;
            newLeaf = _parent(self.nodes[i], i, index, lastAt, siblings[i], newLeaf);
            index /= 5;
            lastAt /= 5;
        }
        self.root = newLeaf;
        root = newLeaf;
    }

    /// @dev The parent of `node` at `index` of level `i`, its siblings checked against the stored level.
    function _parent(
        mapping(uint256 => uint256) storage level,
        uint256 i,
        uint256 index,
        uint256 lastAt,
        uint256[4] calldata siblings,
        uint256 node
    ) private view returns (uint256) {
        uint256 position = index % 5;
        uint256 first = index - position;
        uint256[5] memory children;
        for (uint256 j = 0; j < 5; ++j) {
            if (j == position) {
                children[j] = node;
                continue;
            }
            uint256 at = first + j;
            uint256 stored = at <= lastAt ? level[at] : zero(i);
            if (siblings[j < position ? j : j - 1] != stored) revert QuinaryWrongSiblings(i, at);
            children[j] = stored;
        }
        return PoseidonT6.hash(children);
    }
}

// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names, several helper contracts per file).
// solhint-disable one-contract-per-file, private-vars-leading-underscore
pragma solidity ^0.8.28;

import {InternalQuinaryIMT, QuinaryIMTData} from "@zk-kit/imt.sol/internal/InternalQuinaryIMT.sol";
import {QuinaryIMT, QuinaryTreeData} from "../libraries/QuinaryIMT.sol";
import {TestBase} from "./utils/Cheats.sol";
import {QuinaryPaths} from "./utils/QuinaryPaths.sol";

/// @dev The registry's QuinaryIMT and the zk-kit imt.sol package's InternalQuinaryIMT side by side, each against
/// the root recomputed from the whole leaf list (QuinaryPaths, as the zk-kit imt package's IMT computes it).
contract QuinaryTwins {
    using QuinaryIMT for QuinaryTreeData;
    using InternalQuinaryIMT for QuinaryIMTData;

    uint256 internal constant DEPTH = 9;
    QuinaryTreeData private _ours;
    QuinaryIMTData private _upstream;
    uint256[] public leaves;

    constructor() {
        _ours.init(DEPTH);
        _upstream._init(DEPTH, 0);
    }

    function insert(uint256 leaf) external {
        _ours.insert(leaf);
        _upstream._insert(leaf);
        leaves.push(leaf);
    }

    function update(uint256 index, uint256 newLeaf) external {
        (uint256[4][] memory siblings, uint8[] memory digits) = QuinaryPaths.path(leaves, index, DEPTH);
        this.updateWith(index, newLeaf, siblings, digits);
        leaves[index] = newLeaf;
    }

    /// @notice Set once InternalQuinaryIMT refused an update (its root had gone wrong, so the path does not verify).
    bool public upstreamRefused;

    /// @dev (external, so that the paths are calldata as the libraries take them)
    function updateWith(
        uint256 index,
        uint256 newLeaf,
        uint256[4][] calldata siblings,
        uint8[] calldata digits
    ) external {
        uint256 oldLeaf = leaves[index];
        _ours.update(index, oldLeaf, newLeaf, siblings, digits);
        try this.upstreamUpdate(oldLeaf, newLeaf, siblings, digits) {} catch {
            upstreamRefused = true;
        }
    }

    function upstreamUpdate(
        uint256 oldLeaf,
        uint256 newLeaf,
        uint256[4][] calldata siblings,
        uint8[] calldata digits
    ) external {
        _upstream._update(oldLeaf, newLeaf, siblings, digits);
    }

    function roots() external view returns (uint256 ours, uint256 upstream, uint256 expected) {
        return (_ours.root, _upstream.root, QuinaryPaths.root(leaves, DEPTH));
    }
}

contract QuinaryIMTTest is TestBase {
    QuinaryTwins private twins;

    function setUp() public {
        twins = new QuinaryTwins();
    }

    function _leaf(uint256 i) private pure returns (uint256) {
        return uint256(keccak256(abi.encode("license", i))) % FIELD;
    }

    function _checkOurs(string memory step) private view returns (bool upstreamAgrees) {
        (uint256 ours, uint256 upstream, uint256 expected) = twins.roots();
        assertEq(ours, expected, step);
        return upstream == expected;
    }

    /// @dev The known bug: InternalQuinaryIMT._update decides whether a node is in its level's cached last group by
    /// comparing values (`nodes[0] == lastSubtrees[i][0] || nodes[4] == lastSubtrees[i][4]`). With leaf 4 zeroed,
    /// group 0's nodes[4] (0) equals the last group's cached nodes[4] (a zero), so updating leaf 1 overwrites the
    /// last group's cached position 1 (leaf 6); the next insert hashes it in. QuinaryIMT decides by index.
    function testCoincidingValuesDoNotCorruptTheLastGroup() public {
        for (uint256 i = 0; i < 8; ++i) twins.insert(_leaf(i)); // groups [0..4], [5..7]
        assertTrue(_checkOurs("after 8 inserts"), "upstream agrees before any update");
        twins.update(4, 0); // a compromise in an earlier group: its nodes[4] is now 0
        assertTrue(_checkOurs("after compromising #4"), "upstream agrees after the compromise itself");
        twins.update(1, _leaf(100)); // an update in the earlier group
        assertTrue(_checkOurs("after updating #1"), "upstream's root is right until the next insert");
        twins.insert(_leaf(8)); // position 3 of the last group: reads its cached positions 0..2
        assertTrue(!_checkOurs("after inserting #8"), "upstream hashed a stale cache (the bug this library fixes)");
        for (uint256 i = 9; i < 30; ++i) {
            twins.insert(_leaf(i));
            _checkOurs("after more inserts");
        }
        twins.update(3, 0); // upstream's wrong root no longer verifies a correct path
        _checkOurs("after compromising #3");
        assertTrue(twins.upstreamRefused(), "upstream refused a correct path");
    }

    /// @dev Compromises in the last group and in an earlier one, updates and inserts across a level-1 group edge.
    function testSequenceKeepsTheRecomputedRoot() public {
        for (uint256 i = 0; i < 7; ++i) twins.insert(_leaf(i));
        twins.update(6, 0);
        _checkOurs("compromise #6 (last group)");
        twins.update(5, 0);
        _checkOurs("compromise #5 (last group all zero)");
        twins.insert(_leaf(7));
        twins.insert(_leaf(8));
        _checkOurs("inserts next to zeroed leaves");
        twins.update(0, 0);
        twins.update(4, 0);
        _checkOurs("compromises in an earlier group");
        twins.update(2, _leaf(102));
        _checkOurs("update in an earlier group");
        for (uint256 i = 9; i < 27; ++i) twins.insert(_leaf(i));
        _checkOurs("inserts past 25 (a new level-1 group)");
        twins.update(24, 0);
        twins.update(26, _leaf(126));
        for (uint256 i = 27; i < 31; ++i) twins.insert(_leaf(i));
        _checkOurs("end");
    }
}

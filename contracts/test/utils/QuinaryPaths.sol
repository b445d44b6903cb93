// SPDX-License-Identifier: MIT
// solhint-disable private-vars-leading-underscore
pragma solidity ^0.8.28;

import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";
import {QuinaryIMT} from "../../libraries/QuinaryIMT.sol";

/// @notice Quinary Merkle paths and roots computed from a whole leaf list (as @zk-kit/imt's IMT of arity 5 with
/// zero value 0 does), for the tests of the registry's quinary license tree. Independent of QuinaryIMT's caching.
library QuinaryPaths {
    /// @dev Every level of the tree of `leaves` (level 0 = the leaves padded with zeros to a multiple of 5).
    function _levels(uint256[] memory leaves, uint256 depth) private pure returns (uint256[][] memory levels) {
        levels = new uint256[][](depth + 1);
        levels[0] = leaves;
        for (uint256 i = 0; i < depth; ++i) {
            uint256[] memory below = levels[i];
            uint256 n = (below.length + 4) / 5;
            if (n == 0) n = 1;
            uint256[] memory above = new uint256[](n);
            for (uint256 k = 0; k < n; ++k) {
                uint256[5] memory children;
                for (uint256 j = 0; j < 5; ++j) {
                    uint256 at = k * 5 + j;
                    children[j] = at < below.length ? below[at] : QuinaryIMT.zero(i);
                }
                above[k] = PoseidonT6.hash(children);
            }
            levels[i + 1] = above;
        }
    }

    /// @notice The root of the quinary tree of `leaves` with `depth` levels.
    function root(uint256[] memory leaves, uint256 depth) internal pure returns (uint256) {
        return _levels(leaves, depth)[depth][0];
    }

    /// @notice The Merkle path of leaf `index`: per level the 4 other children in order and the position 0..4.
    function path(
        uint256[] memory leaves,
        uint256 index,
        uint256 depth
    ) internal pure returns (uint256[4][] memory siblings, uint8[] memory pathIndices) {
        uint256[][] memory levels = _levels(leaves, depth);
        siblings = new uint256[4][](depth);
        pathIndices = new uint8[](depth);
        uint256 at = index;
        for (uint256 i = 0; i < depth; ++i) {
            uint256 position = at % 5;
            pathIndices[i] = uint8(position);
            uint256 start = at - position;
            uint256 s;
            for (uint256 j = 0; j < 5; ++j) {
                if (j == position) continue;
                uint256 k = start + j;
                siblings[i][s++] = k < levels[i].length ? levels[i][k] : QuinaryIMT.zero(i);
            }
            at /= 5;
        }
    }
}

// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names, several helper contracts per file).
// solhint-disable interface-starts-with-i, const-name-snakecase, private-vars-leading-underscore, one-contract-per-file
pragma solidity ^0.8.28;

/// @notice The few Hardhat/Foundry cheatcodes zkprov's Solidity tests use (forge-std is not a dependency).
interface Vm {
    function warp(uint256 newTimestamp) external;
    function prank(address sender) external;
    function expectRevert(bytes calldata revertData) external;
    function deal(address account, uint256 newBalance) external;
    function assume(bool condition) external pure;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
}

/// @notice Base of zkprov's Solidity tests: the cheatcode handle and small assertions with messages.
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev The BN254 scalar field.
    uint256 internal constant FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @dev circomlib's Base8, generator of BabyJubJub's prime-order subgroup.
    uint256 internal constant BASE8_X = 5299619240641551281634865583518297030282874472190772894086521144482721001553;
    uint256 internal constant BASE8_Y = 16950150798460657717958625567821834550301663161624707787222815936182638968203;

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert(string.concat(what, ": expected ", _str(expected), ", got ", _str(actual)));
    }

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert(what);
    }

    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (max - min == type(uint256).max) return x;
        return min + (x % (max - min + 1));
    }

    function _str(uint256 v) private pure returns (string memory) {
        if (v == 0) return "0";
        bytes memory b = new bytes(78);
        uint256 n;
        while (v != 0) {
            b[77 - n++] = bytes1(uint8(48 + (v % 10)));
            v /= 10;
        }
        bytes memory out = new bytes(n);
        for (uint256 i; i < n; ++i) out[i] = b[78 - n + i];
        return string(out);
    }
}

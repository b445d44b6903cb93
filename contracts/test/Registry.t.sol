// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names, several helper contracts per file).
// solhint-disable private-vars-leading-underscore
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {BabyJubJub} from "../libraries/BabyJubJub.sol";
import {Registry} from "../registries/Registry.sol";
import {TestBase} from "./utils/Cheats.sol";

/// @notice Root-history window edges, role checks and key checks of the Registry.
contract RegistryTest is TestBase {
    uint64 private constant WINDOW = 1 hours;
    address private constant CURATOR = address(0xC0);
    address private constant LICENSOR = address(0x11C);
    address private constant KYC = address(0x6C);
    address private constant STRANGER = address(0xBAD);

    Registry private registry;

    function setUp() public {
        registry = new Registry(1 days, address(this), WINDOW, [BASE8_X, BASE8_Y], 20);
        registry.grantRole(registry.CURATOR_ROLE(), CURATOR);
        registry.grantRole(registry.LICENSOR_ROLE(), LICENSOR);
        registry.grantRole(registry.KYC_ROLE(), KYC);
        vm.warp(1_000_000);
    }

    // ------------------------------------------------------------ root history

    function testEmptyTreeRootIsNeverKnown() public view {
        assertEq(registry.root(IRegistry.Tree.License), 0, "empty root");
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, 0), "root 0 known");
    }

    function testReplacedRootKnownExactlyUntilWindowEnds() public {
        uint256 first = _insertLicense(101);
        vm.warp(2_000_000);
        uint256 second = _insertLicense(102);
        assertEq(registry.rootReplacedAt(IRegistry.Tree.License, first), 2_000_000, "replacedAt");

        vm.warp(2_000_000 + WINDOW);
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, first), "known at replacedAt + window");
        vm.warp(2_000_000 + WINDOW + 1);
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, first), "known after window");
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, second), "current root unknown");
    }

    function testCurrentRootStaysKnownForever() public {
        uint256 current = _insertLicense(101);
        vm.warp(block.timestamp + 3650 days);
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, current), "current root expired");
    }

    function testRootsAreKnownOnlyInTheirOwnTree() public {
        uint256 licenseRoot = _insertLicense(101);
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.Model, licenseRoot), "license root known as model root");
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.Licensee, licenseRoot), "license root known as licensee root");
    }

    /// @dev Issue 14: after a compromise, no root from before it is accepted, not even inside the window.
    function testCompromiseEndsEveryEarlierRootAtOnce() public {
        uint256 first = _insertLicense(101);
        uint256 withBoth = _insertLicense(102);
        uint256[] memory siblings = new uint256[](1);
        siblings[0] = 101;
        vm.warp(block.timestamp + 10);
        vm.prank(LICENSOR);
        registry.compromise(IRegistry.Tree.License, 102, siblings);
        assertTrue(!registry.has(IRegistry.Tree.License, 102), "compromised leaf still present");
        // A compromised leaf is a zero leaf: the parent hashes it (LeanIMT only skips a missing right node).
        uint256 after_ = registry.root(IRegistry.Tree.License);
        assertEq(after_, PoseidonT3.hash([uint256(101), 0]), "root after the compromise");
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, withBoth), "pre-compromise root still known");
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, first), "older root still known");
        assertEq(uint256(registry.rootStatus(IRegistry.Tree.License, withBoth)), 4, "status Compromised");
        assertEq(registry.lastCompromisedAt(IRegistry.Tree.License), block.timestamp, "lastCompromisedAt");
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, after_), "new root unknown");
    }

    /// @dev Roots made after a compromise keep the ordinary window: an insert does not break proofs in flight.
    function testRootsAfterACompromiseKeepTheWindow() public {
        _insertLicense(101);
        vm.prank(LICENSOR);
        registry.compromise(IRegistry.Tree.License, 101, new uint256[](0));
        uint256 second = _insertLicense(102);
        _insertLicense(103);
        assertEq(uint256(registry.rootStatus(IRegistry.Tree.License, second)), 2, "status Recent");
        vm.warp(block.timestamp + WINDOW);
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, second), "post-compromise root cut short");
        vm.warp(block.timestamp + 1);
        assertEq(uint256(registry.rootStatus(IRegistry.Tree.License, second)), 3, "status Expired");
    }

    /// @dev An ordinary update keeps the replaced root for the window.
    function testUpdateKeepsTheReplacedRootForTheWindow() public {
        uint256 first = _insertLicense(101);
        vm.prank(LICENSOR);
        registry.updateLicense(101, 104, new uint256[](0));
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, first), "updated-away root dropped at once");
    }

    /// @dev A compromise in one tree leaves the other trees' past roots alone.
    function testCompromiseIsPerTree() public {
        vm.prank(KYC);
        registry.insertLicensee(5);
        uint256 licenseeFirst = registry.root(IRegistry.Tree.Licensee);
        vm.prank(KYC);
        registry.insertLicensee(6);
        _insertLicense(101);
        vm.prank(LICENSOR);
        registry.compromise(IRegistry.Tree.License, 101, new uint256[](0));
        assertTrue(registry.isKnownRoot(IRegistry.Tree.Licensee, licenseeFirst), "other tree's root dropped");
        assertEq(registry.lastCompromisedAt(IRegistry.Tree.Licensee), 0, "other tree marked compromised");
    }

    // ------------------------------------------------------------ one live entry per modelHash

    /// @dev Issue 14: two models registered under the same modelHash made audit records ambiguous.
    function testSecondLiveModelWithTheSameHashIsRefused() public {
        vm.prank(CURATOR);
        uint256 leaf = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        assertEq(registry.liveModelOf(7), leaf, "live model");
        vm.prank(CURATOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryModelHashLive.selector, 7, leaf));
        registry.insertModel(BASE8_X, BASE8_Y, 7, 3);
    }

    function testModelHashIsFreeAgainAfterACompromise() public {
        vm.prank(CURATOR);
        uint256 leaf = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        vm.prank(CURATOR);
        registry.compromise(IRegistry.Tree.Model, leaf, new uint256[](0));
        assertEq(registry.liveModelOf(7), 0, "still live after the compromise");
        vm.prank(CURATOR);
        uint256 again = registry.insertModel(BASE8_X, BASE8_Y, 7, 3);
        assertEq(registry.liveModelOf(7), again, "new entry not live");
    }

    function testUpdateCannotTakeAnotherLiveModelHash() public {
        vm.prank(CURATOR);
        uint256 seven = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        vm.prank(CURATOR);
        uint256 eight = registry.insertModel(BASE8_X, BASE8_Y, 8, 1);
        uint256[] memory siblings = new uint256[](1);
        siblings[0] = seven;
        vm.prank(CURATOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryModelHashLive.selector, 7, seven));
        registry.updateModel(eight, BASE8_X, BASE8_Y, 7, 3, siblings);
        // The same hash with other rights is an update of the live entry.
        vm.prank(CURATOR);
        uint256 updated = registry.updateModel(eight, BASE8_X, BASE8_Y, 8, 3, siblings);
        assertEq(registry.liveModelOf(8), updated, "updated entry not live");
    }

    function testZeroWindowForgetsAReplacedRootInTheNextSecond() public {
        registry.setRootWindow(0);
        uint256 first = _insertLicense(101);
        _insertLicense(102);
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, first), "replaced root unknown in the same second");
        vm.warp(block.timestamp + 1);
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, first), "replaced root known a second later");
    }

    function testFuzzRootWindowEdge(uint64 window, uint32 replacedAfter) public {
        registry.setRootWindow(window);
        uint256 first = _insertLicense(101);
        uint256 replacedAt = block.timestamp + replacedAfter;
        vm.warp(replacedAt);
        _insertLicense(102);
        vm.warp(replacedAt + window);
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, first), "unknown at the edge");
        vm.warp(replacedAt + uint256(window) + 1);
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, first), "known past the edge");
    }

    function testFuzzUnseenRootIsUnknown(uint256 root) public {
        uint256 current = _insertLicense(101);
        vm.assume(root != current);
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, root), "unseen root known");
    }

    // ------------------------------------------------------------ roles

    function testOnlyCuratorInsertsModels() public {
        _expectUnauthorized(LICENSOR, registry.CURATOR_ROLE());
        registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        _expectUnauthorized(address(this), registry.CURATOR_ROLE());
        registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        vm.prank(CURATOR);
        uint256 leaf = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        assertEq(leaf, registry.modelLeaf(BASE8_X, BASE8_Y, 7, 1), "model leaf");
    }

    function testOnlyLicensorInsertsLicenses() public {
        _expectUnauthorized(KYC, registry.LICENSOR_ROLE());
        registry.insertLicense(101);
        _expectUnauthorized(STRANGER, registry.LICENSOR_ROLE());
        registry.insertLicense(101);
    }

    function testOnlyKycEnrollsLicensees() public {
        _expectUnauthorized(CURATOR, registry.KYC_ROLE());
        registry.insertLicensee(5);
        vm.prank(KYC);
        uint256 leaf = registry.insertLicensee(5);
        assertEq(leaf, registry.licenseeLeaf(5), "licensee leaf");
    }

    function testCompromiseNeedsTheTreesRole() public {
        _insertLicense(101);
        uint256[] memory none = new uint256[](0);
        _expectUnauthorized(CURATOR, registry.LICENSOR_ROLE());
        registry.compromise(IRegistry.Tree.License, 101, none);
        vm.prank(LICENSOR);
        registry.compromise(IRegistry.Tree.License, 101, none);
        assertEq(registry.root(IRegistry.Tree.License), 0, "root after compromising the only leaf");
    }

    function testRolesCannotGrantRoles() public {
        bytes32 curatorRole = registry.CURATOR_ROLE();
        _expectUnauthorized(CURATOR, bytes32(0));
        registry.grantRole(curatorRole, STRANGER);
    }

    function testOnlyRegulatorConfigures() public {
        _expectUnauthorized(CURATOR, bytes32(0));
        registry.setRootWindow(1);
        _expectUnauthorized(STRANGER, bytes32(0));
        registry.setRegulatorKey(BASE8_X, BASE8_Y);
    }

    // ------------------------------------------------------------ keys and leaves

    function testRegulatorKeyMustBeASubgroupPoint() public {
        _expectInvalidRegulatorKey(0, 1); // identity
        _expectInvalidRegulatorKey(0, FIELD - 1); // order 2
        _expectInvalidRegulatorKey(BASE8_X, BASE8_Y + 1); // off the curve
        // circomlib's Generator has order 8 * subgroup order: on the curve, not in the subgroup.
        _expectInvalidRegulatorKey(
            995203441582195749578291179787384436505546430278305826713579947235728471134,
            5472060717959818805561601436314318772137091100104008585924551046643952123905
        );
        registry.setRegulatorKey(BASE8_X, BASE8_Y);
    }

    function testBabyJubJubChecks() public pure {
        assertTrue(BabyJubJub.isOnCurve(BASE8_X, BASE8_Y), "Base8 on curve");
        assertTrue(BabyJubJub.isSubgroupPoint(BASE8_X, BASE8_Y), "Base8 in subgroup");
        assertTrue(BabyJubJub.isOnCurve(0, 1), "identity on curve");
        assertTrue(!BabyJubJub.isSubgroupPoint(0, 1), "identity accepted");
        assertTrue(BabyJubJub.isOnCurve(0, FIELD - 1), "(0, -1) on curve");
        assertTrue(!BabyJubJub.isSubgroupPoint(0, FIELD - 1), "order-2 point accepted");
        assertTrue(!BabyJubJub.isOnCurve(BASE8_X + FIELD, BASE8_Y), "unreduced x accepted");
    }

    function testModelKeyMustBeOnTheCurve() public {
        vm.prank(CURATOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidModelKey.selector, 1, 2));
        registry.insertModel(1, 2, 7, 1);
    }

    function testLeavesMustBeNonzeroFieldElements() public {
        vm.prank(LICENSOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidLeaf.selector, 0));
        registry.insertLicense(0);
        vm.prank(LICENSOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidLeaf.selector, FIELD));
        registry.insertLicense(FIELD);
        vm.prank(KYC);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInputOutOfField.selector, FIELD));
        registry.insertLicensee(FIELD);
    }

    function testDuplicateLeafIsRejected() public {
        _insertLicense(101);
        vm.prank(LICENSOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryLeafExists.selector, IRegistry.Tree.License, 101));
        registry.insertLicense(101);
    }

    function testUpdateChecksTheSiblingCount() public {
        _insertLicense(101);
        _insertLicense(102);
        uint256[] memory none = new uint256[](0);
        vm.prank(LICENSOR);
        vm.expectRevert(
            abi.encodeWithSelector(IRegistry.RegistryWrongSiblingCount.selector, IRegistry.Tree.License, 1, 0)
        );
        registry.updateLicense(101, 103, none);
    }

    function _insertLicense(uint256 leaf) private returns (uint256 root) {
        vm.prank(LICENSOR);
        registry.insertLicense(leaf);
        return registry.root(IRegistry.Tree.License);
    }

    function _expectUnauthorized(address account, bytes32 role) private {
        vm.prank(account);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role)
        );
    }

    function _expectInvalidRegulatorKey(uint256 x, uint256 y) private {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidRegulatorKey.selector, x, y));
        registry.setRegulatorKey(x, y);
    }
}

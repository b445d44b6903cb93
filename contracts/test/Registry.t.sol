// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names, several helper contracts per file).
// solhint-disable private-vars-leading-underscore
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {BabyJubJub} from "../libraries/BabyJubJub.sol";
import {QuinaryIMT} from "../libraries/QuinaryIMT.sol";
import {Registry} from "../registries/Registry.sol";
import {TestBase} from "./utils/Cheats.sol";
import {QuinaryPaths} from "./utils/QuinaryPaths.sol";

/// @notice Root-history window edges, role checks and key checks of the Registry.
contract RegistryTest is TestBase {
    uint64 private constant WINDOW = 1 hours;
    address private constant CURATOR = address(0xC0);
    address private constant LICENSOR = address(0x11C);
    address private constant KYC = address(0x6C);
    address private constant STRANGER = address(0xBAD);

    /// @dev The start and expiry of the test licenses (after every time the tests warp to before inserting).
    uint64 private constant START = 1 << 40;
    uint64 private constant FAR = type(uint64).max;
    /// @dev The license tree's depth (circuits.json LICENSE_DEPTH).
    uint256 private constant LICENSE_DEPTH = 9;
    mapping(uint256 body => uint256 leaf) private _leafOf;
    /// @dev The license tree's leaves as the registry holds them (compromised ones 0), for the quinary paths.
    uint256[] private _licenseLeaves;

    Registry private registry;

    function setUp() public {
        registry = new Registry(1 days, address(this), WINDOW, [BASE8_X, BASE8_Y], [uint256(10), LICENSE_DEPTH, 20]);
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
        _insertLicense(102);
        uint256 withBoth = _insertLicense(103);
        vm.warp(block.timestamp + 10);
        _compromiseLicense(102);
        assertTrue(!registry.has(IRegistry.Tree.License, _lic(102)), "compromised leaf still present");
        // A compromised leaf is a zero leaf (the quinary tree's zero value is 0), its index stays taken.
        uint256 after_ = registry.root(IRegistry.Tree.License);
        uint256[] memory leaves = new uint256[](3);
        (leaves[0], leaves[1], leaves[2]) = (_lic(101), 0, _lic(103));
        assertEq(after_, QuinaryPaths.root(leaves, LICENSE_DEPTH), "root after the compromise");
        assertEq(registry.indexOf(IRegistry.Tree.License, _lic(103)), 2, "index kept");
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, withBoth), "pre-compromise root still known");
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, first), "older root still known");
        assertEq(uint256(registry.rootStatus(IRegistry.Tree.License, withBoth)), 4, "status Compromised");
        assertEq(registry.lastCompromisedAt(IRegistry.Tree.License), block.timestamp, "lastCompromisedAt");
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, after_), "new root unknown");
    }

    /// @dev Zero padding: compromising the last license gives back the root the tree had before it was inserted.
    /// That root is the current tree (it holds no compromised leaf), so it is Current again; every other root
    /// from before the compromise stays refused.
    function testCompromisingTheLastLicenseGivesBackTheEarlierRoot() public {
        uint256 first = _insertLicense(101);
        uint256 withBoth = _insertLicense(102);
        vm.warp(block.timestamp + 10);
        _compromiseLicense(102);
        assertEq(registry.root(IRegistry.Tree.License), first, "the tree of [101, 0] is the tree of [101]");
        assertEq(uint256(registry.rootStatus(IRegistry.Tree.License, first)), 1, "status Current");
        assertEq(uint256(registry.rootStatus(IRegistry.Tree.License, withBoth)), 4, "status Compromised");
        _insertLicense(103);
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, first), "replaced by an insert: the window");
    }

    /// @dev Roots made after a compromise keep the ordinary window: an insert does not break proofs in flight.
    function testRootsAfterACompromiseKeepTheWindow() public {
        _insertLicense(101);
        _compromiseLicense(101);
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
        (uint256[4][] memory siblings, uint8[] memory pathIndices) = _licensePath(101);
        vm.prank(LICENSOR);
        registry.updateLicense(_lic(101), 104, START, FAR, siblings, pathIndices);
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
        _compromiseLicense(101);
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

    // ------------------------------------------------------------ validity intervals (issue 14)

    /// @dev A model's validFrom is the block time of its registration, set by the contract; validUntil is open.
    function testModelValidFromIsTheRegistrationBlockTime() public {
        vm.warp(1_234_567);
        vm.prank(CURATOR);
        uint256 leaf = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        IRegistry.ModelEntry memory e = registry.modelEntry(leaf);
        assertEq(e.validFrom, 1_234_567, "validFrom");
        assertEq(e.validUntil, FAR, "validUntil open");
        assertEq(leaf, registry.modelLeaf(BASE8_X, BASE8_Y, 7, 1, 1_234_567, FAR), "leaf binds the interval");
    }

    /// @dev Retire closes the interval at the retirement's block time and, unlike a compromise, keeps the window.
    function testRetireClosesTheIntervalAndKeepsTheRootWindow() public {
        vm.prank(CURATOR);
        uint256 leaf = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        uint256 rootBefore = registry.root(IRegistry.Tree.Model);
        vm.warp(1_000_500);
        vm.expectEmit(true, true, false, true, address(registry));
        emit IRegistry.ModelRetired(leaf, registry.modelLeaf(BASE8_X, BASE8_Y, 7, 1, 1_000_000, 1_000_500), 1_000_500);
        vm.prank(CURATOR);
        uint256 retired = registry.retireModel(leaf, new uint256[](0));
        assertEq(retired, registry.modelLeaf(BASE8_X, BASE8_Y, 7, 1, 1_000_000, 1_000_500), "retired leaf");
        assertTrue(registry.has(IRegistry.Tree.Model, retired), "retired entry left the tree");
        assertTrue(!registry.has(IRegistry.Tree.Model, leaf), "open entry still in the tree");
        assertEq(registry.modelEntry(retired).validUntil, 1_000_500, "validUntil");
        assertEq(registry.liveModelOf(7), 0, "retired model still live");
        assertEq(uint256(registry.rootStatus(IRegistry.Tree.Model, rootBefore)), 2, "pre-retirement root Recent");
        assertEq(registry.lastCompromisedAt(IRegistry.Tree.Model), 0, "a retirement is not a compromise");
    }

    function testRetiredModelCannotBeRetiredOrUpdatedAgain() public {
        vm.prank(CURATOR);
        uint256 leaf = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        vm.warp(1_000_100);
        vm.prank(CURATOR);
        uint256 retired = registry.retireModel(leaf, new uint256[](0));
        vm.prank(CURATOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryModelRetired.selector, retired, 1_000_100));
        registry.retireModel(retired, new uint256[](0));
        vm.prank(CURATOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryModelRetired.selector, retired, 1_000_100));
        registry.updateModel(retired, BASE8_X, BASE8_Y, 7, 3, new uint256[](0));
        vm.prank(CURATOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryUnknownLeaf.selector, IRegistry.Tree.Model, leaf));
        registry.retireModel(leaf, new uint256[](0));
    }

    /// @dev The same key, hash and rights registered again is a new entry from the new block: its leaf differs,
    /// so attestations dated before it cannot use it (the circuit checks validFrom <= generatedAt).
    function testReRegisteredKeyIsANewEntryWithANewValidFrom() public {
        vm.prank(CURATOR);
        uint256 first = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        vm.prank(CURATOR);
        registry.compromise(IRegistry.Tree.Model, first, new uint256[](0));
        vm.warp(1_000_900);
        vm.prank(CURATOR);
        uint256 again = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        assertTrue(again != first, "re-registration revived the old leaf");
        assertEq(registry.modelEntry(again).validFrom, 1_000_900, "new validFrom");
        // After a retirement too: the modelHash is free and the new entry starts at its own block.
        uint256[] memory siblings = new uint256[](1); // index 1: its sibling is the compromised (zero) leaf 0
        vm.warp(1_001_000);
        vm.prank(CURATOR);
        uint256 retired = registry.retireModel(again, siblings);
        vm.warp(1_002_000);
        vm.prank(CURATOR);
        uint256 third = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        assertTrue(third != again && third != retired, "re-registration after a retirement reused a leaf");
        assertEq(registry.modelEntry(third).validFrom, 1_002_000, "validFrom after a retirement");
    }

    function testLicenseStartBeforeTheRegistrationIsRefused() public {
        vm.prank(LICENSOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryLicenseStartInPast.selector, 999_999, 1_000_000));
        registry.insertLicense(5, 999_999, FAR);
    }

    function testLicenseStartZeroIsTheRegistrationBlockTime() public {
        vm.expectEmit(true, true, false, true, address(registry));
        emit IRegistry.LicenseDescribed(registry.licenseLeaf(5, 1_000_000, FAR), LICENSOR, 5, 1_000_000, FAR);
        vm.prank(LICENSOR);
        uint256 leaf = registry.insertLicense(5, 0, FAR);
        assertEq(leaf, registry.licenseLeaf(5, 1_000_000, FAR), "leaf");
    }

    function testLicenseExpiryBeforeItsStartIsRefused() public {
        vm.prank(LICENSOR);
        vm.expectRevert(
            abi.encodeWithSelector(IRegistry.RegistryLicenseEndsBeforeStart.selector, 2_000_000, 1_999_999)
        );
        registry.insertLicense(5, 2_000_000, 1_999_999);
    }

    /// @dev An update is a new registration: its start is checked against the update's block.
    function testLicenseUpdateChecksTheStartAgainstItsOwnBlock() public {
        vm.prank(LICENSOR);
        uint256 leaf = registry.insertLicense(5, 0, FAR);
        uint256[] memory leaves = new uint256[](1);
        leaves[0] = leaf;
        (uint256[4][] memory siblings, uint8[] memory digits) = QuinaryPaths.path(leaves, 0, LICENSE_DEPTH);
        vm.warp(1_000_050);
        vm.prank(LICENSOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryLicenseStartInPast.selector, 1_000_000, 1_000_050));
        registry.updateLicense(leaf, 6, 1_000_000, FAR, siblings, digits);
    }

    function testFuzzLicenseStartNeverBeforeTheBlock(uint64 start) public {
        vm.prank(LICENSOR);
        if (start != 0 && start < block.timestamp) {
            vm.expectRevert(
                abi.encodeWithSelector(IRegistry.RegistryLicenseStartInPast.selector, start, block.timestamp)
            );
            registry.insertLicense(5, start, FAR);
        } else {
            uint256 leaf = registry.insertLicense(5, start, FAR);
            uint64 used = start == 0 ? uint64(block.timestamp) : start;
            assertEq(leaf, registry.licenseLeaf(5, used, FAR), "leaf");
        }
    }

    // ------------------------------------------------------------ roles

    function testOnlyCuratorInsertsModels() public {
        _expectUnauthorized(LICENSOR, registry.CURATOR_ROLE());
        registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        _expectUnauthorized(address(this), registry.CURATOR_ROLE());
        registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        vm.prank(CURATOR);
        uint256 leaf = registry.insertModel(BASE8_X, BASE8_Y, 7, 1);
        assertEq(leaf, registry.modelLeaf(BASE8_X, BASE8_Y, 7, 1, uint64(block.timestamp), FAR), "model leaf");
    }

    function testOnlyLicensorInsertsLicenses() public {
        _expectUnauthorized(KYC, registry.LICENSOR_ROLE());
        registry.insertLicense(101, START, FAR);
        _expectUnauthorized(STRANGER, registry.LICENSOR_ROLE());
        registry.insertLicense(101, START, FAR);
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
        (uint256[4][] memory siblings, uint8[] memory pathIndices) = _licensePath(101);
        _expectUnauthorized(CURATOR, registry.LICENSOR_ROLE());
        registry.compromiseLicense(_lic(101), siblings, pathIndices);
        _compromiseLicense(101);
        // The quinary tree of one zeroed leaf is the empty tree: its root is the top zero node (not 0: the
        // registry reports 0 only before a first insert).
        uint256[] memory none = new uint256[](0);
        assertEq(registry.root(IRegistry.Tree.License), QuinaryPaths.root(none, LICENSE_DEPTH), "root after");
        assertEq(registry.size(IRegistry.Tree.License), 1, "a compromised leaf keeps its index");
    }

    function testGenericCompromiseRefusesTheLicenseTree() public {
        _insertLicense(101);
        uint256[] memory none = new uint256[](0);
        uint256 leaf = _lic(101);
        vm.prank(LICENSOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryUseCompromiseLicense.selector, leaf));
        registry.compromise(IRegistry.Tree.License, leaf, none);
    }

    /// @dev A path digit must be the digit of the leaf's stored index; a digit of 5 or more never is.
    function testLicensePathDigitsMustBeTheLeafsIndex() public {
        for (uint256 b = 101; b < 108; ++b) _insertLicense(b);
        (uint256[4][] memory siblings, uint8[] memory pathIndices) = _licensePath(106); // index 5: digits 0, 1, 0...
        uint256 leaf = _lic(106);
        pathIndices[0] = 5;
        vm.prank(LICENSOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryWrongPathIndex.selector, leaf, 0, 0, 5));
        registry.compromiseLicense(leaf, siblings, pathIndices);
        // The path of another leaf (index 6), with its valid siblings: refused at the digit that differs.
        (uint256[4][] memory otherSiblings, uint8[] memory otherDigits) = _licensePath(107);
        vm.prank(LICENSOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryWrongPathIndex.selector, leaf, 0, 0, 1));
        registry.compromiseLicense(leaf, otherSiblings, otherDigits);
        // The right digits with a wrong sibling: it is not the stored node at its place.
        (siblings, pathIndices) = _licensePath(106);
        siblings[1][3] = 12345;
        vm.prank(LICENSOR);
        // (level 1, index 4: past the last node of level 1, a zero node)
        vm.expectRevert(abi.encodeWithSelector(QuinaryIMT.QuinaryWrongSiblings.selector, 1, 4));
        registry.compromiseLicense(leaf, siblings, pathIndices);
        // Too few digits.
        (siblings, pathIndices) = _licensePath(106);
        uint8[] memory short = new uint8[](LICENSE_DEPTH - 1);
        vm.prank(LICENSOR);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRegistry.RegistryWrongPathLength.selector,
                IRegistry.Tree.License,
                LICENSE_DEPTH,
                LICENSE_DEPTH - 1
            )
        );
        registry.compromiseLicense(leaf, siblings, short);
        _compromiseLicense(106);
        assertTrue(!registry.has(IRegistry.Tree.License, leaf), "compromised");
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

    function testLeafInputsMustBeFieldElements() public {
        vm.prank(LICENSOR);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInputOutOfField.selector, FIELD));
        registry.insertLicense(FIELD, START, FAR);
        vm.prank(KYC);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInputOutOfField.selector, FIELD));
        registry.insertLicensee(FIELD);
    }

    function testDuplicateLeafIsRejected() public {
        _insertLicense(101);
        vm.prank(LICENSOR);
        vm.expectRevert(
            abi.encodeWithSelector(IRegistry.RegistryLeafExists.selector, IRegistry.Tree.License, _lic(101))
        );
        registry.insertLicense(101, START, FAR);
    }

    function testUpdateChecksTheSiblingCount() public {
        _insertLicense(101);
        _insertLicense(102);
        uint256[4][] memory none = new uint256[4][](0);
        uint8[] memory noDigits = new uint8[](0);
        vm.prank(LICENSOR);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRegistry.RegistryWrongSiblingCount.selector,
                IRegistry.Tree.License,
                LICENSE_DEPTH,
                0
            )
        );
        registry.updateLicense(_lic(101), 103, START, FAR, none, noDigits);
    }

    /// @dev Inserts the license of `body` (START, FAR) and returns the new root.
    function _insertLicense(uint256 body) private returns (uint256 root) {
        vm.prank(LICENSOR);
        _leafOf[body] = registry.insertLicense(body, START, FAR);
        _licenseLeaves.push(_leafOf[body]);
        return registry.root(IRegistry.Tree.License);
    }

    /// @dev The quinary path of the test license of `body`, from the leaves the tests inserted.
    function _licensePath(uint256 body) private view returns (uint256[4][] memory siblings, uint8[] memory digits) {
        uint256 leaf = _leafOf[body];
        for (uint256 i = 0; i < _licenseLeaves.length; ++i) {
            if (_licenseLeaves[i] == leaf) return QuinaryPaths.path(_licenseLeaves, i, LICENSE_DEPTH);
        }
        revert("no such test license");
    }

    /// @dev Compromises the test license of `body` (as LICENSOR) and zeroes it in the test's leaf list.
    function _compromiseLicense(uint256 body) private {
        (uint256[4][] memory siblings, uint8[] memory pathIndices) = _licensePath(body);
        uint256 leaf = _leafOf[body];
        vm.prank(LICENSOR);
        registry.compromiseLicense(leaf, siblings, pathIndices);
        for (uint256 i = 0; i < _licenseLeaves.length; ++i) if (_licenseLeaves[i] == leaf) _licenseLeaves[i] = 0;
    }

    /// @dev The leaf of the test license of `body` inserted by `_insertLicense` (from storage: a call to the
    /// registry here would use up a pending vm.prank).
    function _lic(uint256 body) private view returns (uint256) {
        return _leafOf[body];
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

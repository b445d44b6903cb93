// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names, several helper contracts per file).
// solhint-disable one-contract-per-file, private-vars-leading-underscore, gas-custom-errors
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {Registry} from "../registries/Registry.sol";
import {TestBase} from "./utils/Cheats.sol";

// Adversarial tests of the registry (docs/SECURITY.md): root-window changes racing revocations, role
// escalation, and a stateful invariant test over random inserts, time jumps and window changes.

/// @dev Regulator and holder of every role; drives the fuzzer and keeps a ghost record of each past root.
contract RegistryHandler is TestBase {
    Registry public immutable registry;

    struct Past {
        IRegistry.Tree tree;
        uint256 root;
        uint256 replacedAt;
        uint256 windowThen;
    }

    Past[] public past;
    uint256[3] public lastSize;
    uint256 private _nonce;

    constructor() {
        registry = new Registry(1 days, address(this), 1 hours, [BASE8_X, BASE8_Y], 20);
        registry.grantRole(registry.LICENSOR_ROLE(), address(this));
        registry.grantRole(registry.KYC_ROLE(), address(this));
    }

    function pastCount() external view returns (uint256) {
        return past.length;
    }

    function insertLicense(uint256 seed) public {
        _record(IRegistry.Tree.License);
        // A fresh body, starting now (0) and never expiring: the leaf is the registry's.
        registry.insertLicense(_freshLeaf(seed), 0, type(uint64).max);
    }

    function insertLicensee(uint256 seed) public {
        _record(IRegistry.Tree.Licensee);
        registry.insertLicensee(_freshLeaf(seed));
    }

    function warp(uint256 seconds_) public {
        vm.warp(block.timestamp + bound(seconds_, 0, 3 days));
    }

    function setRootWindow(uint256 window) public {
        registry.setRootWindow(uint64(bound(window, 0, 2 days)));
    }

    function _record(IRegistry.Tree tree) private {
        uint256 root = registry.root(tree);
        if (root != 0) past.push(Past(tree, root, block.timestamp, registry.rootWindow()));
    }

    function _freshLeaf(uint256 seed) private returns (uint256) {
        return (uint256(keccak256(abi.encode(seed, ++_nonce))) % (FIELD - 1)) + 1;
    }
}

contract RegistryInvariantTest is TestBase {
    RegistryHandler private handler;

    function setUp() public {
        vm.warp(1_000_000);
        handler = new RegistryHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev A tree's current root is always known (once it has one).
    /// hardhat-config: invariant.runs = 16
    /// hardhat-config: invariant.depth = 24
    function invariantCurrentRootsAreKnown() public view {
        Registry registry = handler.registry();
        for (uint256 t; t < 3; ++t) {
            uint256 root = registry.root(IRegistry.Tree(t));
            if (root != 0) assertTrue(registry.isKnownRoot(IRegistry.Tree(t), root), "current root unknown");
        }
    }

    /// @dev A replaced root is known only within the window in force when it was replaced AND the current one;
    /// never in another tree (leaves are random, so roots of different trees never coincide here).
    /// hardhat-config: invariant.runs = 16
    /// hardhat-config: invariant.depth = 24
    function invariantPastRootsExpire() public view {
        Registry registry = handler.registry();
        uint256 n = handler.pastCount();
        uint256 windowNow = registry.rootWindow();
        for (uint256 i; i < n; ++i) {
            (IRegistry.Tree tree, uint256 root, uint256 replacedAt, uint256 windowThen) = handler.past(i);
            bool known = registry.isKnownRoot(tree, root);
            bool inWindow = block.timestamp <= replacedAt + windowThen && block.timestamp <= replacedAt + windowNow;
            assertTrue(known == (inWindow || root == registry.root(tree)), "past root known outside its window");
            for (uint256 other; other < 3; ++other) {
                if (other != uint256(tree)) {
                    assertTrue(!registry.isKnownRoot(IRegistry.Tree(other), root), "root known in another tree");
                }
            }
        }
    }

    /// hardhat-config: fuzz.runs = 64
    function testFuzzSequenceKeepsInvariants(uint256 seed) public {
        for (uint256 i; i < 16; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 op = r % 4;
            if (op == 0) handler.insertLicense(r >> 8);
            else if (op == 1) handler.insertLicensee(r >> 8);
            else if (op == 2) handler.warp(r >> 8);
            else handler.setRootWindow(r >> 8);
            invariantCurrentRootsAreKnown();
            invariantPastRootsExpire();
        }
    }
}

contract RegistryAttackTest is TestBase {
    uint64 private constant WINDOW = 1 hours;
    /// @dev The start and expiry of the test licenses (after every time the tests warp to before inserting).
    uint64 private constant START = 1 << 40;
    uint64 private constant FAR = type(uint64).max;
    mapping(uint256 body => uint256 leaf) private _leafOf;
    address private constant LICENSOR = address(0x11C);
    address private constant OTHER_LICENSOR = address(0x11D);
    address private constant CURATOR = address(0xC0);

    Registry private registry;

    function setUp() public {
        vm.warp(1_000_000);
        registry = new Registry(1 days, address(this), WINDOW, [BASE8_X, BASE8_Y], 20);
        registry.grantRole(registry.LICENSOR_ROLE(), LICENSOR);
        registry.grantRole(registry.CURATOR_ROLE(), CURATOR);
    }

    /// @dev F-1 (fixed): widening the window after a revocation's window passed revived the pre-revocation
    /// root, so a revoked license satisfied new proofs again. (A compromise now ends that root at once.)
    function testWideningTheWindowDoesNotReviveACompromisedRoot() public {
        _insertLicense(101);
        uint256 withRevoked = _insertLicense(102);
        uint256[] memory siblings = new uint256[](1);
        siblings[0] = _lic(101);
        vm.prank(LICENSOR);
        registry.compromise(IRegistry.Tree.License, _lic(102), siblings);
        vm.warp(block.timestamp + WINDOW + 1);
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, withRevoked), "expired");
        registry.setRootWindow(30 days);
        assertTrue(
            !registry.isKnownRoot(IRegistry.Tree.License, withRevoked),
            "revoked root revived by a wider window"
        );
        // Roots replaced from now on get the wider window.
        uint256 current = registry.root(IRegistry.Tree.License);
        _insertLicense(103);
        vm.warp(block.timestamp + 29 days);
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, current), "new window not applied");
    }

    /// @dev An emergency: the regulator shrinks the window to cut in-flight roots short at once.
    function testShrinkingTheWindowCutsPastRootsShort() public {
        uint256 first = _insertLicense(101);
        _insertLicense(102);
        vm.warp(block.timestamp + 10 minutes);
        assertTrue(registry.isKnownRoot(IRegistry.Tree.License, first), "within the window");
        registry.setRootWindow(60);
        assertTrue(!registry.isKnownRoot(IRegistry.Tree.License, first), "not cut short");
    }

    /// @dev Role escalation: no tree role can configure the registry, touch another tree or grant a role.
    function testTreeRolesCannotEscalate() public {
        bytes32 admin = registry.DEFAULT_ADMIN_ROLE();
        vm.prank(CURATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, CURATOR, admin)
        );
        registry.setRootWindow(30 days);
        vm.prank(CURATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, CURATOR, admin)
        );
        registry.setRegulatorKey(BASE8_X, BASE8_Y);
        bytes32 licensorRole = registry.LICENSOR_ROLE();
        vm.prank(CURATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, CURATOR, admin)
        );
        registry.grantRole(licensorRole, CURATOR);
        vm.prank(CURATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, CURATOR, licensorRole)
        );
        registry.insertLicense(101, START, FAR);
    }

    /// @dev F-2 (listed): LICENSOR_ROLE is one shared role, so any licensor can compromise another licensor's
    /// license. Pinned here so that a per-licensor ownership change shows up as a deliberate test change.
    function testAnyLicensorCanCompromiseAnyLicense() public {
        registry.grantRole(registry.LICENSOR_ROLE(), OTHER_LICENSOR);
        vm.prank(LICENSOR);
        uint256 leaf = registry.insertLicense(101, START, FAR);
        vm.prank(OTHER_LICENSOR);
        registry.compromise(IRegistry.Tree.License, leaf, new uint256[](0));
        assertTrue(!registry.has(IRegistry.Tree.License, leaf), "compromised by another licensor");
    }

    /// @dev Inserts the license of `body` (START, FAR) and returns the new root.
    function _insertLicense(uint256 body) private returns (uint256 root) {
        vm.prank(LICENSOR);
        _leafOf[body] = registry.insertLicense(body, START, FAR);
        return registry.root(IRegistry.Tree.License);
    }

    /// @dev The leaf of the test license of `body` inserted by `_insertLicense` (from storage: a call to the
    /// registry here would use up a pending vm.prank).
    function _lic(uint256 body) private view returns (uint256) {
        return _leafOf[body];
    }
}

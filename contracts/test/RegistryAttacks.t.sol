// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names, several helper contracts per file).
// solhint-disable one-contract-per-file, private-vars-leading-underscore, gas-custom-errors
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {Registry} from "../registries/Registry.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {TestBase} from "./utils/Cheats.sol";
import {QuinaryPaths} from "./utils/QuinaryPaths.sol";

/// @dev The license tree's depth (circuits.json LICENSE_DEPTH).
uint256 constant LICENSE_DEPTH = 9;

// Adversarial tests of the registry (docs/SECURITY.md): root-window changes racing compromises, role
// escalation, and a stateful invariant test over random inserts, updates and compromises of every tree, time
// jumps and window changes, checked against a mirror of the trees kept here and rebuilt from scratch.

/// @dev Regulator and holder of every role; drives the fuzzer over every action on every tree, and keeps its
/// own record: the leaves of each tree (0 where a leaf was compromised), every root each tree had and when, and
/// every compromised leaf with the span of actions it was in its tree.
contract RegistryHandler is TestBase {
    Registry public immutable registry;

    /// @dev A root a tree had: made by action `madeAt` (the root after it), replaced at `replacedAt` (0 while
    /// current) under the window then in force.
    struct Past {
        IRegistry.Tree tree;
        uint256 root;
        uint256 madeAt;
        uint256 replacedAt;
        uint256 windowThen;
    }

    /// @dev A compromised leaf: in its tree from action `insertedAt` until action `removedAt` removed it.
    struct Compromised {
        IRegistry.Tree tree;
        uint256 leaf;
        uint256 insertedAt;
        uint256 removedAt;
    }

    Past[] public past;
    Compromised[] public compromised;
    /// @dev The mirror: each tree's leaves in order, 0 for a compromised one.
    uint256[][3] private _leaves;
    /// @dev The action that put each leaf in its tree (insert or update).
    mapping(uint256 leaf => uint256 action) private _addedAt;
    /// @dev The action of each tree's last compromise (0: none yet).
    uint256[3] public lastCompromiseAt;
    /// @dev Leaves replaced by an update (no longer in their tree, not compromised).
    uint256[] public replaced;
    uint256 public actions;
    uint256[7] public calls;
    uint256 private _nonce;

    constructor() {
        registry = new Registry(1 days, address(this), 1 hours, [BASE8_X, BASE8_Y], [uint256(10), LICENSE_DEPTH, 20]);
        registry.grantRole(registry.CURATOR_ROLE(), address(this));
        registry.grantRole(registry.LICENSOR_ROLE(), address(this));
        registry.grantRole(registry.KYC_ROLE(), address(this));
    }

    // ------------------------------------------------------------ actions (the fuzzer's targets)

    function insertModel(uint256 seed) public {
        uint256 leaf = registry.insertModel(BASE8_X, BASE8_Y, _fresh(seed), uint16(seed));
        _added(IRegistry.Tree.Model, leaf);
        ++calls[0];
    }

    function insertLicense(uint256 seed) public {
        // A fresh body, starting now (0) and never expiring: the leaf is the registry's.
        uint256 leaf = registry.insertLicense(_fresh(seed), 0, type(uint64).max);
        _added(IRegistry.Tree.License, leaf);
        ++calls[1];
    }

    function insertLicensee(uint256 seed) public {
        uint256 leaf = registry.insertLicensee(_fresh(seed));
        _added(IRegistry.Tree.Licensee, leaf);
        ++calls[2];
    }

    /// @dev Updates a live leaf of the tree `treeSeed` picks (a model gets a new hash and rights, a license a
    /// new leaf, a licensee a new identity commitment).
    function update(uint256 treeSeed, uint256 which, uint256 seed) public {
        IRegistry.Tree tree = IRegistry.Tree(treeSeed % 3);
        (bool found, uint256 index) = _pickLive(tree, which);
        if (!found) return;
        uint256 oldLeaf = _leaves[uint256(tree)][index];
        uint256 newLeaf;
        if (tree == IRegistry.Tree.Model) {
            uint256[] memory siblings = _siblings(tree, index);
            newLeaf = registry.updateModel(oldLeaf, BASE8_X, BASE8_Y, _fresh(seed), uint16(seed), siblings);
        } else if (tree == IRegistry.Tree.License) {
            (uint256[4][] memory qs, uint8[] memory digits) = QuinaryPaths.path(
                _leaves[uint256(tree)],
                index,
                LICENSE_DEPTH
            );
            newLeaf = registry.updateLicense(oldLeaf, _fresh(seed), 0, type(uint64).max, qs, digits);
        } else {
            uint256[] memory siblings = _siblings(tree, index);
            newLeaf = registry.updateLicensee(oldLeaf, _fresh(seed), siblings);
        }
        ++actions;
        _rootChanged(tree);
        _leaves[uint256(tree)][index] = newLeaf;
        _addedAt[newLeaf] = actions;
        replaced.push(oldLeaf);
        ++calls[3];
    }

    function compromise(uint256 treeSeed, uint256 which) public {
        IRegistry.Tree tree = IRegistry.Tree(treeSeed % 3);
        (bool found, uint256 index) = _pickLive(tree, which);
        if (!found) return;
        uint256 leaf = _leaves[uint256(tree)][index];
        if (tree == IRegistry.Tree.License) {
            (uint256[4][] memory qs, uint8[] memory digits) = QuinaryPaths.path(
                _leaves[uint256(tree)],
                index,
                LICENSE_DEPTH
            );
            registry.compromiseLicense(leaf, qs, digits);
        } else {
            registry.compromise(tree, leaf, _siblings(tree, index));
        }
        ++actions;
        _rootChanged(tree);
        _leaves[uint256(tree)][index] = 0;
        compromised.push(Compromised(tree, leaf, _addedAt[leaf], actions));
        lastCompromiseAt[uint256(tree)] = actions;
        ++calls[4];
    }

    function warp(uint256 seconds_) public {
        vm.warp(block.timestamp + bound(seconds_, 0, 3 days));
        ++calls[5];
    }

    function setRootWindow(uint256 window) public {
        registry.setRootWindow(uint64(bound(window, 0, 2 days)));
        ++calls[6];
    }

    // ------------------------------------------------------------ the mirror, read by the invariants

    /// @dev True when past root `i` was made again by a later action: the quinary license tree pads with zero
    /// leaves, so compromising its last leaf(s) gives back the root it had before they were inserted (the same
    /// tree: that root holds no compromised leaf). The later record is the one the rules apply to.
    function remadeLater(uint256 i) external view returns (bool) {
        for (uint256 j = i + 1; j < past.length; ++j) {
            if (past[j].tree == past[i].tree && past[j].root == past[i].root) return true;
        }
        return false;
    }

    function pastCount() external view returns (uint256) {
        return past.length;
    }

    function compromisedCount() external view returns (uint256) {
        return compromised.length;
    }

    function replacedCount() external view returns (uint256) {
        return replaced.length;
    }

    function leavesOf(IRegistry.Tree tree) external view returns (uint256[] memory) {
        return _leaves[uint256(tree)];
    }

    /// @dev The root of tree `tree` of `leaves`, computed from scratch: for the LeanIMTs each level hashes its
    /// nodes in pairs and a last node without a right sibling goes up as it is; the license tree is quinary
    /// (QuinaryPaths). An empty tree has root 0 (the registry reports no root before a first insert).
    function rootOf(IRegistry.Tree tree, uint256[] memory leaves) public pure returns (uint256) {
        if (leaves.length == 0) return 0;
        if (tree == IRegistry.Tree.License) return QuinaryPaths.root(leaves, LICENSE_DEPTH);
        uint256[] memory nodes = leaves;
        while (nodes.length > 1) nodes = _up(nodes);
        return nodes[0];
    }

    // ------------------------------------------------------------ internals

    function _added(IRegistry.Tree tree, uint256 leaf) private {
        ++actions;
        _rootChanged(tree);
        _leaves[uint256(tree)].push(leaf);
        _addedAt[leaf] = actions;
    }

    /// @dev The tree's root just changed by action `actions`: close the record of the one it replaced and open one.
    function _rootChanged(IRegistry.Tree tree) private {
        for (uint256 i = past.length; i > 0; --i) {
            Past storage p = past[i - 1];
            if (p.tree == tree) {
                if (p.replacedAt == 0) {
                    p.replacedAt = block.timestamp;
                    p.windowThen = registry.rootWindow();
                }
                break;
            }
        }
        uint256 root = registry.root(tree);
        if (root != 0) past.push(Past(tree, root, actions, 0, 0));
    }

    function _pickLive(IRegistry.Tree tree, uint256 which) private view returns (bool, uint256) {
        uint256[] storage leaves = _leaves[uint256(tree)];
        uint256 n = leaves.length;
        for (uint256 k; k < n; ++k) {
            uint256 i = (which + k) % n;
            if (leaves[i] != 0) return (true, i);
        }
        return (false, 0);
    }

    /// @dev The LeanIMT proof of the leaf at `index`: per level, the sibling if the node has one.
    function _siblings(IRegistry.Tree tree, uint256 index) private view returns (uint256[] memory out) {
        uint256[] memory nodes = _leaves[uint256(tree)];
        uint256[] memory buf = new uint256[](32);
        uint256 n;
        while (nodes.length > 1) {
            if (index & 1 == 1) buf[n++] = nodes[index - 1];
            else if (index + 1 < nodes.length) buf[n++] = nodes[index + 1];
            nodes = _up(nodes);
            index >>= 1;
        }
        out = new uint256[](n);
        for (uint256 i; i < n; ++i) out[i] = buf[i];
    }

    function _up(uint256[] memory nodes) private pure returns (uint256[] memory next) {
        next = new uint256[]((nodes.length + 1) / 2);
        for (uint256 i; i < next.length; ++i) {
            next[i] = 2 * i + 1 < nodes.length ? PoseidonT3.hash([nodes[2 * i], nodes[2 * i + 1]]) : nodes[2 * i];
        }
    }

    function _fresh(uint256 seed) private returns (uint256) {
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

    /// @dev The mirror equals the chain: each tree's root recomputed from scratch from the leaves the handler
    /// put in (0 for a compromised one) is the registry's root, the sizes agree, every live leaf is at its
    /// index, and no compromised or replaced leaf is in its tree any more.
    /// hardhat-config: invariant.runs = 16
    /// hardhat-config: invariant.depth = 24
    function invariantMirrorEqualsChain() public view {
        Registry registry = handler.registry();
        for (uint256 t; t < 3; ++t) {
            IRegistry.Tree tree = IRegistry.Tree(t);
            uint256[] memory leaves = handler.leavesOf(tree);
            assertEq(registry.root(tree), handler.rootOf(tree, leaves), "root of the mirror");
            assertEq(registry.size(tree), leaves.length, "size");
            for (uint256 i; i < leaves.length; ++i) {
                if (leaves[i] == 0) continue;
                assertTrue(registry.has(tree, leaves[i]), "live leaf missing");
                assertEq(registry.indexOf(tree, leaves[i]), i, "index of a live leaf");
            }
        }
        for (uint256 i; i < handler.compromisedCount(); ++i) {
            (IRegistry.Tree tree, uint256 leaf, , ) = handler.compromised(i);
            assertTrue(!registry.has(tree, leaf), "compromised leaf still in its tree");
        }
        for (uint256 i; i < handler.replacedCount(); ++i) {
            uint256 leaf = handler.replaced(i);
            for (uint256 t; t < 3; ++t) assertTrue(!registry.has(IRegistry.Tree(t), leaf), "replaced leaf still there");
        }
    }

    /// @dev A compromised leaf never satisfies a root accepted after its compromise: no root that held it
    /// (made while it was in its tree) is known now. And more broadly, no root made before its tree's last
    /// compromise is known, whatever the window.
    /// hardhat-config: invariant.runs = 16
    /// hardhat-config: invariant.depth = 24
    function invariantCompromisedLeavesSatisfyNoKnownRoot() public view {
        Registry registry = handler.registry();
        uint256 n = handler.pastCount();
        for (uint256 i; i < n; ++i) {
            (IRegistry.Tree tree, uint256 root, uint256 madeAt, , ) = handler.past(i);
            if (!registry.isKnownRoot(tree, root) || handler.remadeLater(i)) continue;
            assertTrue(madeAt >= handler.lastCompromiseAt(uint256(tree)), "a root from before a compromise is known");
            for (uint256 c; c < handler.compromisedCount(); ++c) {
                (IRegistry.Tree ct, , uint256 insertedAt, uint256 removedAt) = handler.compromised(c);
                if (ct != tree) continue;
                assertTrue(madeAt < insertedAt || madeAt >= removedAt, "a known root holds a compromised leaf");
            }
        }
    }

    /// @dev Every root a tree had is known exactly when the rule says so: it is the current root, or it was
    /// made after the tree's last compromise and replaced no longer ago than the shorter of the window in
    /// force then and the current one. Never in another tree (leaves are random, so roots never coincide).
    /// hardhat-config: invariant.runs = 16
    /// hardhat-config: invariant.depth = 24
    function invariantRootsKnownExactlyByTheRule() public view {
        Registry registry = handler.registry();
        uint256 n = handler.pastCount();
        uint256 windowNow = registry.rootWindow();
        for (uint256 i; i < n; ++i) {
            (IRegistry.Tree tree, uint256 root, uint256 madeAt, uint256 replacedAt, uint256 windowThen) = handler.past(
                i
            );
            if (handler.remadeLater(i)) continue;
            bool current = replacedAt == 0;
            assertTrue(current == (root == registry.root(tree)), "the mirror's current root");
            bool expected =
                current ||
                    (madeAt >= handler.lastCompromiseAt(uint256(tree)) &&
                        block.timestamp <= replacedAt + (windowThen < windowNow ? windowThen : windowNow));
            assertTrue(registry.isKnownRoot(tree, root) == expected, "root known against the rule");
            for (uint256 other; other < 3; ++other) {
                if (other != uint256(tree)) {
                    assertTrue(!registry.isKnownRoot(IRegistry.Tree(other), root), "root known in another tree");
                }
            }
        }
    }

    /// @dev The same invariants after each step of fixed-length random sequences that use every action (the
    /// invariant runner above picks actions itself and may leave some out of a run).
    /// hardhat-config: fuzz.runs = 64
    function testFuzzSequenceKeepsInvariants(uint256 seed) public {
        for (uint256 i; i < 20; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 op = r % 8;
            if (op == 0) handler.insertModel(r >> 8);
            else if (op == 1) handler.insertLicense(r >> 8);
            else if (op == 2) handler.insertLicensee(r >> 8);
            else if (op == 3) handler.update(r >> 8, r >> 16, r >> 24);
            else if (op == 4) handler.compromise(r >> 8, r >> 16);
            else if (op == 5) handler.warp(r >> 8);
            else if (op == 6) handler.setRootWindow(r >> 8);
            else handler.insertLicense(r >> 8);
            invariantMirrorEqualsChain();
            invariantCompromisedLeavesSatisfyNoKnownRoot();
            invariantRootsKnownExactlyByTheRule();
        }
    }

    /// @dev A fixed sequence through every action and every tree, so that each is known to run (the random
    /// ones above could skip an update or a compromise when a tree happens to be empty).
    function testEveryActionOnEveryTreeKeepsInvariants() public {
        for (uint256 t; t < 3; ++t) {
            handler.insertModel(t);
            handler.insertLicense(t);
            handler.insertLicensee(t);
        }
        for (uint256 t; t < 3; ++t) {
            handler.update(t, 1, 7);
            handler.warp(10 minutes);
            handler.compromise(t, 0);
            handler.setRootWindow(2 hours);
            handler.insertModel(10 + t);
            handler.insertLicense(10 + t);
            handler.insertLicensee(10 + t);
            invariantMirrorEqualsChain();
            invariantCompromisedLeavesSatisfyNoKnownRoot();
            invariantRootsKnownExactlyByTheRule();
        }
        for (uint256 k; k < 7; ++k) assertTrue(handler.calls(k) > 0, "an action never ran");
        assertEq(handler.compromisedCount(), 3, "compromises");
        assertEq(handler.replacedCount(), 3, "updates");
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
        registry = new Registry(1 days, address(this), WINDOW, [BASE8_X, BASE8_Y], [uint256(10), LICENSE_DEPTH, 20]);
        registry.grantRole(registry.LICENSOR_ROLE(), LICENSOR);
        registry.grantRole(registry.CURATOR_ROLE(), CURATOR);
    }

    /// @dev F-1 (fixed): widening the window after a revocation's window passed revived the pre-revocation
    /// root, so a revoked license satisfied new proofs again. (A compromise now ends that root at once.)
    function testWideningTheWindowDoesNotReviveACompromisedRoot() public {
        _insertLicense(101);
        uint256 withRevoked = _insertLicense(102);
        uint256[] memory leaves = new uint256[](2);
        (leaves[0], leaves[1]) = (_lic(101), _lic(102));
        (uint256[4][] memory siblings, uint8[] memory digits) = QuinaryPaths.path(leaves, 1, LICENSE_DEPTH);
        vm.prank(LICENSOR);
        registry.compromiseLicense(_lic(102), siblings, digits);
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
        uint256[] memory leaves = new uint256[](1);
        leaves[0] = leaf;
        (uint256[4][] memory siblings, uint8[] memory digits) = QuinaryPaths.path(leaves, 0, LICENSE_DEPTH);
        vm.prank(OTHER_LICENSOR);
        registry.compromiseLicense(leaf, siblings, digits);
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

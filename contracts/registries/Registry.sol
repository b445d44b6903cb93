// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {PoseidonT4} from "poseidon-solidity/PoseidonT4.sol";
import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";
import {DomainTags} from "../generated/DomainTags.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {BabyJubJub} from "../libraries/BabyJubJub.sol";
import {QuinaryIMT, QuinaryTreeData} from "../libraries/QuinaryIMT.sol";

/// @title Registry
/// @notice zkprov's model, license and licensee registries in one contract.
/// @dev One contract rather than three: the trees share the root-history rule, the regulator (one
/// default admin and one two-step handover for all of them) and the pinned audit key, and a gate checks
/// roots with one address. Each tree has its own role, so separation of duties is kept.
/// The model and licensee trees are LeanIMTs (Poseidon(2) nodes); the license tree is a fixed-depth quinary
/// incremental Merkle tree (QuinaryIMT: arity 5, Poseidon(5) nodes, zero value 0, the zk-kit imt package's IMT off chain) with
/// its own leaf -> index map, so has / indexOf / size / root / rootStatus, the root history and compromises behave
/// as for the other trees. Its leaves change through updateLicense and compromiseLicense (quinary paths).
/// Deploy with the `PoseidonT3`, `PoseidonT4` and `PoseidonT6` libraries of poseidon-solidity linked.
contract Registry is IRegistry, AccessControlDefaultAdminRules {
    using InternalLeanIMT for LeanIMTData;
    using QuinaryIMT for QuinaryTreeData;

    /// @inheritdoc IRegistry
    bytes32 public constant CURATOR_ROLE = keccak256("CURATOR_ROLE");
    /// @inheritdoc IRegistry
    bytes32 public constant LICENSOR_ROLE = keccak256("LICENSOR_ROLE");
    /// @inheritdoc IRegistry
    bytes32 public constant KYC_ROLE = keccak256("KYC_ROLE");

    /// @dev When a past root was last replaced, the root window in force then, and the tree's compromise count
    /// when it became the root (one slot): a root made before the latest compromise is never accepted again.
    struct PastRoot {
        uint64 replacedAt;
        uint64 window;
        uint64 epoch;
    }

    /// @dev A tree, its current root (cached: gates read it on every proof), its past roots, how many
    /// compromises it had (`epoch`), the epoch its current root was made in and the time of the last compromise.
    /// The license tree's leaves live in `_licenseTree` (quinary); its `imt` stays empty.
    struct TreeState {
        LeanIMTData imt;
        uint256 root;
        mapping(uint256 root => PastRoot) past;
        uint64 epoch;
        uint64 rootEpoch;
        uint64 compromisedAt;
    }

    /// @dev validUntil of a model entry that is not retired.
    uint64 private constant OPEN_UNTIL = type(uint64).max;

    /// @dev Each tree's largest depth, as Tree numbers them (the circuits' Merkle depth for that tree).
    uint256 private immutable _modelMaxDepth;
    uint256 private immutable _licenseMaxDepth;
    uint256 private immutable _licenseeMaxDepth;

    TreeState[3] private _trees;
    /// @dev The license tree's nodes, and each license leaf's index + 1 (0: not in the tree).
    QuinaryTreeData private _licenseTree;
    mapping(uint256 leaf => uint256 indexPlusOne) private _licenseIndex;
    uint64 private _rootWindow;
    uint256 private _regulatorKeyX;
    uint256 private _regulatorKeyY;
    /// @dev The live model leaf of each modelHash, and the entry of each model leaf in the tree (for updates,
    /// retirements and compromises, and for provers to read its interval).
    mapping(uint256 modelHash => uint256 leaf) private _liveModel;
    mapping(uint256 leaf => ModelEntry) private _models;

    /// @param initialDelay Seconds a default-admin (regulator) handover must wait before it can be accepted.
    /// @param regulator The initial regulator (default admin).
    /// @param rootWindow_ Seconds a replaced root stays known.
    /// @param regulatorKey_ The regulator's audit key (x, y), a BabyJubJub prime-order subgroup point.
    /// @param maxDepths_ Each tree's Merkle depth in the circuits, indexed by Tree (model, license, licensee): the
    /// model and licensee trees may not grow past 2^maxDepths_[t] leaves; the license tree is quinary of fixed depth
    /// maxDepths_[License] (at most QuinaryIMT.MAX_DEPTH), holding 5^depth leaves.
    constructor(
        uint48 initialDelay,
        address regulator,
        uint64 rootWindow_,
        uint256[2] memory regulatorKey_,
        uint256[3] memory maxDepths_
    ) AccessControlDefaultAdminRules(initialDelay, regulator) {
        for (uint256 t = 0; t < 3; t++) {
            if (maxDepths_[t] == 0 || maxDepths_[t] >= 2 ** DomainTags.DEPTH_BITS) {
                revert RegistryInvalidMaxDepth(Tree(t), maxDepths_[t]);
            }
        }
        if (maxDepths_[uint256(Tree.License)] > QuinaryIMT.MAX_DEPTH) {
            revert RegistryInvalidMaxDepth(Tree.License, maxDepths_[uint256(Tree.License)]);
        }
        _licenseTree.init(maxDepths_[uint256(Tree.License)]);
        _modelMaxDepth = maxDepths_[uint256(Tree.Model)];
        _licenseMaxDepth = maxDepths_[uint256(Tree.License)];
        _licenseeMaxDepth = maxDepths_[uint256(Tree.Licensee)];
        _setRootWindow(rootWindow_);
        _setRegulatorKey(regulatorKey_[0], regulatorKey_[1]);
    }

    // ---------------------------------------------------------------- models

    /// @inheritdoc IRegistry
    function insertModel(
        uint256 ax,
        uint256 ay,
        uint256 modelHash,
        uint16 modelRights
    ) external onlyRole(CURATOR_ROLE) returns (uint256 leaf) {
        _checkModelHashFree(modelHash);
        ModelEntry memory entry = _newModelEntry(ax, ay, modelHash, modelRights);
        leaf = _modelLeafOf(entry);
        _insert(Tree.Model, leaf);
        _recordModel(leaf, entry);
    }

    /// @inheritdoc IRegistry
    function updateModel(
        uint256 oldLeaf,
        uint256 ax,
        uint256 ay,
        uint256 modelHash,
        uint16 modelRights,
        uint256[] calldata siblings
    ) external onlyRole(CURATOR_ROLE) returns (uint256 leaf) {
        ModelEntry memory old = _models[oldLeaf];
        if (old.validUntil != OPEN_UNTIL && old.validFrom != 0) revert RegistryModelRetired(oldLeaf, old.validUntil);
        ModelEntry memory entry = _newModelEntry(ax, ay, modelHash, modelRights);
        leaf = _modelLeafOf(entry);
        _update(Tree.Model, oldLeaf, leaf, siblings);
        _clearModel(oldLeaf);
        _checkModelHashFree(modelHash);
        _recordModel(leaf, entry);
    }

    /// @inheritdoc IRegistry
    function retireModel(
        uint256 leaf,
        uint256[] calldata siblings
    ) external onlyRole(CURATOR_ROLE) returns (uint256 newLeaf) {
        ModelEntry memory entry = _models[leaf];
        if (entry.validFrom == 0) revert RegistryUnknownLeaf(Tree.Model, leaf);
        if (entry.validUntil != OPEN_UNTIL) revert RegistryModelRetired(leaf, entry.validUntil);
        // solhint-disable-next-line not-rely-on-time
        entry.validUntil = uint64(block.timestamp);
        newLeaf = _modelLeafOf(entry);
        _update(Tree.Model, leaf, newLeaf, siblings);
        _clearModel(leaf);
        // The retired entry stays in the tree (attestations dated before its end stay provable) but is not live.
        _models[newLeaf] = entry;
        emit ModelRetired(leaf, newLeaf, entry.validUntil);
        emit ModelDescribed(
            newLeaf,
            entry.ax,
            entry.ay,
            entry.modelHash,
            entry.modelRights,
            entry.validFrom,
            entry.validUntil
        );
    }

    // ---------------------------------------------------------------- licenses

    /// @inheritdoc IRegistry
    function insertLicense(
        uint256 body,
        uint64 start,
        uint64 expiry
    ) external onlyRole(LICENSOR_ROLE) returns (uint256 leaf) {
        uint64 start_;
        (start_, leaf) = _licenseLeafOf(body, start, expiry);
        _insertLicense(leaf);
        emit LicenseDescribed(leaf, msg.sender, body, start_, expiry);
    }

    /// @inheritdoc IRegistry
    function updateLicense(
        uint256 oldLeaf,
        uint256 body,
        uint64 start,
        uint64 expiry,
        uint256[4][] calldata siblings,
        uint8[] calldata pathIndices
    ) external onlyRole(LICENSOR_ROLE) returns (uint256 leaf) {
        uint64 start_;
        (start_, leaf) = _licenseLeafOf(body, start, expiry);
        _updateLicense(oldLeaf, leaf, siblings, pathIndices);
        emit LicenseDescribed(leaf, msg.sender, body, start_, expiry);
    }

    /// @inheritdoc IRegistry
    function compromiseLicense(
        uint256 leaf,
        uint256[4][] calldata siblings,
        uint8[] calldata pathIndices
    ) external onlyRole(LICENSOR_ROLE) {
        TreeState storage t = _trees[uint256(Tree.License)];
        uint256 index = _checkedLicensePath(leaf, siblings, pathIndices);
        uint256 newRoot = _licenseTree.update(index, leaf, 0, siblings, pathIndices);
        delete _licenseIndex[leaf];
        _compromised(Tree.License, t, index, leaf, newRoot);
    }

    // ---------------------------------------------------------------- licensees

    /// @inheritdoc IRegistry
    function insertLicensee(uint256 identityCommitment) external onlyRole(KYC_ROLE) returns (uint256 leaf) {
        leaf = _licenseeLeafOf(identityCommitment);
        _insert(Tree.Licensee, leaf);
        emit LicenseeDescribed(leaf, identityCommitment);
    }

    /// @inheritdoc IRegistry
    function updateLicensee(
        uint256 oldLeaf,
        uint256 identityCommitment,
        uint256[] calldata siblings
    ) external onlyRole(KYC_ROLE) returns (uint256 leaf) {
        leaf = _licenseeLeafOf(identityCommitment);
        _update(Tree.Licensee, oldLeaf, leaf, siblings);
        emit LicenseeDescribed(leaf, identityCommitment);
    }

    // ---------------------------------------------------------------- any tree

    /// @inheritdoc IRegistry
    function compromise(Tree tree, uint256 leaf, uint256[] calldata siblings) external onlyRole(roleOf(tree)) {
        if (tree == Tree.License) revert RegistryUseCompromiseLicense(leaf);
        TreeState storage t = _trees[uint256(tree)];
        uint256 index = _checkedIndex(tree, t, leaf, siblings);
        uint256 newRoot = t.imt._remove(leaf, siblings);
        if (tree == Tree.Model) {
            _clearModel(leaf);
        }
        _compromised(tree, t, index, leaf, newRoot);
    }

    // ---------------------------------------------------------------- regulator

    /// @inheritdoc IRegistry
    function setRootWindow(uint64 newWindow) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setRootWindow(newWindow);
    }

    /// @inheritdoc IRegistry
    function setRegulatorKey(uint256 x, uint256 y) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setRegulatorKey(x, y);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IRegistry
    function isKnownRoot(Tree tree, uint256 root_) external view returns (bool) {
        RootStatus status = rootStatus(tree, root_);
        return status == RootStatus.Current || status == RootStatus.Recent;
    }

    /// @inheritdoc IRegistry
    function rootStatus(Tree tree, uint256 root_) public view returns (RootStatus) {
        if (root_ == 0) return RootStatus.Unknown;
        TreeState storage t = _trees[uint256(tree)];
        if (root_ == t.root) return RootStatus.Current;
        PastRoot memory past = t.past[root_];
        if (past.replacedAt == 0) return RootStatus.Unknown;
        if (past.epoch != t.epoch) return RootStatus.Compromised;
        // The shorter of the window in force when the root was replaced and the current one: shrinking the
        // window cuts every past root short, and widening it never revives a root that had expired (which
        // could still hold a leaf compromised since).
        uint256 window = past.window < _rootWindow ? past.window : _rootWindow;
        // solhint-disable-next-line not-rely-on-time
        return block.timestamp <= uint256(past.replacedAt) + window ? RootStatus.Recent : RootStatus.Expired;
    }

    /// @inheritdoc IRegistry
    function lastCompromisedAt(Tree tree) external view returns (uint256) {
        return _trees[uint256(tree)].compromisedAt;
    }

    /// @inheritdoc IRegistry
    function modelEntry(uint256 leaf) external view returns (ModelEntry memory) {
        return _models[leaf];
    }

    /// @inheritdoc IRegistry
    function liveModelOf(uint256 modelHash) external view returns (uint256) {
        return _liveModel[modelHash];
    }

    /// @inheritdoc IRegistry
    function rootReplacedAt(Tree tree, uint256 root_) external view returns (uint256) {
        return _trees[uint256(tree)].past[root_].replacedAt;
    }

    /// @inheritdoc IRegistry
    function root(Tree tree) external view returns (uint256) {
        return _trees[uint256(tree)].root;
    }

    /// @inheritdoc IRegistry
    function size(Tree tree) external view returns (uint256) {
        if (tree == Tree.License) return _licenseTree.numberOfLeaves;
        return _trees[uint256(tree)].imt.size;
    }

    /// @inheritdoc IRegistry
    function depth(Tree tree) external view returns (uint256) {
        if (tree == Tree.License) return _licenseTree.depth;
        return _trees[uint256(tree)].imt.depth;
    }

    /// @inheritdoc IRegistry
    function has(Tree tree, uint256 leaf) public view returns (bool) {
        if (tree == Tree.License) return _licenseIndex[leaf] != 0;
        return _trees[uint256(tree)].imt._has(leaf);
    }

    /// @inheritdoc IRegistry
    function indexOf(Tree tree, uint256 leaf) external view returns (uint256) {
        if (tree == Tree.License) return _licenseIndexOf(leaf);
        LeanIMTData storage imt = _trees[uint256(tree)].imt;
        if (!imt._has(leaf)) revert RegistryUnknownLeaf(tree, leaf);
        return imt._indexOf(leaf);
    }

    /// @inheritdoc IRegistry
    function roleOf(Tree tree) public pure returns (bytes32) {
        if (tree == Tree.Model) return CURATOR_ROLE;
        if (tree == Tree.License) return LICENSOR_ROLE;
        return KYC_ROLE;
    }

    /// @inheritdoc IRegistry
    function maxDepth(Tree tree) public view returns (uint256) {
        if (tree == Tree.Model) return _modelMaxDepth;
        if (tree == Tree.License) return _licenseMaxDepth;
        return _licenseeMaxDepth;
    }

    /// @inheritdoc IRegistry
    function rootWindow() external view returns (uint64) {
        return _rootWindow;
    }

    /// @inheritdoc IRegistry
    function regulatorKey() external view returns (uint256 x, uint256 y) {
        return (_regulatorKeyX, _regulatorKeyY);
    }

    /// @inheritdoc IRegistry
    function modelLeaf(
        uint256 ax,
        uint256 ay,
        uint256 modelHash,
        uint16 modelRights,
        uint64 validFrom,
        uint64 validUntil
    ) public pure returns (uint256) {
        uint256 terms = uint256(modelRights) | (uint256(validFrom) << 16) | (uint256(validUntil) << 80);
        return PoseidonT6.hash([DomainTags.TAG_MODEL, ax, ay, modelHash, terms]);
    }

    /// @inheritdoc IRegistry
    function licenseLeaf(uint256 body, uint64 start, uint64 expiry) public pure returns (uint256) {
        return PoseidonT4.hash([DomainTags.TAG_LICENSE, body, uint256(start) | (uint256(expiry) << 64)]);
    }

    /// @inheritdoc IRegistry
    function licenseeLeaf(uint256 identityCommitment) public pure returns (uint256) {
        return PoseidonT3.hash([DomainTags.TAG_LICENSEE, identityCommitment]);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Validates model data; the new entry is valid from this block, open-ended.
    function _newModelEntry(
        uint256 ax,
        uint256 ay,
        uint256 modelHash,
        uint16 modelRights
    ) private view returns (ModelEntry memory) {
        if (!BabyJubJub.isOnCurve(ax, ay)) revert RegistryInvalidModelKey(ax, ay);
        if (modelHash >= SNARK_SCALAR_FIELD) revert RegistryInputOutOfField(modelHash);
        // solhint-disable-next-line not-rely-on-time
        return ModelEntry(ax, ay, modelHash, modelRights, uint64(block.timestamp), OPEN_UNTIL);
    }

    function _modelLeafOf(ModelEntry memory e) private pure returns (uint256) {
        return modelLeaf(e.ax, e.ay, e.modelHash, e.modelRights, e.validFrom, e.validUntil);
    }

    /// @dev Validates license data (body in the field, start not before this block, expiry not before start);
    /// a start of 0 is this block's time. Returns the start used and the leaf.
    function _licenseLeafOf(
        uint256 body,
        uint64 start,
        uint64 expiry
    ) private view returns (uint64 start_, uint256 leaf) {
        if (body >= SNARK_SCALAR_FIELD) revert RegistryInputOutOfField(body);
        // solhint-disable-next-line not-rely-on-time
        start_ = start == 0 ? uint64(block.timestamp) : start;
        // solhint-disable-next-line not-rely-on-time
        if (start_ < block.timestamp) revert RegistryLicenseStartInPast(start_, block.timestamp);
        if (expiry < start_) revert RegistryLicenseEndsBeforeStart(start_, expiry);
        leaf = licenseLeaf(body, start_, expiry);
    }

    /// @dev A modelHash may have one live entry only.
    function _checkModelHashFree(uint256 modelHash) private view {
        uint256 live = _liveModel[modelHash];
        if (live != 0) revert RegistryModelHashLive(modelHash, live);
    }

    /// @dev Records a new live model entry and describes it.
    function _recordModel(uint256 leaf, ModelEntry memory e) private {
        _liveModel[e.modelHash] = leaf;
        _models[leaf] = e;
        emit ModelDescribed(leaf, e.ax, e.ay, e.modelHash, e.modelRights, e.validFrom, e.validUntil);
    }

    /// @dev Ends the live status of model leaf `leaf` (after an update, a retirement or a compromise).
    function _clearModel(uint256 leaf) private {
        uint256 modelHash = _models[leaf].modelHash;
        if (_liveModel[modelHash] == leaf) delete _liveModel[modelHash];
        delete _models[leaf];
    }

    /// @dev Validates an identity commitment and computes its licensee leaf.
    function _licenseeLeafOf(uint256 identityCommitment) private pure returns (uint256) {
        if (identityCommitment >= SNARK_SCALAR_FIELD) revert RegistryInputOutOfField(identityCommitment);
        return licenseeLeaf(identityCommitment);
    }

    function _insert(Tree tree, uint256 leaf) private {
        TreeState storage t = _trees[uint256(tree)];
        _checkNewLeaf(tree, t, leaf);
        uint256 index = t.imt.size;
        uint256 capacity = 1 << maxDepth(tree);
        if (index >= capacity) revert RegistryTreeFull(tree, capacity);
        uint256 newRoot = t.imt._insert(leaf);
        _setRoot(t, newRoot);
        emit LeafInserted(tree, index, leaf, newRoot);
    }

    /// @dev Appends a license leaf to the quinary tree (capacity 5^depth: QuinaryIMT refuses more).
    function _insertLicense(uint256 leaf) private {
        TreeState storage t = _trees[uint256(Tree.License)];
        _checkNewLeaf(Tree.License, t, leaf);
        uint256 capacity = 5 ** _licenseTree.depth;
        if (_licenseTree.numberOfLeaves >= capacity) revert RegistryTreeFull(Tree.License, capacity);
        (uint256 index, uint256 newRoot) = _licenseTree.insert(leaf);
        _licenseIndex[leaf] = index + 1;
        _setRoot(t, newRoot);
        emit LeafInserted(Tree.License, index, leaf, newRoot);
    }

    /// @dev Replaces license leaf `oldLeaf` with `newLeaf` in the quinary tree, given the old leaf's path.
    function _updateLicense(
        uint256 oldLeaf,
        uint256 newLeaf,
        uint256[4][] calldata siblings,
        uint8[] calldata pathIndices
    ) private {
        TreeState storage t = _trees[uint256(Tree.License)];
        _checkNewLeaf(Tree.License, t, newLeaf);
        uint256 index = _checkedLicensePath(oldLeaf, siblings, pathIndices);
        uint256 newRoot = _licenseTree.update(index, oldLeaf, newLeaf, siblings, pathIndices);
        delete _licenseIndex[oldLeaf];
        _licenseIndex[newLeaf] = index + 1;
        _setRoot(t, newRoot);
        emit LeafUpdated(Tree.License, index, oldLeaf, newLeaf, newRoot);
    }

    /// @dev The index of a license leaf in the quinary tree.
    function _licenseIndexOf(uint256 leaf) private view returns (uint256) {
        uint256 indexPlusOne = _licenseIndex[leaf];
        if (indexPlusOne == 0) revert RegistryUnknownLeaf(Tree.License, leaf);
        return indexPlusOne - 1;
    }

    /// @dev The index of license leaf `leaf`, after checking that its quinary path has one level of 4 siblings and
    /// one digit per level of the tree and that the digits are the base-5 digits of the stored index (lowest level
    /// first). Wrong sibling values still revert in QuinaryIMT (QuinaryWrongSiblings(level, index)).
    function _checkedLicensePath(
        uint256 leaf,
        uint256[4][] calldata siblings,
        uint8[] calldata pathIndices
    ) private view returns (uint256 index) {
        index = _licenseIndexOf(leaf);
        uint256 treeDepth = _licenseTree.depth;
        if (siblings.length != treeDepth) revert RegistryWrongSiblingCount(Tree.License, treeDepth, siblings.length);
        if (pathIndices.length != treeDepth) {
            revert RegistryWrongPathLength(Tree.License, treeDepth, pathIndices.length);
        }
        uint256 at = index;
        for (uint256 level; level < treeDepth; ++level) {
            if (pathIndices[level] != at % 5) revert RegistryWrongPathIndex(leaf, level, at % 5, pathIndices[level]);
            at /= 5;
        }
    }

    /// @dev After a leaf was removed: a new epoch (the roots made so far, the one replaced here included, are never
    /// accepted again), the compromise time and the new root.
    function _compromised(Tree tree, TreeState storage t, uint256 index, uint256 leaf, uint256 newRoot) private {
        ++t.epoch;
        // solhint-disable-next-line not-rely-on-time
        t.compromisedAt = uint64(block.timestamp);
        _setRoot(t, newRoot);
        emit LeafCompromised(tree, index, leaf, newRoot);
    }

    function _update(Tree tree, uint256 oldLeaf, uint256 newLeaf, uint256[] calldata siblings) private {
        TreeState storage t = _trees[uint256(tree)];
        _checkNewLeaf(tree, t, newLeaf);
        uint256 index = _checkedIndex(tree, t, oldLeaf, siblings);
        uint256 newRoot = t.imt._update(oldLeaf, newLeaf, siblings);
        _setRoot(t, newRoot);
        emit LeafUpdated(tree, index, oldLeaf, newLeaf, newRoot);
    }

    /// @dev A leaf to add must be a nonzero field element not yet in the tree (checked here so that the
    /// errors carry arguments; InternalLeanIMT checks the same again).
    function _checkNewLeaf(Tree tree, TreeState storage t, uint256 leaf) private view {
        if (leaf == 0 || leaf >= SNARK_SCALAR_FIELD) revert RegistryInvalidLeaf(leaf);
        if (tree == Tree.License ? _licenseIndex[leaf] != 0 : t.imt._has(leaf)) revert RegistryLeafExists(tree, leaf);
    }

    /// @dev The index of an existing leaf, after checking that `siblings` has exactly as many nodes as the
    /// leaf's LeanIMT path (a level contributes a sibling unless the node is the last of its level and a
    /// left child). Wrong sibling values still revert in InternalLeanIMT (WrongSiblingNodes).
    function _checkedIndex(
        Tree tree,
        TreeState storage t,
        uint256 leaf,
        uint256[] calldata siblings
    ) private view returns (uint256 index) {
        if (!t.imt._has(leaf)) revert RegistryUnknownLeaf(tree, leaf);
        index = t.imt._indexOf(leaf);
        uint256 lastIndex = t.imt.size - 1;
        uint256 treeDepth = t.imt.depth;
        uint256 expected;
        for (uint256 level; level < treeDepth; ++level) {
            if ((index >> level) & 1 == 1 || (index >> level) != (lastIndex >> level)) ++expected;
        }
        if (siblings.length != expected) revert RegistryWrongSiblingCount(tree, expected, siblings.length);
    }

    /// @dev Records the replacement of the current root (with the epoch it was made in) and sets the new one.
    function _setRoot(TreeState storage t, uint256 newRoot) private {
        uint256 oldRoot = t.root;
        if (oldRoot != 0) {
            // solhint-disable-next-line not-rely-on-time
            t.past[oldRoot] = PastRoot({replacedAt: uint64(block.timestamp), window: _rootWindow, epoch: t.rootEpoch});
        }
        t.root = newRoot;
        t.rootEpoch = t.epoch;
    }

    function _setRootWindow(uint64 newWindow) private {
        uint64 oldWindow = _rootWindow;
        _rootWindow = newWindow;
        emit RootWindowSet(oldWindow, newWindow);
    }

    function _setRegulatorKey(uint256 x, uint256 y) private {
        if (!BabyJubJub.isSubgroupPoint(x, y)) revert RegistryInvalidRegulatorKey(x, y);
        (uint256 oldX, uint256 oldY) = (_regulatorKeyX, _regulatorKeyY);
        (_regulatorKeyX, _regulatorKeyY) = (x, y);
        emit RegulatorKeyRotated(oldX, oldY, x, y);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";

/// @title IRegistry
/// @notice The three registries zkprov proofs are made against: approved models, dataset licenses and
/// enrolled licensees, each a Lean incremental Merkle tree (the zk-kit lean-imt package, Poseidon(2) nodes), plus the
/// regulator's pinned audit key. The regulator is the default admin (two-step handover with a delay) and
/// grants the curator (models), licensor (licenses) and KYC provider (licensees) roles.
/// @dev Every change emits one of `LeafInserted`, `LeafUpdated`, `LeafCompromised` carrying the tree, the leaf
/// index, the leaf value(s) and the new root: replaying them in block order with the zk-kit lean-imt package
/// (`insert`, `update(index, leaf)`, `update(index, 0)`) rebuilds each tree and must reach the same root.
/// Root history: a root replaced by an ordinary insert or update stays acceptable to `isKnownRoot` for
/// `rootWindow` seconds, so proofs in flight survive a registry change. A compromise (key leaked, model
/// withdrawn, KYC withdrawn) removes the entry and ends every earlier root of that tree at once, whatever the
/// window: a proof made against any of them must be made again against the new root.
/// At most one live model entry per modelHash: a second registration is refused until the first is compromised.
interface IRegistry is IAccessControlDefaultAdminRules {
    /// @notice The three trees.
    enum Tree {
        Model,
        License,
        Licensee
    }

    /// @notice What a root is to its tree now (`rootStatus`): only Current and Recent are accepted.
    /// @param Unknown Never a root of the tree (0, the empty tree's root, included).
    /// @param Current The tree's root now.
    /// @param Recent Replaced by an ordinary change at most the root window ago.
    /// @param Expired Replaced longer ago than the root window.
    /// @param Compromised Replaced before the tree's last compromise: it may hold the compromised entry.
    enum RootStatus {
        Unknown,
        Current,
        Recent,
        Expired,
        Compromised
    }

    /// @notice A leaf is zero or not below the BN254 scalar field.
    error RegistryInvalidLeaf(uint256 leaf);
    /// @notice An input to an on-chain leaf computation is not below the BN254 scalar field.
    error RegistryInputOutOfField(uint256 value);
    /// @notice A model key is not a point of the BabyJubJub curve.
    error RegistryInvalidModelKey(uint256 ax, uint256 ay);
    /// @notice A regulator key is not a point of BabyJubJub's prime-order subgroup (or is the identity).
    error RegistryInvalidRegulatorKey(uint256 x, uint256 y);
    /// @notice The leaf is already in the tree.
    error RegistryLeafExists(Tree tree, uint256 leaf);
    /// @notice The leaf is not in the tree.
    error RegistryUnknownLeaf(Tree tree, uint256 leaf);
    /// @notice An update or revocation got a different number of sibling nodes than the leaf's path has.
    error RegistryWrongSiblingCount(Tree tree, uint256 expected, uint256 actual);
    /// @notice The tree holds `capacity` = 2^maxDepth leaves already: the circuits could not prove more.
    error RegistryTreeFull(Tree tree, uint256 capacity);
    /// @notice `maxDepth` is zero or larger than a circuit can take.
    error RegistryInvalidMaxDepth(uint256 maxDepth);
    /// @notice A live model entry (`leaf`) has this modelHash already: compromise it before registering another.
    error RegistryModelHashLive(uint256 modelHash, uint256 leaf);

    /// @notice A leaf was appended at `index`; `root` is the tree's new root.
    event LeafInserted(Tree indexed tree, uint256 indexed index, uint256 leaf, uint256 root);
    /// @notice The leaf at `index` was replaced; `root` is the tree's new root.
    event LeafUpdated(Tree indexed tree, uint256 indexed index, uint256 oldLeaf, uint256 newLeaf, uint256 root);
    /// @notice The leaf at `index` was compromised and set to zero; `root` is the tree's new root, and every
    /// earlier root of the tree stopped being accepted in this block.
    event LeafCompromised(Tree indexed tree, uint256 indexed index, uint256 leaf, uint256 root);
    /// @notice The public data a model leaf was computed from, emitted with each model insert or update.
    event ModelDescribed(uint256 indexed leaf, uint256 ax, uint256 ay, uint256 modelHash, uint16 modelRights);
    /// @notice The identity commitment a licensee leaf was computed from, emitted with each insert or update.
    event LicenseeDescribed(uint256 indexed leaf, uint256 identityCommitment);
    /// @notice The root history window changed. A past root stays known for the shorter of the window in force
    /// when it was replaced and the current one: a shorter window applies at once, a longer one only to roots
    /// replaced from now on (so widening never revives an expired root that may hold a since-compromised leaf).
    event RootWindowSet(uint64 oldWindow, uint64 newWindow);
    /// @notice The regulator's audit key changed: mints must encrypt to the new key from now on.
    event RegulatorKeyRotated(uint256 oldX, uint256 oldY, uint256 newX, uint256 newY);

    /// @notice Role that inserts, updates and compromises model leaves.
    // solhint-disable-next-line func-name-mixedcase
    function CURATOR_ROLE() external view returns (bytes32);

    /// @notice Role that inserts, updates and compromises license leaves.
    // solhint-disable-next-line func-name-mixedcase
    function LICENSOR_ROLE() external view returns (bytes32);

    /// @notice Role that inserts, updates and compromises licensee leaves.
    // solhint-disable-next-line func-name-mixedcase
    function KYC_ROLE() external view returns (bytes32);

    /// @notice Registers a model: appends `Poseidon(TAG_MODEL, ax, ay, modelHash, modelRights)`.
    /// @dev Only CURATOR_ROLE. (ax, ay) must be on BabyJubJub; every input below the field; no live entry may
    /// have this modelHash (RegistryModelHashLive).
    /// @return leaf The model leaf.
    function insertModel(uint256 ax, uint256 ay, uint256 modelHash, uint16 modelRights) external returns (uint256 leaf);

    /// @notice Replaces model leaf `oldLeaf` with the leaf of the new model data.
    /// @dev Only CURATOR_ROLE. A new modelHash must not be another live entry's. `siblings` is the leaf's LeanIMT proof siblings (the zk-kit lean-imt package generateProof).
    /// @return leaf The new model leaf.
    function updateModel(
        uint256 oldLeaf,
        uint256 ax,
        uint256 ay,
        uint256 modelHash,
        uint16 modelRights,
        uint256[] calldata siblings
    ) external returns (uint256 leaf);

    /// @notice Appends a license leaf, computed off chain by the licensor over private data.
    /// @dev Only LICENSOR_ROLE.
    function insertLicense(uint256 leaf) external;

    /// @notice Replaces license leaf `oldLeaf` with `newLeaf`.
    /// @dev Only LICENSOR_ROLE.
    function updateLicense(uint256 oldLeaf, uint256 newLeaf, uint256[] calldata siblings) external;

    /// @notice Enrolls a licensee: appends `Poseidon(TAG_LICENSEE, identityCommitment)`.
    /// @dev Only KYC_ROLE.
    /// @return leaf The licensee leaf.
    function insertLicensee(uint256 identityCommitment) external returns (uint256 leaf);

    /// @notice Replaces licensee leaf `oldLeaf` with the leaf of a new identity commitment.
    /// @dev Only KYC_ROLE.
    /// @return leaf The new licensee leaf.
    function updateLicensee(
        uint256 oldLeaf,
        uint256 identityCommitment,
        uint256[] calldata siblings
    ) external returns (uint256 leaf);

    /// @notice Compromises a leaf of `tree` (key leaked, model withdrawn, KYC withdrawn): sets it to zero (the
    /// index stays taken) and stops accepting every earlier root of `tree` at once, whatever the root window.
    /// A model's modelHash may be registered again afterwards (a new entry).
    /// @dev Only the tree's role (`roleOf(tree)`).
    function compromise(Tree tree, uint256 leaf, uint256[] calldata siblings) external;

    /// @notice Sets how long a replaced root stays known, in seconds.
    /// @dev Only the regulator (default admin).
    function setRootWindow(uint64 newWindow) external;

    /// @notice Pins a new regulator audit key (BabyJubJub point of the prime-order subgroup).
    /// @dev Only the regulator (default admin).
    function setRegulatorKey(uint256 x, uint256 y) external;

    /// @notice Whether `root` may be used in a proof against `tree` now: it is the current root, or it was
    /// replaced at most `min(rootWindow, rootWindow when it was replaced)` seconds ago and not before the tree's
    /// last compromise. Root 0 (an empty tree) is never known.
    function isKnownRoot(Tree tree, uint256 root) external view returns (bool);

    /// @notice What `root` is to `tree` now; `isKnownRoot` is true exactly for Current and Recent.
    function rootStatus(Tree tree, uint256 root) external view returns (RootStatus);

    /// @notice When `tree` last had an entry compromised (0: never).
    function lastCompromisedAt(Tree tree) external view returns (uint256);

    /// @notice The live model leaf registered for `modelHash` (0: none).
    function liveModelOf(uint256 modelHash) external view returns (uint256);

    /// @notice When `root` was last replaced in `tree` (0: never a replaced root of that tree).
    function rootReplacedAt(Tree tree, uint256 root) external view returns (uint256);

    /// @notice The current root of `tree` (0 while it is empty).
    function root(Tree tree) external view returns (uint256);

    /// @notice The number of leaves of `tree`, compromised ones included.
    function size(Tree tree) external view returns (uint256);

    /// @notice The current depth of `tree`.
    function depth(Tree tree) external view returns (uint256);

    /// @notice Whether `leaf` is a (not compromised) leaf of `tree`.
    function has(Tree tree, uint256 leaf) external view returns (bool);

    /// @notice The index of `leaf` in `tree`; reverts with RegistryUnknownLeaf if it is not there.
    function indexOf(Tree tree, uint256 leaf) external view returns (uint256);

    /// @notice The role that may change `tree`.
    function roleOf(Tree tree) external view returns (bytes32);

    /// @notice The largest depth any tree may reach (the circuits' Merkle depth).
    function maxDepth() external view returns (uint256);

    /// @notice Seconds a replaced root stays known.
    function rootWindow() external view returns (uint64);

    /// @notice The pinned regulator audit key.
    function regulatorKey() external view returns (uint256 x, uint256 y);

    /// @notice The model leaf for this model data, as `insertModel` computes it.
    function modelLeaf(uint256 ax, uint256 ay, uint256 modelHash, uint16 modelRights) external view returns (uint256);

    /// @notice The licensee leaf for this identity commitment, as `insertLicensee` computes it.
    function licenseeLeaf(uint256 identityCommitment) external view returns (uint256);
}

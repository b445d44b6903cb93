// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";

/// @title IRegistry
/// @notice The three registries zkprov proofs are made against: approved models and enrolled licensees, each a Lean
/// incremental Merkle tree (the zk-kit lean-imt package, Poseidon(2) nodes), and dataset licenses, a fixed-depth
/// quinary incremental Merkle tree (arity 5, Poseidon(5) nodes, zero value 0: the zk-kit imt package's IMT), plus
/// the regulator's pinned audit key. The regulator is the default admin (two-step handover with a delay) and
/// grants the curator (models), licensor (licenses) and KYC provider (licensees) roles.
/// @dev Every change emits one of `LeafInserted`, `LeafUpdated`, `LeafCompromised` carrying the tree, the leaf
/// index, the leaf value(s) and the new root: replaying them in block order with the zk-kit lean-imt package (model,
/// licensee) or the zk-kit imt package's IMT of arity 5 (license) (`insert`, `update(index, leaf)`,
/// `update(index, 0)`) rebuilds each tree and must reach the same root.
/// Root history: a root replaced by an ordinary insert or update stays acceptable to `isKnownRoot` for
/// `rootWindow` seconds, so proofs in flight survive a registry change. A compromise (key leaked, model
/// withdrawn, KYC withdrawn) removes the entry and ends every earlier root of that tree at once, whatever the
/// window: a proof made against any of them must be made again against the new root.
/// At most one live model entry per modelHash: a second registration is refused until the first is retired or
/// compromised. Validity intervals come from the contract: a model entry is valid from the block time of its
/// registration (`validFrom`) until it is retired (`validUntil`, open as 2^64 - 1 until then), and a license from
/// the `start` its licensor chose (never before the block time of its registration) to its `expiry`. A retirement
/// is a planned end: the entry's leaf is updated with the retirement time and attestations dated before it stay
/// provable (validity is judged as of creation; the mint gate bounds how long after generation by its
/// maxAttestationAge). Registering a key again makes a new entry with a new validFrom.
interface IRegistry is IAccessControlDefaultAdminRules {
    /// @notice The public data of a model entry (what its leaf is computed from).
    /// @param ax Public key x (BabyJubJub).
    /// @param ay Public key y.
    /// @param modelHash The model's hash.
    /// @param modelRights The model's rights mask.
    /// @param validFrom Block time of the registration (or of the update that made this entry).
    /// @param validUntil Block time of the retirement, or 2^64 - 1 while the model is not retired.
    struct ModelEntry {
        uint256 ax;
        uint256 ay;
        uint256 modelHash;
        uint16 modelRights;
        uint64 validFrom;
        uint64 validUntil;
    }

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
    /// @notice An update or revocation got a different number of sibling nodes than the leaf's path has (for the
    /// quinary license tree: levels of 4 siblings, one per level of its fixed depth).
    error RegistryWrongSiblingCount(Tree tree, uint256 expected, uint256 actual);
    /// @notice A quinary path got `actual` path digits; the license tree has `expected` levels.
    error RegistryWrongPathLength(Tree tree, uint256 expected, uint256 actual);
    /// @notice The path digit at `level` of license leaf `leaf` is `actual`, but the leaf's stored index has digit
    /// `expected` there (base 5, lowest level first): the path is not the leaf's.
    error RegistryWrongPathIndex(uint256 leaf, uint256 level, uint256 expected, uint256 actual);
    /// @notice The license tree is quinary: compromise a license with `compromiseLicense(leaf, siblings, pathIndices)`.
    error RegistryUseCompromiseLicense(uint256 leaf);
    /// @notice The tree holds `capacity` leaves already (2^maxDepth(tree), or 5^maxDepth for the quinary license
    /// tree): the circuits could not prove more.
    error RegistryTreeFull(Tree tree, uint256 capacity);
    /// @notice `maxDepth` of `tree` is zero or larger than a circuit can take.
    error RegistryInvalidMaxDepth(Tree tree, uint256 maxDepth);
    /// @notice A live model entry (`leaf`) has this modelHash already: retire or compromise it before registering another.
    error RegistryModelHashLive(uint256 modelHash, uint256 leaf);
    /// @notice The model entry `leaf` was retired at `retiredAt`: it cannot be retired or updated again.
    error RegistryModelRetired(uint256 leaf, uint64 retiredAt);
    /// @notice A license's `start` is before the block time of its registration (`blockTime`).
    error RegistryLicenseStartInPast(uint64 start, uint256 blockTime);
    /// @notice A license's `expiry` is before its `start`.
    error RegistryLicenseEndsBeforeStart(uint64 start, uint64 expiry);

    /// @notice A leaf was appended at `index`; `root` is the tree's new root.
    event LeafInserted(Tree indexed tree, uint256 indexed index, uint256 leaf, uint256 root);
    /// @notice The leaf at `index` was replaced; `root` is the tree's new root.
    event LeafUpdated(Tree indexed tree, uint256 indexed index, uint256 oldLeaf, uint256 newLeaf, uint256 root);
    /// @notice The leaf at `index` was compromised and set to zero; `root` is the tree's new root, and every
    /// earlier root of the tree stopped being accepted in this block.
    event LeafCompromised(Tree indexed tree, uint256 indexed index, uint256 leaf, uint256 root);
    /// @notice The public data a model leaf was computed from, emitted with each model insert or update.
    /// `validFrom` and `validUntil` are the interval the contract set.
    event ModelDescribed(
        uint256 indexed leaf,
        uint256 ax,
        uint256 ay,
        uint256 modelHash,
        uint16 modelRights,
        uint64 validFrom,
        uint64 validUntil
    );
    /// @notice Model entry `oldLeaf` was retired at `retiredAt`; its leaf is now `newLeaf` (same data, validUntil
    /// = retiredAt). Roots from before keep the root window (unlike a compromise).
    event ModelRetired(uint256 indexed oldLeaf, uint256 indexed newLeaf, uint64 retiredAt);
    /// @notice The data a license leaf was computed from (`licenseLeaf(body, start, expiry)`), emitted with each
    /// license insert or update; `body` hides the license's private fields. `licensor` is the LICENSOR_ROLE account
    /// that registered it (the oversight console's licensor column).
    event LicenseDescribed(uint256 indexed leaf, address indexed licensor, uint256 body, uint64 start, uint64 expiry);
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

    /// @notice Registers a model: appends `modelLeaf(ax, ay, modelHash, modelRights, block.timestamp, 2^64 - 1)`.
    /// @dev Only CURATOR_ROLE. (ax, ay) must be on BabyJubJub; every input below the field; no live entry may
    /// have this modelHash (RegistryModelHashLive). validFrom is the block time: never the caller's.
    /// @return leaf The model leaf.
    function insertModel(uint256 ax, uint256 ay, uint256 modelHash, uint16 modelRights) external returns (uint256 leaf);

    /// @notice Replaces live model leaf `oldLeaf` with the leaf of the new model data, a new entry valid from
    /// this block (attestations dated before it do not use it).
    /// @dev Only CURATOR_ROLE. A retired entry cannot be updated (RegistryModelRetired). A new modelHash must not
    /// be another live entry's. `siblings` is the leaf's LeanIMT proof siblings (the zk-kit lean-imt package generateProof).
    /// @return leaf The new model leaf.
    function updateModel(
        uint256 oldLeaf,
        uint256 ax,
        uint256 ay,
        uint256 modelHash,
        uint16 modelRights,
        uint256[] calldata siblings
    ) external returns (uint256 leaf);

    /// @notice Retires live model entry `leaf` (a planned end): its leaf is updated to the same data with
    /// validUntil = this block's time. Attestations dated up to then stay provable; roots keep the root window.
    /// The modelHash may be registered again afterwards (a new entry, valid from its own registration).
    /// @dev Only CURATOR_ROLE. `siblings` as for `updateModel`.
    /// @return newLeaf The retired entry's leaf.
    function retireModel(uint256 leaf, uint256[] calldata siblings) external returns (uint256 newLeaf);

    /// @notice Appends the license leaf `licenseLeaf(body, start, expiry)`: `body` is computed off chain by the
    /// licensor over the private fields, and the contract binds the interval into the leaf itself.
    /// @dev Only LICENSOR_ROLE. `start` must not be before the block time (RegistryLicenseStartInPast); 0 means
    /// this block's time (LicenseDescribed tells the start used). `expiry` must not be before the start
    /// (RegistryLicenseEndsBeforeStart); `body` below the field.
    /// @return leaf The license leaf.
    function insertLicense(uint256 body, uint64 start, uint64 expiry) external returns (uint256 leaf);

    /// @notice Replaces license leaf `oldLeaf` with `licenseLeaf(body, start, expiry)` (checked as for an insert:
    /// the new entry's start is not before this block).
    /// @dev Only LICENSOR_ROLE. `siblings` and `pathIndices` are the leaf's quinary Merkle path as the zk-kit imt
    /// package's createProof gives it (per level the 4 other children and the leaf's position 0..4); the digits must
    /// be those of the leaf's stored index (RegistryWrongPathIndex) and the siblings must give the current root.
    /// @return leaf The new license leaf.
    function updateLicense(
        uint256 oldLeaf,
        uint256 body,
        uint64 start,
        uint64 expiry,
        uint256[4][] calldata siblings,
        uint8[] calldata pathIndices
    ) external returns (uint256 leaf);

    /// @notice Compromises license leaf `leaf` (the licensor's secret leaked, the license withdrawn): sets it to
    /// zero (the index stays taken) and stops accepting every earlier license root at once, whatever the window.
    /// @dev Only LICENSOR_ROLE. The path as for updateLicense. The generic `compromise` refuses the license tree
    /// (RegistryUseCompromiseLicense): its paths are quinary.
    function compromiseLicense(uint256 leaf, uint256[4][] calldata siblings, uint8[] calldata pathIndices) external;

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
    /// @dev Only the tree's role (`roleOf(tree)`). Model and licensee trees only: a license is compromised with
    /// `compromiseLicense` (RegistryUseCompromiseLicense).
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

    /// @notice The entry model leaf `leaf` was computed from (all zero if it is not a model leaf in the tree).
    function modelEntry(uint256 leaf) external view returns (ModelEntry memory);

    /// @notice The live (neither retired nor compromised) model leaf registered for `modelHash` (0: none).
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

    /// @notice The largest depth `tree` may reach (the circuits' Merkle depth for that tree: circuits/circuits.json).
    function maxDepth(Tree tree) external view returns (uint256);

    /// @notice Seconds a replaced root stays known.
    function rootWindow() external view returns (uint64);

    /// @notice The pinned regulator audit key.
    function regulatorKey() external view returns (uint256 x, uint256 y);

    /// @notice The model leaf for this model data and interval:
    /// `Poseidon(TAG_MODEL, ax, ay, modelHash, modelRights + validFrom << 16 + validUntil << 80)`.
    function modelLeaf(
        uint256 ax,
        uint256 ay,
        uint256 modelHash,
        uint16 modelRights,
        uint64 validFrom,
        uint64 validUntil
    ) external view returns (uint256);

    /// @notice The license leaf of a body and its interval: `Poseidon(TAG_LICENSE, body, start + expiry << 64)`.
    function licenseLeaf(uint256 body, uint64 start, uint64 expiry) external view returns (uint256);

    /// @notice The licensee leaf for this identity commitment, as `insertLicensee` computes it.
    function licenseeLeaf(uint256 identityCommitment) external view returns (uint256);
}

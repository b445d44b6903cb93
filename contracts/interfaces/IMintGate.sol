// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IRegistry} from "./IRegistry.sol";
import {IRoyaltyVault} from "./IRoyaltyVault.sol";
import {Groth16Proof, IProvenanceVerifier} from "./IVerifiers.sol";
import {PROVENANCE_AUDIT_CIPHER_LENGTH, PROVENANCE_SIGNAL_COUNT} from "../generated/PublicSignals.sol";

/// @title IMintGate
/// @notice Mints an asset token (ERC-721, tokenId = assetHash) only for a valid provenance proof made
/// against known registry roots, the pinned regulator key and a context bound to this chain, this gate,
/// the recipient and the asset. Stores what licensing and royalty claims need, and publishes the audit
/// ciphertext only the regulator can decrypt. ERC-2981 royalties point at the royalty vault.
/// @dev The public signals are ordered as in `ProvenanceSignals` (generated from circuits/circuits.json).
/// A minted token always has `grantedRights` with PUBLISH set, so `grantedRights == 0` means "not minted".
/// Storage per token is one slot (see `TokenRecord`): the payee tags themselves are published in `Minted`.
interface IMintGate {
    /// @notice What a minted token keeps from its provenance proof, packed into one storage slot.
    /// @param tagsDigest `PayeeTags.digest(creatorTag, licensorTag)`: commits to both payee tags.
    /// @param grantedRights modelRights AND licenseRights (16-bit mask).
    /// @param licensorBps The licensor's share of the token's royalties, in basis points (<= 10000).
    struct TokenRecord {
        bytes28 tagsDigest;
        uint16 grantedRights;
        uint16 licensorBps;
    }

    /// @notice The two payee tags of a token, as published in its `Minted` event.
    /// @param creatorTag Poseidon(TAG_PAYEE, commit(sC), bC, assetHash): the creator claims against it.
    /// @param licensorTag Poseidon(TAG_PAYEE, commit(sL), licenseSalt, assetHash): the licensor claims against it.
    struct TokenTags {
        uint256 creatorTag;
        uint256 licensorTag;
    }

    /// @notice Public signal `index` is not below the BN254 scalar field.
    error MintSignalOutOfField(uint256 index, uint256 value);
    /// @notice Public output `index` is outside the range the circuit guarantees (defence in depth).
    error MintSignalOutOfRange(uint256 index, uint256 value);
    /// @notice The proof does not require the PUBLISH right.
    error MintPublishNotRequired(uint256 requiredRights);
    /// @notice The proof's root of `tree` is not known to the registry (never a root, or expired).
    error MintUnknownRoot(IRegistry.Tree tree, uint256 root);
    /// @notice The proof's root of `tree` is older than the tree's last compromise (at `compromisedAt`): it may
    /// hold the compromised entry. An honest proof must be made again against the registry's current root.
    error MintCompromisedRoot(IRegistry.Tree tree, uint256 root, uint256 compromisedAt);
    /// @notice The proof's `now` is more than `window` seconds away from the block time.
    error MintTimeOutOfWindow(uint256 proofTime, uint256 blockTime, uint256 window);
    /// @notice The proof was made for another maxAttestationAge than this gate's setting (`expected`).
    error MintMaxAttestationAgeMismatch(uint256 expected, uint256 actual);
    /// @notice A maxAttestationAge of zero or above `limit` seconds.
    error MintInvalidMaxAttestationAge(uint64 age, uint64 limit);
    /// @notice The proof encrypts its audit record to another key than the pinned regulator key.
    error MintRegulatorKeyMismatch(uint256 x, uint256 y);
    /// @notice The proof's context is not the one for this chain, gate, recipient and asset.
    error MintContextMismatch(uint256 expected, uint256 actual);
    /// @notice A token for this asset exists already.
    error MintAssetAlreadyMinted(uint256 assetHash);
    /// @notice The provenance verifier rejected the proof (for a batch: at least one proof of the batch).
    error MintInvalidProof();
    /// @notice A batch is empty, or its proofs and public signal arrays differ in number.
    error MintBatchLengthMismatch(uint256 proofs, uint256 pubs);
    /// @notice The verifier given at deployment embeds another verification key than the one the gate embeds.
    error MintVerifierKeyMismatch(bytes32 given, bytes32 embedded);

    /// @notice An asset was minted. `creatorTag` and `licensorTag` are what royalty claims name (a licensor
    /// finds its tokens by computing its tag for each asset). `auditEphemeral` and `auditCipher` are the
    /// audit record: the regulator decrypts [modelHash, datasetHash, commit(sC), modelLeaf, licenseLeaf] from them
    /// with its key (the leaves name the model and license registry entries the proof used).
    event Minted(
        uint256 indexed assetHash,
        address indexed to,
        uint256 creatorTag,
        uint256 licensorTag,
        uint16 grantedRights,
        uint16 licensorBps,
        uint256[2] auditEphemeral,
        uint256[PROVENANCE_AUDIT_CIPHER_LENGTH] auditCipher
    );
    /// @notice The tolerance between a proof's `now` and the block time changed.
    event NowWindowSet(uint64 oldWindow, uint64 newWindow);
    /// @notice How old an attestation may be when it mints (`now - generatedAt`, proven in the circuit) changed.
    event MaxAttestationAgeSet(uint64 oldAge, uint64 newAge);
    /// @notice The ERC-2981 royalty rate (basis points of the sale price) changed.
    event RoyaltyRateSet(uint96 oldRate, uint96 newRate);

    /// @notice Mints the asset `pub[ASSET_HASH]` to `to`, if the provenance proof holds.
    /// @param to The recipient, bound into the proof's context.
    /// @param proof The Groth16 proof.
    /// @param pub The public signals, in `ProvenanceSignals` order.
    /// @return tokenId The asset hash.
    function mint(
        address to,
        Groth16Proof calldata proof,
        uint256[PROVENANCE_SIGNAL_COUNT] calldata pub
    ) external returns (uint256 tokenId);

    /// @notice Mints several assets to `to` in one transaction, if every provenance proof holds. Each asset
    /// passes every check of `mint` (roots, PUBLISH, time window, regulator key, its own context for `to`,
    /// not minted before, not twice in the batch); the proofs are verified together with one multi-pairing
    /// over a random linear combination (`ProvenanceBatchVerifier`), so one invalid proof rejects the batch.
    /// @param to The recipient, bound into every proof's context.
    /// @param proofs The Groth16 proofs.
    /// @param pubs Each proof's public signals, in `ProvenanceSignals` order.
    /// @return tokenIds The asset hashes, in batch order.
    function mintBatch(
        address to,
        Groth16Proof[] calldata proofs,
        uint256[PROVENANCE_SIGNAL_COUNT][] calldata pubs
    ) external returns (uint256[] memory tokenIds);

    /// @notice Sets how far (seconds, either way) a proof's `now` may be from the block time.
    /// @dev Only the regulator (the registry's default admin).
    function setNowWindow(uint64 newWindow) external;

    /// @notice Sets how old (seconds, `now - generatedAt`) an attestation may be when it mints: proofs must be
    /// made for this value. Between 1 second and MAX_ATTESTATION_AGE_LIMIT.
    /// @dev Only the regulator (the registry's default admin).
    function setMaxAttestationAge(uint64 newAge) external;

    /// @notice Sets the ERC-2981 royalty rate in basis points (<= 10000); the receiver is the vault.
    /// @dev Only the regulator (the registry's default admin).
    function setRoyaltyRate(uint96 newRate) external;

    /// @notice The record of `tokenId` (all zero if it was not minted).
    function tokenRecord(uint256 tokenId) external view returns (TokenRecord memory);

    /// @notice Whether `tags` are the payee tags `tokenId` was minted with.
    function hasTags(uint256 tokenId, TokenTags calldata tags) external view returns (bool);

    /// @notice The context a mint of `assetHash` to `to` must be proven for.
    function mintContext(address to, uint256 assetHash) external view returns (uint256);

    /// @notice The registry whose roots and regulator key this gate checks.
    function registry() external view returns (IRegistry);

    /// @notice The provenance verifier (its VKEY_HASH names the verification key). The gate embeds the same
    /// verification (ProvenanceVerifierLib, checked equal at deployment) and runs it without calling out.
    function verifier() external view returns (IProvenanceVerifier);

    /// @notice The royalty vault this gate deployed: ERC-2981 receiver and holder of each token's accruals.
    function royaltyVault() external view returns (IRoyaltyVault);

    /// @notice Seconds a proof's `now` may differ from the block time.
    function nowWindow() external view returns (uint64);

    /// @notice Seconds an attestation may be old when it mints (the proof's maxAttestationAge must equal it).
    function maxAttestationAge() external view returns (uint64);

    /// @notice The ERC-2981 royalty rate in basis points.
    function royaltyRate() external view returns (uint96);
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {DomainTags} from "../generated/DomainTags.sol";
import {
    PROVENANCE_AUDIT_CIPHER_LENGTH,
    PROVENANCE_AUDIT_EPHEMERAL_LENGTH,
    PROVENANCE_SIGNAL_COUNT,
    ProvenancePacked as P,
    ProvenanceSignals as S
} from "../generated/PublicSignals.sol";
import {IMintGate} from "../interfaces/IMintGate.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {IRoyaltyVault} from "../interfaces/IRoyaltyVault.sol";
import {Groth16Proof, IProvenanceVerifier, IRoyaltyClaimVerifier} from "../interfaces/IVerifiers.sol";
import {ProvenanceBatchVerifier} from "../verifiers/ProvenanceBatchVerifier.sol";
import {ProvenanceVerifierLib} from "../verifiers/ProvenanceVerifier.sol";
import {PayeeTags} from "../libraries/PayeeTags.sol";
import {ProofContext} from "../libraries/ProofContext.sol";
import {RegulatorGoverned} from "./RegulatorGoverned.sol";
import {RoyaltyVault} from "./RoyaltyVault.sol";

/// @title MintGate
/// @notice ERC-721 of AI-generated assets whose provenance was proven in zero knowledge. tokenId is the
/// asset hash (SHA-256 >> 3, below 2^253), so "was this asset minted before" is token existence.
/// @dev Deploys its RoyaltyVault in the constructor: the vault must know the gate (token records) and the
/// gate must know the vault (ERC-2981 receiver), and creating one from the other fixes both links at
/// deployment with no setter. Storage per token: one slot (tags digest, rights, bps) besides ERC-721's.
/// Proofs are verified by the embedded ProvenanceVerifierLib / ProvenanceBatchVerifier (generated from the
/// same verification key as the deployed verifier, which the constructor checks), saving the external call.
contract MintGate is IMintGate, ERC721, ERC2981, RegulatorGoverned {
    IProvenanceVerifier private immutable _verifier;
    IRoyaltyVault private immutable _vault;

    /// @notice The largest `maxAttestationAge` the regulator may set (a year): beyond it a backdating signer
    /// (or a retired model's old attestations) would stay mintable for longer than any audit period.
    uint64 public constant MAX_ATTESTATION_AGE_LIMIT = 365 days;

    uint64 private _nowWindow;
    uint64 private _maxAttestationAge;
    mapping(uint256 tokenId => TokenRecord) private _records;

    /// @param registry_ The registry (roots, regulator key, governance).
    /// @param verifier_ The generated provenance verifier.
    /// @param claimVerifier The generated royalty-claim verifier, handed to the vault this gate deploys.
    /// @param nowWindow_ Seconds a proof's `now` may differ from the block time.
    /// @param maxAttestationAge_ Seconds an attestation may be old (now - generatedAt) when it mints.
    /// @param royaltyRate_ ERC-2981 royalty rate in basis points.
    constructor(
        IRegistry registry_,
        IProvenanceVerifier verifier_,
        IRoyaltyClaimVerifier claimVerifier,
        uint64 nowWindow_,
        uint64 maxAttestationAge_,
        uint96 royaltyRate_
    ) ERC721("zkprov asset", "ZKPROV") RegulatorGoverned(registry_) {
        bytes32 given = verifier_.VKEY_HASH();
        if (given != ProvenanceVerifierLib.VKEY_HASH)
            revert MintVerifierKeyMismatch(given, ProvenanceVerifierLib.VKEY_HASH);
        _verifier = verifier_;
        _vault = new RoyaltyVault(registry_, claimVerifier);
        _setNowWindow(nowWindow_);
        _setMaxAttestationAge(maxAttestationAge_);
        _setRoyaltyRate(royaltyRate_);
    }

    /// @inheritdoc IMintGate
    function mint(
        address to,
        Groth16Proof calldata proof,
        uint256[PROVENANCE_SIGNAL_COUNT] calldata pub
    ) external returns (uint256 tokenId) {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        tokenId = _checkPublic(to, pub, _pinned(), true, true);
        if (!ProvenanceVerifierLib.verify(proof.a, proof.b, proof.c, pub)) revert MintInvalidProof();
        _mintRecord(to, tokenId, pub);
    }

    /// @inheritdoc IMintGate
    function mintBatch(
        address to,
        Groth16Proof[] calldata proofs,
        uint256[PROVENANCE_SIGNAL_COUNT][] calldata pubs
    ) external returns (uint256[] memory tokenIds) {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        uint256 n = proofs.length;
        if (n == 0 || n != pubs.length) revert MintBatchLengthMismatch(n, pubs.length);
        tokenIds = new uint256[](n);
        // The registry's answers do not change within a transaction: its key is read once, and a root is
        // checked once however many proofs of the batch name it.
        Pinned memory pinned = _pinned();
        for (uint256 i; i < n; ++i) {
            uint256[PROVENANCE_SIGNAL_COUNT] calldata pub = pubs[i];
            bool newModelRoot = i == 0 || pub[S.MODEL_ROOT] != pubs[i - 1][S.MODEL_ROOT];
            bool newLicenseRoot = i == 0 || pub[S.LICENSE_ROOT] != pubs[i - 1][S.LICENSE_ROOT];
            tokenIds[i] = _checkPublic(to, pub, pinned, newModelRoot, newLicenseRoot);
        }
        if (!ProvenanceBatchVerifier.verifyBatch(proofs, pubs)) revert MintInvalidProof();
        // A repeated asset within the batch is caught here: the first copy was just minted.
        for (uint256 i; i < n; ++i) {
            if (_ownerOf(tokenIds[i]) != address(0)) revert MintAssetAlreadyMinted(tokenIds[i]);
            _mintRecord(to, tokenIds[i], pubs[i]);
        }
    }

    /// @inheritdoc IMintGate
    function setNowWindow(uint64 newWindow) external onlyRegulator {
        _setNowWindow(newWindow);
    }

    /// @inheritdoc IMintGate
    function setMaxAttestationAge(uint64 newAge) external onlyRegulator {
        _setMaxAttestationAge(newAge);
    }

    /// @inheritdoc IMintGate
    function setRoyaltyRate(uint96 newRate) external onlyRegulator {
        _setRoyaltyRate(newRate);
    }

    /// @inheritdoc IMintGate
    function tokenRecord(uint256 tokenId) external view returns (TokenRecord memory) {
        return _records[tokenId];
    }

    /// @inheritdoc IMintGate
    function hasTags(uint256 tokenId, TokenTags calldata tags) external view returns (bool) {
        bytes28 stored = _records[tokenId].tagsDigest;
        return stored != bytes28(0) && stored == PayeeTags.digest(tags.creatorTag, tags.licensorTag);
    }

    /// @inheritdoc IMintGate
    function mintContext(address to, uint256 assetHash) public view returns (uint256) {
        return ProofContext.computeWord(to, assetHash);
    }

    /// @inheritdoc IMintGate
    function registry() external view returns (IRegistry) {
        return _registry;
    }

    /// @inheritdoc IMintGate
    function verifier() external view returns (IProvenanceVerifier) {
        return _verifier;
    }

    /// @inheritdoc IMintGate
    function royaltyVault() external view returns (IRoyaltyVault) {
        return _vault;
    }

    /// @inheritdoc IMintGate
    function nowWindow() external view returns (uint64) {
        return _nowWindow;
    }

    /// @inheritdoc IMintGate
    function maxAttestationAge() external view returns (uint64) {
        return _maxAttestationAge;
    }

    /// @inheritdoc IMintGate
    function royaltyRate() public view returns (uint96) {
        (, uint256 amount) = royaltyInfo(0, _feeDenominator());
        return uint96(amount);
    }

    /// @inheritdoc ERC721
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, ERC2981) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    /// @dev What the public signals of every proof of a transaction are checked against.
    struct Pinned {
        uint256 keyX;
        uint256 keyY;
        uint256 nowWindow;
        uint256 maxAttestationAge;
    }

    function _pinned() private view returns (Pinned memory pinned) {
        (pinned.keyX, pinned.keyY) = _registry.regulatorKey();
        pinned.nowWindow = _nowWindow;
        pinned.maxAttestationAge = _maxAttestationAge;
    }

    /// @dev Every check of a mint but the proof itself: signals in the field, asset not minted, outputs in
    /// range, and the public inputs the circuit trusts its caller with; a root only if asked (a batch checks
    /// each distinct root once). Returns the token id (asset hash).
    function _checkPublic(
        address to,
        uint256[PROVENANCE_SIGNAL_COUNT] calldata pub,
        Pinned memory pinned,
        bool checkModelRoot,
        bool checkLicenseRoot
    ) private view returns (uint256 tokenId) {
        _checkField(pub);
        tokenId = pub[S.ASSET_HASH];
        if (_ownerOf(tokenId) != address(0)) revert MintAssetAlreadyMinted(tokenId);
        _checkOutputs(pub);
        _checkStatement(to, pub, pinned, checkModelRoot, checkLicenseRoot);
    }

    /// @dev Every signal below the scalar field: one pass without branches (a pointer walk over the calldata
    /// words, four at a time, then the rest), the index looked up on failure.
    function _checkField(uint256[PROVENANCE_SIGNAL_COUNT] calldata pub) private pure {
        bool outside;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let p := pub
            let end := add(pub, shl(5, PROVENANCE_SIGNAL_COUNT))
            let end4 := sub(end, mod(shl(5, PROVENANCE_SIGNAL_COUNT), 0x80))
            for {} lt(p, end4) {
                p := add(p, 0x80)
            } {
                let a := or(
                    iszero(lt(calldataload(p), SNARK_SCALAR_FIELD)),
                    iszero(lt(calldataload(add(p, 0x20)), SNARK_SCALAR_FIELD))
                )
                let b := or(
                    iszero(lt(calldataload(add(p, 0x40)), SNARK_SCALAR_FIELD)),
                    iszero(lt(calldataload(add(p, 0x60)), SNARK_SCALAR_FIELD))
                )
                outside := or(outside, or(a, b))
            }
            for {} lt(p, end) {
                p := add(p, 0x20)
            } {
                outside := or(outside, iszero(lt(calldataload(p), SNARK_SCALAR_FIELD)))
            }
        }
        if (outside) {
            for (uint256 i; i < S.COUNT; ++i) {
                if (pub[i] >= SNARK_SCALAR_FIELD) revert MintSignalOutOfField(i, pub[i]);
            }
        }
    }

    /// @dev Store the token record, mint, and publish the tags and the audit record.
    function _mintRecord(address to, uint256 tokenId, uint256[PROVENANCE_SIGNAL_COUNT] calldata pub) private {
        uint256 packed = pub[S.PACKED];
        uint16 grantedRights = uint16(P.unpackGrantedRights(packed));
        uint16 licensorBps = uint16(P.unpackLicensorBps(packed));
        _records[tokenId] = TokenRecord({
            tagsDigest: PayeeTags.digest(pub[S.CREATOR_TAG], pub[S.LICENSOR_TAG]),
            grantedRights: grantedRights,
            licensorBps: licensorBps
        });
        _mint(to, tokenId);
        _emitMinted(to, tokenId, pub, grantedRights, licensorBps);
    }

    /// @dev `emit Minted(...)` written out: the event's data is abi.encode of static values, so it is laid out
    /// in scratch memory past the free memory pointer (not allocated: nothing after it uses that memory) and
    /// the audit ephemeral key and ciphertext are copied straight from calldata, where they are consecutive
    /// signals (AUDIT_EPHEMERAL_0, AUDIT_EPHEMERAL_1, AUDIT_CIPHER_0..; PublicSignals.sol follows circuits.json's
    /// output order). The tests decode every Minted event with the ABI and decrypt its audit record.
    function _emitMinted(
        address to,
        uint256 tokenId,
        uint256[PROVENANCE_SIGNAL_COUNT] calldata pub,
        uint256 grantedRights,
        uint256 licensorBps
    ) private {
        bytes32 topic = Minted.selector;
        uint256 creatorTagAt = S.CREATOR_TAG << 5;
        uint256 licensorTagAt = S.LICENSOR_TAG << 5;
        uint256 auditAt = S.AUDIT_EPHEMERAL_0 << 5;
        uint256 auditBytes = (PROVENANCE_AUDIT_EPHEMERAL_LENGTH + PROVENANCE_AUDIT_CIPHER_LENGTH) << 5;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, calldataload(add(pub, creatorTagAt)))
            mstore(add(m, 0x20), calldataload(add(pub, licensorTagAt)))
            mstore(add(m, 0x40), grantedRights)
            mstore(add(m, 0x60), licensorBps)
            calldatacopy(add(m, 0x80), add(pub, auditAt), auditBytes)
            log3(m, add(0x80, auditBytes), topic, tokenId, to)
        }
    }

    /// @dev The circuit guarantees these ranges: `packed` has no bit outside its fields (each field fits
    /// its width, so the uint16 casts are lossless), grantedRights includes PUBLISH (so "grantedRights != 0"
    /// is a sound "token exists" test for the other contracts) and licensorBps <= MAX_BPS.
    function _checkOutputs(uint256[PROVENANCE_SIGNAL_COUNT] calldata pub) private pure {
        uint256 packed = pub[S.PACKED];
        if (packed & ~P.FIELDS_MASK != 0) revert MintSignalOutOfRange(S.PACKED, packed);
        if (P.unpackGrantedRights(packed) & DomainTags.RIGHT_PUBLISH == 0) {
            revert MintSignalOutOfRange(S.PACKED, packed);
        }
        if (P.unpackLicensorBps(packed) > DomainTags.MAX_BPS) revert MintSignalOutOfRange(S.PACKED, packed);
    }

    /// @dev The public values the circuit trusts its caller to check (requiredRights, now and maxAttestationAge
    /// are in `packed`).
    function _checkStatement(
        address to,
        uint256[PROVENANCE_SIGNAL_COUNT] calldata pub,
        Pinned memory pinned,
        bool checkModelRoot,
        bool checkLicenseRoot
    ) private view {
        uint256 requiredRights = P.unpackRequiredRights(pub[S.PACKED]);
        if (requiredRights & DomainTags.RIGHT_PUBLISH == 0) revert MintPublishNotRequired(requiredRights);

        if (checkModelRoot) _checkRoot(IRegistry.Tree.Model, pub[S.MODEL_ROOT]);
        if (checkLicenseRoot) _checkRoot(IRegistry.Tree.License, pub[S.LICENSE_ROOT]);

        uint256 proofTime = P.unpackNow(pub[S.PACKED]);
        uint256 window = pinned.nowWindow;
        // solhint-disable-next-line not-rely-on-time
        uint256 blockTime = block.timestamp;
        uint256 drift = proofTime > blockTime ? proofTime - blockTime : blockTime - proofTime;
        if (drift > window) revert MintTimeOutOfWindow(proofTime, blockTime, window);

        // The circuit proved now - generatedAt <= the proof's maxAttestationAge: it must be this gate's setting.
        uint256 proofAge = P.unpackMaxAttestationAge(pub[S.PACKED]);
        if (proofAge != pinned.maxAttestationAge) {
            revert MintMaxAttestationAgeMismatch(pinned.maxAttestationAge, proofAge);
        }

        if (pub[S.REGULATOR_KEY_0] != pinned.keyX || pub[S.REGULATOR_KEY_1] != pinned.keyY) {
            revert MintRegulatorKeyMismatch(pub[S.REGULATOR_KEY_0], pub[S.REGULATOR_KEY_1]);
        }

        uint256 expected = mintContext(to, pub[S.ASSET_HASH]);
        if (pub[S.CONTEXT] != expected) revert MintContextMismatch(expected, pub[S.CONTEXT]);
    }

    /// @dev A root is accepted if it is the tree's current root or a recent one made since its last compromise.
    function _checkRoot(IRegistry.Tree tree, uint256 root) private view {
        IRegistry.RootStatus status = _registry.rootStatus(tree, root);
        if (status == IRegistry.RootStatus.Current || status == IRegistry.RootStatus.Recent) return;
        if (status == IRegistry.RootStatus.Compromised) {
            revert MintCompromisedRoot(tree, root, _registry.lastCompromisedAt(tree));
        }
        revert MintUnknownRoot(tree, root);
    }

    function _setNowWindow(uint64 newWindow) private {
        uint64 oldWindow = _nowWindow;
        _nowWindow = newWindow;
        emit NowWindowSet(oldWindow, newWindow);
    }

    function _setMaxAttestationAge(uint64 newAge) private {
        if (newAge == 0 || newAge > MAX_ATTESTATION_AGE_LIMIT) {
            revert MintInvalidMaxAttestationAge(newAge, MAX_ATTESTATION_AGE_LIMIT);
        }
        uint64 oldAge = _maxAttestationAge;
        _maxAttestationAge = newAge;
        emit MaxAttestationAgeSet(oldAge, newAge);
    }

    function _setRoyaltyRate(uint96 newRate) private {
        uint96 oldRate = royaltyRate();
        _setDefaultRoyalty(address(_vault), newRate);
        emit RoyaltyRateSet(oldRate, newRate);
    }
}

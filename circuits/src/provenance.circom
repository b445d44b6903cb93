pragma circom 2.1.5;

include "bitify.circom";
include "comparators.circom";
include "eddsaposeidon.circom";
include "poseidon.circom";
include "lib/audit.circom";
include "lib/identity.circom";
include "lib/merkle.circom";
include "lib/rights.circom";
include "generated/domain.circom";

// Provenance(MODEL_DEPTH, LICENSE_DEPTH, LICENSE_ARITY): an asset came from a registered model that signed it, under
// a registered dataset license for that same model, with the rights and time it needs; the model,
// dataset and creator stay private, and an audit record for the regulator is encrypted inside.
//
// Proves PROTOCOL.md "Circuit 1" statements:
//   1. modelLeaf = Poseidon(TAG_MODEL, Ax, Ay, modelHash, modelRights + validFrom << 16 + validUntil << 80) is in
//      the tree with root modelRoot (the registry contract sets validFrom and validUntil from block time);
//   2. the EdDSA-Poseidon signature (R8, S) verifies for msg under (Ax, Ay), where
//      msg = Poseidon(TAG_ATTEST, assetHash, modelHash, licenseLeaf, commit(sC), generatedAt);
//   3. licenseLeaf = Poseidon(TAG_LICENSE, licenseBody, start + expiry << 64), with
//      licenseBody = Poseidon(datasetHash, modelHash, licenseRights + royaltyBps << 16, licensorCommit, licenseSalt),
//      is in the license tree with root licenseRoot, a fixed-depth quinary incremental Merkle tree (arity
//      LICENSE_ARITY = 5, depth LICENSE_DEPTH, Poseidon(5) nodes, zero value 0: @zk-kit/imt's IMT and the registry's
//      quinary tree; the contract computes the leaf from the body and checks start); the same modelHash signal feeds the model leaf, the license body and msg, so a license for another model
//      cannot satisfy it;
//   4. times, judged as of creation: generatedAt <= now; validFrom <= generatedAt <= validUntil;
//      start <= generatedAt <= expiry; now - generatedAt <= maxAttestationAge. Each comparison a <= b is the
//      difference b - a range-checked to TIME_BITS. validFrom, start and now are range-checked to TIME_BITS
//      directly; then generatedAt <= now < 2^64, and validUntil, expiry and maxAttestationAge are each a checked
//      value plus checked differences (below 2^66), so no comparison wraps and every packing below
//      (rights + validFrom << 16 + validUntil << 80, start + expiry << 64, and `packed`) stays below r and has
//      one decomposition;
//   5. grantedRights = modelRights AND licenseRights, and requiredRights is a subset of it;
//   6. creatorTag, licensorTag as PayeeTag; licensorBps = royaltyBps <= MAX_BPS (range-checked);
//   7. auditEphemeral, auditCipher = AuditEncryption([modelHash, datasetHash, commit(sC), modelLeaf, licenseLeaf]):
//      the model leaf names the model registry entry (key and validity interval) the proof used, the license
//      leaf the license registry entry (and so, by its LicenseDescribed event, the licensor);
//   8. context is bound by a constraint (its square).
// grantedRights, requiredRights, licensorBps, now and maxAttestationAge are published as one output,
//   packed = grantedRights + requiredRights << 16 + licensorBps << 32 + now << 48 + maxAttestationAge << 112
// (offsets and widths as circuits.json `packedSignals.packed`). The four low fields are range-checked to their
// widths (RIGHTS_BITS, RIGHTS_BITS, BPS_BITS, TIME_BITS) and maxAttestationAge is below 2^66 (statement 4), so the
// decomposition is unique; the mint gate reads requiredRights, now and maxAttestationAge from it.
// Trusts / callers enforce outside (the mint gate): modelRoot and licenseRoot are known registry roots;
// `now` (in packed) is close to block.timestamp; maxAttestationAge (in packed) is the gate's setting;
// regulatorKey is the pinned key; requiredRights includes PUBLISH; context is recomputed by the contract;
// assetHash not minted before; every public input < r.
template Provenance(MODEL_DEPTH, LICENSE_DEPTH, LICENSE_ARITY) {
    assert(LICENSE_ARITY == 5); // QuinaryMerkleRoot is the only license tree gadget
    // ---- public inputs
    signal input assetHash;
    signal input modelRoot;
    signal input licenseRoot;
    signal input context;
    signal input regulatorKey[2];
    // ---- private inputs, published inside `packed`
    signal input requiredRights;
    signal input now;
    signal input maxAttestationAge;

    // ---- private inputs: model
    signal input modelKey[2];
    signal input modelHash;
    signal input modelRights;
    signal input modelValidFrom;
    signal input modelValidUntil;
    signal input modelIndex;
    signal input modelDepth;
    signal input modelSiblings[MODEL_DEPTH];
    // ---- private inputs: license
    signal input datasetHash;
    signal input licenseRights;
    signal input licenseStart;
    signal input expiry;
    signal input royaltyBps;
    signal input licensorCommit;
    signal input licenseSalt;
    signal input licensePathIndices[LICENSE_DEPTH];
    signal input licenseSiblings[LICENSE_DEPTH][LICENSE_ARITY - 1];
    // ---- private inputs: attestation and creator
    signal input signatureR8[2];
    signal input signatureS;
    signal input creatorSecret;
    signal input generatedAt;
    signal input creatorBlinding;
    signal input auditRandomness;

    // ---- public outputs
    signal output packed;
    signal output creatorTag;
    signal output licensorTag;
    signal output auditEphemeral[2];
    signal output auditCipher[5];

    // 1. model registry membership; rights, validFrom and validUntil share one leaf element (unique: statement 4)
    signal modelTerms <== modelRights + modelValidFrom * (1 << 16) + modelValidUntil * (1 << 80);
    signal modelLeaf <== Poseidon(5)([TAG_MODEL(), modelKey[0], modelKey[1], modelHash, modelTerms]);
    signal modelRootComputed <== LeanIMTRoot(MODEL_DEPTH)(modelLeaf, modelDepth, modelIndex, modelSiblings);
    // @rejects 1: the model is not in the model registry (its leaf and path do not give modelRoot)
    modelRoot === modelRootComputed;

    // 3. license registry membership (the quinary tree); the license names this modelHash
    signal licenseBody <== Poseidon(5)([
        datasetHash, modelHash, licenseRights + royaltyBps * (1 << 16), licensorCommit, licenseSalt
    ]);
    signal licenseLeaf <== Poseidon(3)([TAG_LICENSE(), licenseBody, licenseStart + expiry * (1 << 64)]);
    signal licenseRootComputed <== QuinaryMerkleRoot(LICENSE_DEPTH)(licenseLeaf, licensePathIndices, licenseSiblings);
    // @rejects 3: the license is not in the license registry (its leaf and quinary path do not give licenseRoot)
    licenseRoot === licenseRootComputed;

    // 2. the model's key signed msg, which names the asset, the model, the license leaf and the creator
    signal creatorCommit <== IdentityCommitment()(creatorSecret);
    signal msg <== Poseidon(6)([TAG_ATTEST(), assetHash, modelHash, licenseLeaf, creatorCommit, generatedAt]);
    // @rejects 2: the model key's signature does not verify for this attestation (asset, model, license, creator, time)
    EdDSAPoseidonVerifier()(1, modelKey[0], modelKey[1], signatureS, signatureR8[0], signatureR8[1], msg);

    // 4. times, as of creation: range checks first, then each a <= b as b - a range-checked (see the header)
    _ <== Num2Bits(TIME_BITS())(modelValidFrom); // @rejects 4: the model's validFrom does not fit 64 bits
    _ <== Num2Bits(TIME_BITS())(licenseStart); // @rejects 4: the license start does not fit 64 bits
    _ <== Num2Bits(TIME_BITS())(now); // @rejects 4: now does not fit 64 bits
    signal age <== now - generatedAt;
    _ <== Num2Bits(TIME_BITS())(age); // @rejects 4: the attestation is dated in the future (generatedAt is after now)
    _ <== Num2Bits(TIME_BITS())(generatedAt - modelValidFrom); // @rejects 4: the attestation is dated before the model was registered (generatedAt is before its validFrom)
    _ <== Num2Bits(TIME_BITS())(modelValidUntil - generatedAt); // @rejects 4: the attestation is dated after the model was retired (generatedAt is after its validUntil)
    _ <== Num2Bits(TIME_BITS())(generatedAt - licenseStart); // @rejects 4: the attestation is dated before the license starts
    _ <== Num2Bits(TIME_BITS())(expiry - generatedAt); // @rejects 4: the attestation is dated after the license expiry
    _ <== Num2Bits(TIME_BITS())(maxAttestationAge - age); // @rejects 4: the attestation is older than maxAttestationAge (now - generatedAt is above it)

    // 5. rights
    signal grantedRights <== GrantedRights()(modelRights, licenseRights, requiredRights);

    // 6. royalty tags and share
    creatorTag <== PayeeTag()(creatorCommit, creatorBlinding, assetHash);
    licensorTag <== PayeeTag()(licensorCommit, licenseSalt, assetHash);
    _ <== Num2Bits(BPS_BITS())(royaltyBps); // @rejects 6: the royalty bps do not fit 14 bits
    signal bpsInRange <== LessEqThan(BPS_BITS())([royaltyBps, MAX_BPS()]);
    bpsInRange === 1; // @rejects 6: the royalty share is above 10000 bps

    // 7. audit record for the regulator
    (auditEphemeral, auditCipher) <== AuditEncryption(5)(
        [modelHash, datasetHash, creatorCommit, modelLeaf, licenseLeaf], auditRandomness, regulatorKey
    );

    // 8. bind context (no other constraint uses it)
    signal contextSquare <== context * context;

    // the small public values, packed (each range-checked above: GrantedRights, Num2Bits)
    packed <== grantedRights + requiredRights * (1 << 16) + royaltyBps * (1 << 32) + now * (1 << 48)
        + maxAttestationAge * (1 << 112);
}

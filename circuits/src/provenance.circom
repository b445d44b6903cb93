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

// Provenance(MODEL_DEPTH, LICENSE_DEPTH): an asset came from a registered model that signed it, under
// a registered dataset license for that same model, with the rights and time it needs; the model,
// dataset and creator stay private, and an audit record for the regulator is encrypted inside.
//
// Proves PROTOCOL.md "Circuit 1" statements:
//   1. modelLeaf = Poseidon(TAG_MODEL, Ax, Ay, modelHash, modelRights) is in the tree with root modelRoot;
//   2. the EdDSA-Poseidon signature (R8, S) verifies for msg under (Ax, Ay), where
//      msg = Poseidon(TAG_ATTEST, assetHash, modelHash, licenseLeaf, commit(sC), generatedAt);
//   3. licenseLeaf = Poseidon(TAG_LICENSE, datasetHash, modelHash, licenseRights, expiry, royaltyBps,
//      licensorCommit, licenseSalt) is in the tree with root licenseRoot; the same modelHash signal
//      feeds the model leaf, the license leaf and msg, so a license for another model cannot satisfy it;
//   4. generatedAt <= expiry and now <= expiry, all three range-checked to TIME_BITS first;
//   5. grantedRights = modelRights AND licenseRights, and requiredRights is a subset of it;
//   6. creatorTag, licensorTag as PayeeTag; licensorBps = royaltyBps <= MAX_BPS (range-checked);
//   7. auditEphemeral, auditCipher = AuditEncryption([modelHash, datasetHash, commit(sC)]);
//   8. context is bound by a constraint (its square).
// grantedRights, requiredRights, licensorBps and now are published as one output,
//   packed = grantedRights + requiredRights << 16 + licensorBps << 32 + now << 48
// (offsets and widths as circuits.json `packedSignals.packed`). Each field is range-checked above to its
// width (RIGHTS_BITS, RIGHTS_BITS, BPS_BITS, TIME_BITS), so the 112-bit decomposition is unique; the mint
// gate reads requiredRights and now from it as it read the public inputs before.
// Trusts / callers enforce outside (the mint gate): modelRoot and licenseRoot are known registry roots;
// `now` (in packed) is close to block.timestamp; regulatorKey is the pinned key; requiredRights includes PUBLISH;
// context is recomputed by the contract; assetHash not minted before; every public input < r.
template Provenance(MODEL_DEPTH, LICENSE_DEPTH) {
    // ---- public inputs
    signal input assetHash;
    signal input modelRoot;
    signal input licenseRoot;
    signal input context;
    signal input regulatorKey[2];
    // ---- private inputs, published inside `packed`
    signal input requiredRights;
    signal input now;

    // ---- private inputs: model
    signal input modelKey[2];
    signal input modelHash;
    signal input modelRights;
    signal input modelIndex;
    signal input modelDepth;
    signal input modelSiblings[MODEL_DEPTH];
    // ---- private inputs: license
    signal input datasetHash;
    signal input licenseRights;
    signal input expiry;
    signal input royaltyBps;
    signal input licensorCommit;
    signal input licenseSalt;
    signal input licenseIndex;
    signal input licenseDepth;
    signal input licenseSiblings[LICENSE_DEPTH];
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
    signal output auditCipher[3];

    // 1. model registry membership
    signal modelLeaf <== Poseidon(5)([TAG_MODEL(), modelKey[0], modelKey[1], modelHash, modelRights]);
    signal modelRootComputed <== LeanIMTRoot(MODEL_DEPTH)(modelLeaf, modelDepth, modelIndex, modelSiblings);
    // @rejects 1: the model is not in the model registry (its leaf and path do not give modelRoot)
    modelRoot === modelRootComputed;

    // 3. license registry membership; the license names this modelHash
    signal licenseLeaf <== Poseidon(8)([
        TAG_LICENSE(), datasetHash, modelHash, licenseRights, expiry, royaltyBps, licensorCommit, licenseSalt
    ]);
    signal licenseRootComputed <== LeanIMTRoot(LICENSE_DEPTH)(licenseLeaf, licenseDepth, licenseIndex, licenseSiblings);
    // @rejects 3: the license is not in the license registry (its leaf and path do not give licenseRoot)
    licenseRoot === licenseRootComputed;

    // 2. the model's key signed msg, which names the asset, the model, the license leaf and the creator
    signal creatorCommit <== IdentityCommitment()(creatorSecret);
    signal msg <== Poseidon(6)([TAG_ATTEST(), assetHash, modelHash, licenseLeaf, creatorCommit, generatedAt]);
    // @rejects 2: the model key's signature does not verify for this attestation (asset, model, license, creator, time)
    EdDSAPoseidonVerifier()(1, modelKey[0], modelKey[1], signatureS, signatureR8[0], signatureR8[1], msg);

    // 4. times: range-check to TIME_BITS, then generatedAt <= expiry and now <= expiry
    _ <== Num2Bits(TIME_BITS())(generatedAt); // @rejects 4: generatedAt does not fit 64 bits
    _ <== Num2Bits(TIME_BITS())(expiry); // @rejects 4: the license expiry does not fit 64 bits
    _ <== Num2Bits(TIME_BITS())(now); // @rejects 4: now does not fit 64 bits
    signal generatedBeforeExpiry <== LessEqThan(TIME_BITS())([generatedAt, expiry]);
    generatedBeforeExpiry === 1; // @rejects 4: the attestation is dated after the license expiry
    signal nowBeforeExpiry <== LessEqThan(TIME_BITS())([now, expiry]);
    nowBeforeExpiry === 1; // @rejects 4: the license has expired (now is after its expiry)

    // 5. rights
    signal grantedRights <== GrantedRights()(modelRights, licenseRights, requiredRights);

    // 6. royalty tags and share
    creatorTag <== PayeeTag()(creatorCommit, creatorBlinding, assetHash);
    licensorTag <== PayeeTag()(licensorCommit, licenseSalt, assetHash);
    _ <== Num2Bits(BPS_BITS())(royaltyBps); // @rejects 6: the royalty bps do not fit 14 bits
    signal bpsInRange <== LessEqThan(BPS_BITS())([royaltyBps, MAX_BPS()]);
    bpsInRange === 1; // @rejects 6: the royalty share is above 10000 bps

    // 7. audit record for the regulator
    (auditEphemeral, auditCipher) <== AuditEncryption(3)(
        [modelHash, datasetHash, creatorCommit], auditRandomness, regulatorKey
    );

    // 8. bind context (no other constraint uses it)
    signal contextSquare <== context * context;

    // the small public values, packed (each range-checked above: GrantedRights, Num2Bits)
    packed <== grantedRights + requiredRights * (1 << 16) + royaltyBps * (1 << 32) + now * (1 << 48);
}

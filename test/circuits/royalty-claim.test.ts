import { expect } from "chai";
import { artifactPaths, loadManifest } from "../../artifacts/paths.ts";
import { publicSignalLayout } from "../../core/circuits.ts";
import { retainCurves } from "../../core/curve.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { claimNullifier, identityCommitment, payeeTag } from "../../core/hashes.ts";
import { verifyGroth16 } from "../../core/proof.ts";
import { royaltyClaimCircuitInput, type RoyaltyClaimWitnessData, royaltyClaimData } from "../../prover/inputs.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { generateProof, type ProofResult } from "../../prover/prove.ts";
import { expectEditsRejected, expectNoWitness, expectWitness, vkeyOf } from "../helpers/circuits.ts";
import { computeWitness, firstFailingConstraint, freeWires, loadR1cs, loadSym } from "../helpers/witness.ts";
import { makeScenario, type Scenario } from "../../fixtures/scenario.ts";

/** Pinned: a change that adds constraints must be seen (and justified) here. */
const ROYALTY_CLAIM_CONSTRAINTS = 790;

/** A claim by the holder of (secret, blinding) against the tag Poseidon(TAG_PAYEE, commit(secret), blinding, assetHash). */
function claim(
  secret: bigint,
  blinding: bigint,
  assetHash: bigint,
  context = randomFieldElement() >> 8n,
): RoyaltyClaimWitnessData {
  return royaltyClaimData({ secret, blinding, assetHash, context });
}

describe("royaltyClaim circuit", function () {
  // One provenance world: the creator's (sC, bC) and the licensor's (sL, licenseSalt) for one asset.
  let sc: Scenario;
  let creator: RoyaltyClaimWitnessData;
  let licensor: RoyaltyClaimWitnessData;
  let creatorProof: ProofResult<"royaltyClaim">;
  let licensorProof: ProofResult<"royaltyClaim">;

  // Keep snarkjs's curve warm across this file's proofs and verifications; released (workers ended) after.
  let releaseCurve: () => Promise<void>;
  before(async function () {
    releaseCurve = retainCurves();
    sc = makeScenario();
    creator = claim(sc.creatorSecret, sc.creatorBlinding, sc.data.assetHash);
    licensor = claim(sc.licensorSecret, sc.license.salt, sc.data.assetHash);
    // The tags the provenance circuit stores at mint time (PROTOCOL.md "Circuit 1", statement 6).
    expect(creator.tag).to.equal(payeeTag(identityCommitment(sc.creatorSecret), sc.creatorBlinding, sc.data.assetHash));
    expect(licensor.tag).to.equal(payeeTag(sc.license.licensorCommit, sc.license.salt, sc.data.assetHash));
    creatorProof = await generateProof("royaltyClaim", royaltyClaimCircuitInput(creator));
    licensorProof = await generateProof("royaltyClaim", royaltyClaimCircuitInput(licensor));
  });
  after(async function () {
    await releaseCurve();
  });

  describe("# valid proof", function () {
    it("Should verify a creator's claim (sC, bC) against creatorTag", async function () {
      expect(await verifyGroth16(vkeyOf("royaltyClaim"), creatorProof.proof, creatorProof.publicSignals)).to.equal(
        true,
      );
      expect(creatorProof.signals).to.deep.equal({
        tag: creator.tag,
        assetHash: creator.assetHash,
        nullifier: creator.nullifier,
        context: creator.context,
      });
    });

    it("Should verify a licensor's claim (sL, licenseSalt) against licensorTag", async function () {
      expect(await verifyGroth16(vkeyOf("royaltyClaim"), licensorProof.proof, licensorProof.publicSignals)).to.equal(
        true,
      );
      expect(licensorProof.signals.tag).to.equal(licensor.tag);
      expect(licensorProof.signals.nullifier).to.equal(licensor.nullifier);
    });

    it("Should give the creator and the licensor of one asset different nullifiers", function () {
      // The vault tracks what each share was paid by nullifier; a shared nullifier would merge the shares.
      expect(creatorProof.signals.nullifier).to.not.equal(licensorProof.signals.nullifier);
      expect(creatorProof.signals.tag).to.not.equal(licensorProof.signals.tag);
    });

    it("Should not verify a proof against another claim's public signals", async function () {
      expect(await verifyGroth16(vkeyOf("royaltyClaim"), creatorProof.proof, licensorProof.publicSignals)).to.equal(
        false,
      );
    });

    it("Should not verify when any public signal is changed after proving", async function () {
      const vkey = vkeyOf("royaltyClaim");
      const layout = publicSignalLayout("royaltyClaim");
      expect(layout).to.have.length(4);
      for (const slot of layout) {
        const changed = [...creatorProof.publicSignals];
        changed[slot.position] = ((BigInt(changed[slot.position]!) + 1n) % FIELD_MODULUS).toString();
        expect(await verifyGroth16(vkey, creatorProof.proof, changed), `changed ${slot.name}`).to.equal(false);
      }
    });
  });

  describe("# rejected claims", function () {
    it("Should reject a wrong secret", async function () {
      const input = { ...creator, secret: creator.secret + 1n };
      const err = await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput(input),
        "the secret and blinding do not open the payee tag for this asset",
      );
      expect(err.shortMessage).to.match(/RoyaltyClaim/);
    });

    it("Should reject a wrong secret even with the nullifier recomputed for it", async function () {
      const other = randomFieldElement();
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput({ ...creator, secret: other, nullifier: claimNullifier(other, creator.assetHash) }),
        "the secret and blinding do not open the payee tag for this asset",
      );
    });

    it("Should reject a wrong blinding", async function () {
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput({ ...creator, blinding: creator.blinding + 1n }),
        "the secret and blinding do not open the payee tag for this asset",
      );
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput({ ...licensor, blinding: randomFieldElement() }),
        "the secret and blinding do not open the payee tag for this asset",
      );
    });

    it("Should reject the tag of another asset by the same payee", async function () {
      const otherAsset = randomFieldElement() >> 3n;
      const input = { ...creator, tag: payeeTag(identityCommitment(creator.secret), creator.blinding, otherAsset) };
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput(input),
        "the secret and blinding do not open the payee tag for this asset",
      );
    });

    it("Should reject another asset's hash with this asset's tag", async function () {
      const otherAsset = randomFieldElement() >> 3n;
      // Nullifier consistent with the claimed asset: only the tag binds the claim to its asset.
      const input = { ...creator, assetHash: otherAsset, nullifier: claimNullifier(creator.secret, otherAsset) };
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput(input),
        "the secret and blinding do not open the payee tag for this asset",
      );
    });

    it("Should reject a nullifier of another secret", async function () {
      const input = { ...creator, nullifier: claimNullifier(sc.licensorSecret, creator.assetHash) };
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput(input),
        "the nullifier is not the secret's for this asset",
      );
    });

    it("Should reject a nullifier of another asset", async function () {
      const input = { ...creator, nullifier: claimNullifier(creator.secret, creator.assetHash + 1n) };
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput(input),
        "the nullifier is not the secret's for this asset",
      );
    });

    it("Should reject a creator claiming against the licensor tag with its own secret", async function () {
      // The creator holds the license data (commit(sL), licenseSalt) but not sL.
      const withOwnBlinding = { ...creator, tag: licensor.tag };
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput(withOwnBlinding),
        "the secret and blinding do not open the payee tag for this asset",
      );
      const withLicenseSalt = { ...creator, tag: licensor.tag, blinding: sc.license.salt };
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput(withLicenseSalt),
        "the secret and blinding do not open the payee tag for this asset",
      );
    });

    it("Should reject a licensor claiming against the creator tag with its own secret", async function () {
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput({ ...licensor, tag: creator.tag }),
        "the secret and blinding do not open the payee tag for this asset",
      );
    });

    it("Should reject the identity commitment used as the secret", async function () {
      // commit(sL) is public-ish (in the license leaf data); it must not stand in for sL.
      const s = sc.license.licensorCommit;
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput({ ...licensor, secret: s, nullifier: claimNullifier(s, licensor.assetHash) }),
        "the secret and blinding do not open the payee tag for this asset",
      );
    });

    it("Should accept any context (it is bound, not checked, by the circuit)", async function () {
      // Control for the rejections above: the same claim with another context still has a witness.
      await expectWitness("royaltyClaim", royaltyClaimCircuitInput({ ...creator, context: 0n }));
      await expectWitness("royaltyClaim", royaltyClaimCircuitInput({ ...creator, context: FIELD_MODULUS - 1n }));
    });
  });

  describe("# witness editing (soundness)", function () {
    it("Should break a constraint when a bound signal is edited", async function () {
      const names = [
        "main.tag",
        "main.assetHash",
        "main.nullifier",
        "main.context",
        "main.secret",
        "main.blinding",
        "main.commitment",
        "main.contextSquare",
      ];
      const checked = await expectEditsRejected("royaltyClaim", royaltyClaimCircuitInput(creator), names);
      expect(checked).to.deep.equal(names);
    });

    it("Should have folded tagComputed and nullifierComputed into the public tag and nullifier (--O2)", function () {
      // They have no wire of their own: `tag === tagComputed` made them the same wire, so editing main.tag
      // above is editing them. If the optimiser ever keeps them, add them to the list above.
      const sym = loadSym(artifactPaths("royaltyClaim").sym);
      expect(sym.has("main.tagComputed")).to.equal(false);
      expect(sym.has("main.nullifierComputed")).to.equal(false);
      expect(sym.has("main.commitment")).to.equal(true);
    });

    it("Should break a constraint when any single wire is edited (no free wire)", async function () {
      const paths = artifactPaths("royaltyClaim");
      const r1cs = loadR1cs(paths.r1cs);
      const w = await computeWitness(paths.wasm, royaltyClaimCircuitInput(creator));
      expect(w).to.have.length(r1cs.nWires);
      expect(firstFailingConstraint(r1cs, w)).to.equal(-1);
      expect(freeWires(r1cs, w), "wires whose value no constraint fixes").to.deep.equal([]);
      // Control: the check sees a wire that is in no constraint at all (a wire index appended past the end).
      const padded = { ...r1cs, nWires: r1cs.nWires + 1 };
      expect(freeWires(padded, [...w, 0n])).to.deep.equal([r1cs.nWires]);
    });
  });

  describe("# shape", function () {
    it("Should keep the pinned constraint count", function () {
      expect(loadManifest().circuits.royaltyClaim!.constraints).to.equal(ROYALTY_CLAIM_CONSTRAINTS);
      expect(loadR1cs(artifactPaths("royaltyClaim").r1cs).constraints.length).to.equal(ROYALTY_CLAIM_CONSTRAINTS);
    });

    it("Should order public signals as circuits/circuits.json says", function () {
      const r1cs = loadR1cs(artifactPaths("royaltyClaim").r1cs);
      const sym = loadSym(artifactPaths("royaltyClaim").sym);
      const layout = publicSignalLayout("royaltyClaim");
      expect(layout.map((s) => s.name)).to.deep.equal(["tag", "assetHash", "nullifier", "context"]);
      expect(r1cs.nOutputs).to.equal(0);
      expect(r1cs.nOutputs + r1cs.nPubInputs).to.equal(layout.length);
      for (const slot of layout) {
        expect(sym.get(`main.${slot.name}`), slot.name).to.equal(slot.position + 1);
      }
    });
  });
});

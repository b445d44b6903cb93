import { expect } from "chai";
import { artifactPaths, loadManifest } from "../../artifacts/paths.ts";
import { circuitInstance, publicSignalLayout } from "../../core/circuits.ts";
import { RIGHTS } from "../../core/domain.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { decryptAudit } from "../../verifier/audit.ts";
import {
  identityCommitment,
  licenseBody,
  licenseLeaf,
  modelLeaf,
  modelTerms,
  OPEN_UNTIL,
  payeeTag,
  poseidon,
} from "../../core/hashes.ts";
import { TAGS } from "../../core/domain.ts";
import { verifyGroth16 } from "../../core/proof.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { encodePublicSignals } from "../../core/codecs.ts";
import { signAttestation } from "../../prover/attestation.ts";
import { provenanceCircuitInput } from "../../prover/inputs.ts";
import { generateModelKey, randomFieldElement } from "../../prover/keys.ts";
import { newLicenseTree, quinaryWitness } from "../../prover/merkle.ts";
import { generateProof, type ProofResult } from "../../prover/prove.ts";
import { expectEditsRejected, expectNoWitness, expectWitness, vkeyOf } from "../helpers/circuits.ts";
import { freeWires, loadR1cs, loadSym } from "../helpers/witness.ts";
import { makeScenario, MAX_AGE, NOW, REGISTERED_AT, type Scenario } from "../../fixtures/scenario.ts";

const { MODEL_DEPTH, LICENSE_DEPTH } = circuitInstance("provenance").params as Record<string, number>;
/** Pinned: a change that adds constraints must be seen (and justified) here. */
/**
 * Issue 17: the quinary license tree (depth 9) brought provenance from 17,746 to 15,817 (the 2^14 domain);
 * issue 19: the license leaf as the audit record's 5th element adds 21 (one width-6 sponge instead of width 5).
 */
const PROVENANCE_CONSTRAINTS = 15838;

/** Re-sign the scenario's attestation after changing signed fields. */
function resign(
  sc: Scenario,
  overrides: Partial<Parameters<typeof signAttestation>[1]> = {},
  key = sc.model.privateKey,
) {
  const att = signAttestation(key, { ...sc.attestation.fields, ...overrides });
  sc.data.signature = att.signature;
  return att;
}

describe("provenance circuit (production instance, model depth 10, quinary license depth 9)", function () {
  let sc: Scenario;
  let proved: ProofResult<"provenance">;

  before(async function () {
    sc = makeScenario();
    proved = await generateProof("provenance", provenanceCircuitInput(sc.data));
  });

  describe("# valid proof", function () {
    it("Should verify a proof of a compliant asset", async function () {
      expect(await verifyGroth16(vkeyOf("provenance"), proved.proof, proved.publicSignals)).to.equal(true);
    });

    it("Should output grantedRights = model AND license, the payee tags and the licensor share", function () {
      const s = proved.signals;
      expect(s.grantedRights).to.equal(sc.model.rights & sc.license.rights);
      expect(s.creatorTag).to.equal(
        payeeTag(identityCommitment(sc.creatorSecret), sc.creatorBlinding, sc.data.assetHash),
      );
      expect(s.licensorTag).to.equal(payeeTag(sc.license.licensorCommit, sc.license.salt, sc.data.assetHash));
      expect(s.licensorBps).to.equal(sc.license.royaltyBps);
      expect(s.assetHash).to.equal(sc.data.assetHash);
      expect(s.modelRoot).to.equal(sc.modelTree.root);
      expect(s.licenseRoot).to.equal(sc.licenseTree.root);
      expect(s.context).to.equal(sc.data.context);
    });

    it("Should publish grantedRights, requiredRights, licensorBps and now packed at circuits.json's offsets", function () {
      const s = proved.signals;
      expect(s.requiredRights).to.equal(sc.data.requiredRights);
      expect(s.now).to.equal(sc.data.now);
      // Written out independently of the codecs: granted | required << 16 | bps << 32 | now << 48 | maxAge << 112.
      const packed =
        (sc.model.rights & sc.license.rights) |
        (sc.data.requiredRights << 16n) |
        (sc.license.royaltyBps << 32n) |
        (sc.data.now << 48n) |
        (sc.data.maxAttestationAge << 112n);
      const position = publicSignalLayout("provenance").find((x) => x.name === "packed")!.position;
      expect(proved.publicSignals[position]).to.equal(packed.toString());
    });

    it("Should not verify a forged packed value whose fields are each in width (packed)", async function () {
      const vkey = vkeyOf("provenance");
      const position = publicSignalLayout("provenance").find((x) => x.name === "packed")!.position;
      const s = proved.signals;
      for (const values of [
        { requiredRights: s.requiredRights | BigInt(RIGHTS.COMMERCIAL) },
        { grantedRights: s.grantedRights | (1n << 15n) },
        { licensorBps: s.licensorBps + 1n },
        { now: s.now - 1n },
      ]) {
        const changed = [...proved.publicSignals];
        changed[position] = encodePublicSignals("provenance", { ...s, ...values })[position]!;
        expect(changed[position]).to.not.equal(proved.publicSignals[position]);
        expect(await verifyGroth16(vkey, proved.proof, changed), Object.keys(values)[0]).to.equal(false);
      }
    });

    it("Should let the regulator, and only the regulator, decrypt the audit record", function () {
      const s = proved.signals;
      const audit = decryptAudit(sc.regulator.secret, s.auditEphemeral, s.auditCipher);
      expect(audit).to.deep.equal({
        modelHash: sc.model.modelHash,
        datasetHash: sc.license.datasetHash,
        creatorCommit: identityCommitment(sc.creatorSecret),
        modelLeaf: modelLeaf(sc.model),
        licenseLeaf: licenseLeaf(sc.license),
      });
      const wrong = decryptAudit(sc.regulator.secret + 1n, s.auditEphemeral, s.auditCipher);
      expect(wrong.modelHash).to.not.equal(sc.model.modelHash);
      expect(wrong.datasetHash).to.not.equal(sc.license.datasetHash);
    });

    it("Should not verify when any public signal is changed after proving", async function () {
      const vkey = vkeyOf("provenance");
      for (const slot of publicSignalLayout("provenance")) {
        const changed = [...proved.publicSignals];
        changed[slot.position] = ((BigInt(changed[slot.position]!) + 1n) % FIELD_MODULUS).toString();
        expect(await verifyGroth16(vkey, proved.proof, changed), `changed ${slot.name}[${slot.element}]`).to.equal(
          false,
        );
      }
    });

    it("Should refuse a public signal at or above the field modulus, before verifying", async function () {
      const changed = [...proved.publicSignals];
      changed[publicSignalLayout("provenance").find((s) => s.name === "assetHash")!.position] = (
        sc.data.assetHash + FIELD_MODULUS
      ).toString();
      await verifyGroth16(vkeyOf("provenance"), proved.proof, changed).then(
        () => expect.fail("accepted"),
        (e: unknown) => expect(e).to.be.instanceOf(InvalidInputError),
      );
    });

    it("Should refuse an input value at or above the field modulus, naming it", function () {
      const data = { ...sc.data, assetHash: FIELD_MODULUS + 5n };
      expect(() => provenanceCircuitInput(data)).to.throw(InvalidInputError, /assetHash/);
    });
  });

  describe("# each statement broken on its own", function () {
    it("Should reject a model that is not in the model registry (1)", async function () {
      const s = makeScenario();
      const rogue = generateModelKey();
      s.data.model.publicKey = rogue.publicKey;
      resign(s, {}, rogue.privateKey);
      const err = await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the model is not in the model registry (its leaf and path do not give modelRoot)",
      );
      expect(err.shortMessage).to.match(/Provenance/);
    });

    it("Should reject an attestation signed by another registered model's key (2)", async function () {
      const s = makeScenario();
      resign(s, {}, s.otherModel.privateKey);
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the model key's signature does not verify for this attestation (asset, model, license, creator, time)",
      );
    });

    it("Should reject a tampered signed message (2)", async function () {
      const s = makeScenario();
      s.data.assetHash += 1n; // the signature is over the original asset
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the model key's signature does not verify for this attestation (asset, model, license, creator, time)",
      );
      const t = makeScenario();
      t.data.generatedAt -= 1n; // the signature is over the original time
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(t.data),
        "the model key's signature does not verify for this attestation (asset, model, license, creator, time)",
      );
    });

    it("Should reject a registered license for another model (3)", async function () {
      const s = makeScenario();
      // The licensor registered a license for otherModel; our model signs an attestation naming it.
      const foreign = { ...s.license, modelHash: s.otherModel.modelHash };
      s.licenseTree.insert(licenseLeaf(foreign));
      s.data.license = { ...foreign, path: quinaryWitness(s.licenseTree, s.licenseTree.size - 1, LICENSE_DEPTH!) };
      resign(s, { licenseLeaf: licenseLeaf(foreign) });
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the license is not in the license registry (its leaf and quinary path do not give licenseRoot)",
      );
    });

    it("Should reject a license that is not in the license registry (3)", async function () {
      const s = makeScenario();
      const unregistered = newLicenseTree([randomFieldElement(), licenseLeaf(s.license)]);
      s.data.license = {
        ...s.license,
        path: { ...quinaryWitness(unregistered, 1, LICENSE_DEPTH!), root: s.licenseTree.root },
      };
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the license is not in the license registry (its leaf and quinary path do not give licenseRoot)",
      );
    });

    it("Should accept an asset generated before its license expired, proven after the expiry (4, as of creation)", async function () {
      const s = makeScenario({ expiry: NOW - 1n, generatedAt: NOW - 100n });
      await expectWitness("provenance", provenanceCircuitInput(s.data));
    });

    it("Should reject an asset generated after the license expired (4)", async function () {
      const s = makeScenario({ expiry: NOW + 10n, generatedAt: NOW + 11n, now: NOW + 20n });
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the attestation is dated after the license expiry",
      );
    });

    it("Should accept the boundary now = generatedAt = expiry (4)", async function () {
      const s = makeScenario({ expiry: NOW, generatedAt: NOW });
      await expectWitness("provenance", provenanceCircuitInput(s.data));
    });

    it("Should reject times that do not fit 64 bits (4)", async function () {
      const t = makeScenario();
      t.data.now = (1n << 64n) + NOW; // would compare below expiry if truncated
      await expectNoWitness("provenance", provenanceCircuitInput(t.data), "now does not fit 64 bits");
    });

    it("Should reject a required right the model does not grant (5)", async function () {
      const s = makeScenario({ modelRights: BigInt(RIGHTS.PUBLISH) });
      s.data.requiredRights = BigInt(RIGHTS.PUBLISH | RIGHTS.COMMERCIAL);
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "a required right is not granted by both the model and the license",
      );
    });

    it("Should reject a required right the license does not grant (5)", async function () {
      const s = makeScenario({ licenseRights: BigInt(RIGHTS.COMMERCIAL) });
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "a required right is not granted by both the model and the license",
      ); // PUBLISH is required
    });

    it("Should reject rights masks that do not fit 16 bits (5)", async function () {
      // The registry cannot hold such a mask; the same leaf element read as rights + 2^16 and validFrom - 1 must
      // not prove (it would alias the model leaf's packed rights and interval).
      const s = makeScenario();
      s.data.model.rights += 1n << 16n;
      s.data.model.validFrom -= 1n;
      await expectNoWitness("provenance", provenanceCircuitInput(s.data), "the model rights do not fit 16 bits");
      const t = makeScenario();
      t.data.requiredRights = 1n << 16n;
      await expectNoWitness("provenance", provenanceCircuitInput(t.data), "the required rights do not fit 16 bits");
    });

    it("Should have no witness for a packed field out of its width, which would alias the next field (packed)", async function () {
      // requiredRights = PUBLISH + 2^16 would read as PUBLISH with one more bps if it were not range-checked.
      const r = makeScenario();
      r.data.requiredRights = BigInt(RIGHTS.PUBLISH) + (1n << 16n);
      await expectNoWitness("provenance", provenanceCircuitInput(r.data), "the required rights do not fit 16 bits");
      // now = NOW + 2^64 would carry past the packed signal's top field.
      const t = makeScenario();
      t.data.now = NOW + (1n << 64n);
      await expectNoWitness("provenance", provenanceCircuitInput(t.data), "now does not fit 64 bits");
      // now = 2^64 - 1, the top of its width, is accepted and lands below maxAttestationAge in the packed signal.
      const top = (1n << 64n) - 1n;
      const u = makeScenario({ expiry: top, generatedAt: top - 60n, now: top });
      const w = await expectWitness("provenance", provenanceCircuitInput(u.data));
      expect(w[1]).to.equal(
        (u.model.rights & u.license.rights) |
          (u.data.requiredRights << 16n) |
          (u.license.royaltyBps << 32n) |
          (top << 48n) |
          (MAX_AGE << 112n),
      );
    });

    it("Should reject royalty bps above 10000 and accept exactly 10000 (6)", async function () {
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(makeScenario({ royaltyBps: 10_001n }).data),
        "the royalty share is above 10000 bps",
      );
      await expectWitness("provenance", provenanceCircuitInput(makeScenario({ royaltyBps: 10_000n }).data));
    });

    it("Should reject license rights past 16 bits that alias the packed rights and bps of a registered body (5)", async function () {
      // The body packs rights + bps << 16: rights + 2^16 with bps - 1 hashes to the same registered body, so only
      // the circuit's 16-bit check on the license rights refuses it.
      const s = makeScenario();
      s.data.license.rights += 1n << 16n;
      s.data.license.royaltyBps -= 1n;
      await expectNoWitness("provenance", provenanceCircuitInput(s.data), "the license rights do not fit 16 bits");
    });

    it("Should reject royalty bps past 14 bits in a license a licensor registered by its body (6)", async function () {
      // The registry takes a license's body as the licensor hashed it, so it cannot see the bps inside: a body
      // packing rights + (2^14 + 1) << 16 can be registered, and the circuit's own 14-bit check must refuse it.
      // (The leaf is built here by hand: the library's builder refuses such a value.)
      const s = makeScenario();
      const l = s.license;
      const bps = (1n << 14n) + 1n;
      const body = poseidon([l.datasetHash, l.modelHash, l.rights + (bps << 16n), l.licensorCommit, l.salt]);
      const leaf = poseidon([TAGS.TAG_LICENSE, body, l.start + (l.expiry << 64n)]);
      const tree = newLicenseTree([leaf]);
      const attestation = signAttestation(s.model.privateKey, {
        ...s.attestation.fields,
        licenseLeaf: leaf,
      });
      const data = {
        ...s.data,
        license: {
          ...s.data.license,
          royaltyBps: bps,
          path: quinaryWitness(tree, 0, LICENSE_DEPTH!),
        },
        signature: attestation.signature,
      };
      await expectNoWitness("provenance", provenanceCircuitInput(data), "the royalty bps do not fit 14 bits");
    });

    it("Should reject a regulator key that is not a curve point (7)", async function () {
      const s = makeScenario();
      s.data.regulatorKey = [s.data.regulatorKey[0], s.data.regulatorKey[1] + 1n];
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the regulator key is not a BabyJubJub point",
      );
    });

    it("Should reject a Merkle depth above the template maximum", async function () {
      const s = makeScenario();
      s.data.model.path = { ...s.data.model.path, depth: MODEL_DEPTH! + 1 };
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the tree depth is above the circuit's maximum",
      );
    });

    it("Should reject a license path digit of 5 or more, and a digit that is not the leaf's position (3)", async function () {
      for (const digit of [5, 7]) {
        const t = makeScenario();
        const pathIndices = [...t.data.license.path.pathIndices];
        pathIndices[0] = digit;
        t.data.license.path = { ...t.data.license.path, pathIndices };
        await expectNoWitness(
          "provenance",
          provenanceCircuitInput(t.data),
          "a path digit is not in 0..4 (the selector is not one-hot)",
        );
      }
      // A digit in range but not the leaf's: the leaf lands at another position and the root differs.
      const u = makeScenario();
      const pathIndices = [...u.data.license.path.pathIndices];
      pathIndices[0] = (pathIndices[0]! + 1) % 5;
      u.data.license.path = { ...u.data.license.path, pathIndices };
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(u.data),
        "the license is not in the license registry (its leaf and quinary path do not give licenseRoot)",
      );
    });

    it("Should reject a model leaf with other rights than registered (1)", async function () {
      const s = makeScenario();
      s.data.model.rights = s.model.rights | BigInt(RIGHTS.AI_TRAINING);
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the model is not in the model registry (its leaf and path do not give modelRoot)",
      );
    });
  });

  // Issue 14: validity judged as of creation. Each test breaks one time statement alone (PROTOCOL.md Circuit 1,
  // statement 4) and names the annotated constraint that refuses it.
  describe("# time statements (4), each broken on its own", function () {
    const DAY = 86_400n;

    it("Should reject a future-dated attestation: generatedAt after now", async function () {
      const s = makeScenario({ generatedAt: NOW + 1n });
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the attestation is dated in the future (generatedAt is after now)",
      );
    });

    it("Should accept generatedAt = now", async function () {
      await expectWitness("provenance", provenanceCircuitInput(makeScenario({ generatedAt: NOW }).data));
    });

    it("Should reject an attestation dated before its model was registered (validFrom)", async function () {
      const s = makeScenario({ modelValidFrom: NOW - 100n, generatedAt: NOW - 101n });
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the attestation is dated before the model was registered (generatedAt is before its validFrom)",
      );
      await expectWitness(
        "provenance",
        provenanceCircuitInput(makeScenario({ modelValidFrom: NOW - 100n, generatedAt: NOW - 100n }).data),
      );
    });

    it("Should reject an attestation dated after its model was retired (validUntil), and accept one dated at it", async function () {
      const s = makeScenario({ modelValidUntil: NOW - 100n, generatedAt: NOW - 99n });
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the attestation is dated after the model was retired (generatedAt is after its validUntil)",
      );
      const t = makeScenario({ modelValidUntil: NOW - 100n, generatedAt: NOW - 100n });
      await expectWitness("provenance", provenanceCircuitInput(t.data));
    });

    it("Should reject an attestation dated before its license starts", async function () {
      const s = makeScenario({ licenseStart: NOW - 100n, generatedAt: NOW - 101n });
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the attestation is dated before the license starts",
      );
      await expectWitness(
        "provenance",
        provenanceCircuitInput(makeScenario({ licenseStart: NOW - 100n, generatedAt: NOW - 100n }).data),
      );
    });

    it("Should reject an attestation older than maxAttestationAge, and accept one exactly that old", async function () {
      const s = makeScenario({ generatedAt: NOW - MAX_AGE - 1n });
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(s.data),
        "the attestation is older than maxAttestationAge (now - generatedAt is above it)",
      );
      await expectWitness("provenance", provenanceCircuitInput(makeScenario({ generatedAt: NOW - MAX_AGE }).data));
      // The same attestation proves for a longer maxAttestationAge: which one holds is the gate's to check.
      const longer = makeScenario({ generatedAt: NOW - MAX_AGE - 1n, maxAttestationAge: MAX_AGE + DAY });
      await expectWitness("provenance", provenanceCircuitInput(longer.data));
    });

    it("Should keep an asset generated before a retirement provable after it (as of creation)", async function () {
      // Retired an hour ago, generated two hours ago, proven now: judged as of creation.
      const s = makeScenario({ modelValidUntil: NOW - 3_600n, generatedAt: NOW - 7_200n });
      await expectWitness("provenance", provenanceCircuitInput(s.data));
    });

    it("Should publish maxAttestationAge in the packed signal at circuits.json's offset", async function () {
      const s = makeScenario({ maxAttestationAge: 12_345n });
      const w = await expectWitness("provenance", provenanceCircuitInput(s.data));
      expect(w[1]! >> 112n).to.equal(12_345n);
    });

    // The packings are unique only because their low fields are range-checked: each test below gives the circuit
    // the registered leaf (or packed value) with a decomposition shifted by one 2^64, which must not prove.
    it("Should reject a model interval that aliases the registered leaf (validFrom + 2^64, validUntil - 1)", async function () {
      const s = makeScenario({ modelValidUntil: NOW + DAY });
      expect(modelTerms(s.model)).to.equal(
        s.model.rights + ((s.model.validFrom + (1n << 64n)) << 16n) + ((s.model.validUntil - 1n) << 80n),
      );
      s.data.model.validFrom += 1n << 64n;
      s.data.model.validUntil -= 1n;
      await expectNoWitness("provenance", provenanceCircuitInput(s.data), "the model's validFrom does not fit 64 bits");
    });

    it("Should reject a license interval that aliases the registered leaf (start + 2^64, expiry - 1)", async function () {
      const s = makeScenario();
      s.data.license.start += 1n << 64n;
      s.data.license.expiry -= 1n;
      const leaf = poseidon([
        TAGS.TAG_LICENSE,
        licenseBody(s.license),
        s.data.license.start + (s.data.license.expiry << 64n),
      ]);
      expect(leaf, "the aliased interval gives the registered leaf").to.equal(licenseLeaf(s.license));
      await expectNoWitness("provenance", provenanceCircuitInput(s.data), "the license start does not fit 64 bits");
    });

    it("Should reject a now that aliases into maxAttestationAge (now + 2^64, maxAttestationAge - 1)", async function () {
      const s = makeScenario();
      s.data.now += 1n << 64n;
      s.data.maxAttestationAge -= 1n;
      await expectNoWitness("provenance", provenanceCircuitInput(s.data), "now does not fit 64 bits");
    });

    it("Should default to an open model entry registered before the attestation", function () {
      const s = makeScenario();
      expect(s.model.validFrom).to.equal(REGISTERED_AT);
      expect(s.model.validUntil).to.equal(OPEN_UNTIL);
    });
  });

  describe("# witness editing (soundness)", function () {
    it("Should break a constraint when any output or bound intermediate is edited", async function () {
      const s = makeScenario();
      const names = [
        "main.packed",
        "main.creatorTag",
        "main.licensorTag",
        "main.auditEphemeral[0]",
        "main.auditEphemeral[1]",
        "main.auditCipher[0]",
        "main.auditCipher[1]",
        "main.auditCipher[2]",
        "main.auditCipher[3]",
        "main.auditCipher[4]",
        "main.modelLeaf",
        "main.licenseBody",
        "main.licenseLeaf",
        "main.creatorCommit",
        "main.msg",
        "main.contextSquare",
      ];
      const checked = await expectEditsRejected("provenance", provenanceCircuitInput(s.data), names);
      expect(checked).to.have.length(names.length);
    });

    it("Should leave no wire free except the IsZero inverses of comparisons that came out equal", async function () {
      // Editing a wire alone must break a constraint. The exceptions are circomlib IsZero's `inv` witness
      // when its input is 0 (then out = 1 whatever inv is): the Merkle depth selector at the chosen level of
      // the model tree (the quinary license tree has a fixed depth and one-hot digit selectors, no IsZero), and
      // the EdDSA verifier's two ForceEqualIfEnabled checks (left == right, so in = 0).
      // They feed nothing else, so they change no public value.
      const s = makeScenario();
      const paths = artifactPaths("provenance");
      const w = await expectWitness("provenance", provenanceCircuitInput(s.data));
      const byIndex = new Map([...loadSym(paths.sym)].map(([name, idx]) => [idx, name]));
      const free = freeWires(loadR1cs(paths.r1cs), w).map((i) => byIndex.get(i) ?? `#${i}`);
      const kinds = free.map((n) =>
        /EdDSAPoseidonVerifier_\w+\.eqCheck[XY]\.isz\.inv$/.test(n)
          ? "eddsa-equality"
          : /LeanIMTRoot_\w+\.BinaryMerkleRoot_\w+\.IsEqual_\w+\[\d+\]\.isz\.inv$/.test(n)
            ? "merkle-depth-selector"
            : n,
      );
      expect(kinds.sort()).to.deep.equal(["eddsa-equality", "eddsa-equality", "merkle-depth-selector"]);
    });
  });

  describe("# shape", function () {
    it("Should keep the pinned constraint count", function () {
      expect(loadManifest().circuits.provenance!.constraints).to.equal(PROVENANCE_CONSTRAINTS);
      expect(loadR1cs(artifactPaths("provenance").r1cs).constraints.length).to.equal(PROVENANCE_CONSTRAINTS);
    });

    it("Should order public signals as circuits/circuits.json says", function () {
      const r1cs = loadR1cs(artifactPaths("provenance").r1cs);
      const sym = loadSym(artifactPaths("provenance").sym);
      const layout = publicSignalLayout("provenance");
      expect(r1cs.nOutputs + r1cs.nPubInputs).to.equal(layout.length);
      for (const slot of layout) {
        const name = `main.${slot.name}${slot.length > 1 ? `[${slot.element}]` : ""}`;
        expect(sym.get(name), name).to.equal(slot.position + 1);
      }
    });

    // The model leaf against the registry's: computed on chain, in test/contracts/leaf-hashes.test.ts.
  });
});

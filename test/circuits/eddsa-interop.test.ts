// EdDSA-Poseidon interoperability (PROTOCOL.md "Actors and keys"): a model operator may sign with
// circomlibjs, the reference implementation of circomlib's EdDSAPoseidonVerifier, or with zkprov's keys
// (@zk-kit/eddsa-poseidon's blake-1 entry); both must give the same key, the same signature, and
// signatures that the provenance circuit and verifyAttestation accept.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { expect } from "chai";
import { buildBabyjub, buildEddsa, type BabyJub, type Eddsa } from "circomlibjs";
import { Base8, subOrder } from "@zk-kit/baby-jubjub";
import { derivePublicKey as deriveDefaultEntry } from "@zk-kit/eddsa-poseidon";
import { regulatorPublicKey } from "../../verifier/audit.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { attestationMessage } from "../../core/hashes.ts";
import { verifyAttestation } from "../../prover/attestation.ts";
import { provenanceCircuitInput } from "../../prover/inputs.ts";
import {
  generateModelKey,
  modelPublicKey,
  randomFieldElement,
  randomScalar,
  signWithModelKey,
  verifyModelSignature,
  type Signature,
} from "../../prover/keys.ts";
import { expectNoWitness, expectWitness } from "../helpers/circuits.ts";
import { makeScenario } from "../../fixtures/scenario.ts";

const KEYS = 6;

// The package's ESM path for its sub-entries (dist/esm/...) is not shipped in 1.1.0; load the CommonJS build.
const blake2b = createRequire(import.meta.url)("@zk-kit/eddsa-poseidon/blake-2b") as {
  derivePublicKey(privateKey: Uint8Array): [bigint, bigint];
};

describe("EdDSA-Poseidon interoperability: circomlibjs and @zk-kit/eddsa-poseidon (blake-1)", function () {
  let eddsa: Eddsa;
  let babyJub: BabyJub;

  /** circomlibjs public key as bigints. */
  const pubOf = (key: Uint8Array): [bigint, bigint] => {
    const [x, y] = eddsa.prv2pub(key);
    return [eddsa.F.toObject(x), eddsa.F.toObject(y)];
  };
  /** circomlibjs signature as bigints, in zkprov's Signature shape. */
  const signOf = (key: Uint8Array, message: bigint): Signature => {
    const sig = eddsa.signPoseidon(key, eddsa.F.e(message));
    return { R8: [eddsa.F.toObject(sig.R8[0]), eddsa.F.toObject(sig.R8[1])], S: sig.S };
  };
  /** circomlibjs verification of a zkprov-shaped signature. */
  const circomlibjsVerifies = (message: bigint, sig: Signature, pub: [bigint, bigint]): boolean =>
    eddsa.verifyPoseidon(eddsa.F.e(message), { R8: [eddsa.F.e(sig.R8[0]), eddsa.F.e(sig.R8[1])], S: sig.S }, [
      eddsa.F.e(pub[0]),
      eddsa.F.e(pub[1]),
    ]);

  before(async function () {
    eddsa = await buildEddsa();
    babyJub = await buildBabyjub();
  });

  describe("# keys and signatures", function () {
    it("Should use the same curve: base point B8 and subgroup order", function () {
      expect([babyJub.F.toObject(babyJub.Base8[0]), babyJub.F.toObject(babyJub.Base8[1])]).to.deep.equal([
        Base8[0],
        Base8[1],
      ]);
      expect(BigInt(babyJub.subOrder)).to.equal(subOrder);
    });

    it("Should derive the same public key from the same 32-byte private key", function () {
      for (let i = 0; i < KEYS; i++) {
        const key = new Uint8Array(randomBytes(32));
        const pub = modelPublicKey(key);
        expect(pub).to.deep.equal(pubOf(key));
        expect(babyJub.inSubgroup([babyJub.F.e(pub[0]), babyJub.F.e(pub[1])])).to.equal(true);
      }
      const { privateKey, publicKey } = generateModelKey();
      expect(publicKey).to.deep.equal(pubOf(privateKey));
    });

    it("Should make the same signature (R8, S) for the same key and message", function () {
      const messages = [0n, 1n, FIELD_MODULUS - 1n, ...Array.from({ length: KEYS }, () => randomFieldElement())];
      for (const message of messages) {
        const key = new Uint8Array(randomBytes(32));
        const ours = signWithModelKey(key, message);
        expect(ours, `message ${message}`).to.deep.equal(signOf(key, message));
        expect(ours.S < subOrder).to.equal(true);
      }
    });

    it("Should verify each other's signatures, and neither verifies a signature for another message", function () {
      for (let i = 0; i < 3; i++) {
        const key = new Uint8Array(randomBytes(32));
        const pub = modelPublicKey(key);
        const message = randomFieldElement();
        expect(verifyModelSignature(message, signOf(key, message), pub)).to.equal(true);
        expect(circomlibjsVerifies(message, signWithModelKey(key, message), pub)).to.equal(true);
        const other = (message + 1n) % FIELD_MODULUS;
        expect(verifyModelSignature(other, signOf(key, message), pub)).to.equal(false);
        expect(circomlibjsVerifies(other, signWithModelKey(key, message), pub)).to.equal(false);
      }
    });

    it("Should compute the regulator's audit key as circomlibjs's scalar multiplication of B8", function () {
      const secret = randomScalar();
      const p = babyJub.mulPointEscalar(babyJub.Base8, secret);
      expect(regulatorPublicKey(secret)).to.deep.equal([babyJub.F.toObject(p[0]), babyJub.F.toObject(p[1])]);
    });

    it("Should match @zk-kit/eddsa-poseidon's default entry (BLAKE-512) and differ from its blake-2b entry", function () {
      // In 1.1.0 the package's default entry re-exports the blake-1 scheme (circomlibjs's); only the
      // `/blake-2b` entry derives keys another way, and a model key from it would not interoperate.
      const key = new Uint8Array(randomBytes(32));
      const fromDefault = deriveDefaultEntry(key);
      expect([BigInt(fromDefault[0]), BigInt(fromDefault[1])]).to.deep.equal(pubOf(key));
      const fromBlake2b = blake2b.derivePublicKey(key);
      expect([BigInt(fromBlake2b[0]), BigInt(fromBlake2b[1])]).to.not.deep.equal(pubOf(key));
    });
  });

  describe("# attestations signed with circomlibjs", function () {
    it("Should be accepted by the provenance circuit", async function () {
      const sc = makeScenario();
      const message = attestationMessage(sc.attestation.fields);
      expect(message).to.equal(sc.attestation.message);
      sc.data.signature = signOf(sc.model.privateKey, message);
      await expectWitness("provenance", provenanceCircuitInput(sc.data));
    });

    it("Should be rejected by the provenance circuit when made for another message or key", async function () {
      const sc = makeScenario();
      sc.data.signature = signOf(sc.model.privateKey, (sc.attestation.message + 1n) % FIELD_MODULUS);
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(sc.data),
        "the model key's signature does not verify for this attestation (asset, model, license, creator, time)",
      );
      sc.data.signature = signOf(sc.otherModel.privateKey, sc.attestation.message);
      await expectNoWitness(
        "provenance",
        provenanceCircuitInput(sc.data),
        "the model key's signature does not verify for this attestation (asset, model, license, creator, time)",
      );
    });

    it("Should be accepted by verifyAttestation, and a changed field or signature refused", function () {
      const sc = makeScenario();
      const att = { ...sc.attestation, signature: signOf(sc.model.privateKey, sc.attestation.message) };
      expect(verifyAttestation(att, sc.model.publicKey)).to.equal(true);
      expect(verifyAttestation(att, sc.otherModel.publicKey)).to.equal(false);
      expect(
        verifyAttestation({ ...att, signature: { ...att.signature, S: att.signature.S + 1n } }, sc.model.publicKey),
      ).to.equal(false);
      const fields = { ...att.fields, generatedAt: att.fields.generatedAt + 1n };
      expect(verifyAttestation({ ...att, fields }, sc.model.publicKey)).to.equal(false);
      expect(verifyAttestation({ ...att, fields, message: attestationMessage(fields) }, sc.model.publicKey)).to.equal(
        false,
      );
    });
  });
});

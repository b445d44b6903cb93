// circuits/domain.json is the one definition of the domain tags, rights bits and limits. These tests check
// that every view of it agrees: the generated Circom and Solidity files, the TypeScript TAGS, and the values
// the compiled circuits actually hash with.
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { mulPointEscalar, type Point } from "@zk-kit/baby-jubjub";
import domainJson from "../../circuits/domain.json" with { type: "json" };
import { circomSource, signalsSource, soliditySource } from "../../artifacts/gen-domain.ts";
import { artifactPaths, REPO_ROOT } from "../../artifacts/paths.ts";
import { CIRCUIT_IDS, circuitInstance, type CircuitId } from "../../core/circuits.ts";
import { LIMITS, RIGHTS, TAGS, tagValue, type TagName } from "../../core/domain.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import {
  attestationMessage,
  auditPads,
  claimNullifier,
  identityCommitment,
  licenseeLeaf,
  licenseeNullifier,
  licenseLeaf,
  modelLeaf,
  payeeTag,
  poseidon,
} from "../../core/hashes.ts";
import {
  licenseeCircuitInput,
  provenanceCircuitInput,
  royaltyClaimCircuitInput,
  royaltyClaimData,
} from "../../prover/inputs.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { merkleWitness, newRegistryTree } from "../../prover/merkle.ts";
import { expectNoWitness, expectWitness } from "../helpers/circuits.ts";
import { loadR1cs, loadSym } from "../helpers/witness.ts";
import { makeScenario, type Scenario } from "../../fixtures/scenario.ts";

const read = (rel: string) => fs.readFileSync(path.join(REPO_ROOT, rel), "utf8");

/** The rule, written out independently of core/domain.ts: ASCII bytes as a big-endian integer. */
function bigEndian(label: string): bigint {
  let v = 0n;
  for (const byte of Buffer.from(label, "ascii")) v = (v << 8n) | BigInt(byte);
  return v;
}

/** `NAME = value` pairs of a file's `function NAME() { return value; }` or `constant NAME = value;` lines. */
function constants(source: string, pattern: RegExp): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const m of source.matchAll(pattern)) {
    expect(out.has(m[1]!), `${m[1]} defined twice`).to.equal(false);
    out.set(m[1]!, BigInt(m[2]!));
  }
  return out;
}

/** The Solidity library named `name` in `source`, as its body. */
function solidityLibrary(source: string, name: string): string {
  const m = new RegExp(`library ${name} \\{([^}]*)\\}`).exec(source);
  expect(m, `library ${name}`).to.not.equal(null);
  return m![1]!;
}

/** A witness value by signal name. */
function valueOf(id: CircuitId, w: bigint[], name: string): bigint {
  const i = loadSym(artifactPaths(id).sym).get(name);
  expect(i, `${name} in the ${id} witness`).to.not.equal(undefined);
  return w[i!]!;
}

const TAG_NAMES = Object.keys(domainJson.tags) as TagName[];
const RIGHT_NAMES = Object.keys(domainJson.rights) as (keyof typeof domainJson.rights)[];
const LIMIT_NAMES = Object.keys(domainJson.limits) as (keyof typeof domainJson.limits)[];

describe("domain definition (circuits/domain.json) and its generated views", function () {
  describe("# generated files are current", function () {
    it("Should have circuits/src/generated/domain.circom equal to circomSource()", function () {
      expect(read("circuits/src/generated/domain.circom")).to.equal(circomSource());
    });

    it("Should have contracts/generated/DomainTags.sol equal to soliditySource()", function () {
      expect(read("contracts/generated/DomainTags.sol")).to.equal(soliditySource());
    });

    it("Should have contracts/generated/PublicSignals.sol equal to signalsSource()", function () {
      expect(read("contracts/generated/PublicSignals.sol")).to.equal(signalsSource());
    });
  });

  describe("# tag values", function () {
    it("Should give every tag a distinct, versioned label of at most 31 printable ASCII bytes", function () {
      const labels = Object.values(domainJson.tags);
      expect(new Set(labels).size).to.equal(labels.length);
      for (const label of labels) {
        expect(label).to.match(/^zkprov\/v1\/[\x21-\x7e]+$/);
        expect(Buffer.byteLength(label, "ascii"), label).to.be.at.most(31);
      }
    });

    it("Should give every tag a distinct value below the field modulus", function () {
      const values = TAG_NAMES.map((n) => TAGS[n]);
      expect(new Set(values).size).to.equal(values.length);
      for (const n of TAG_NAMES) {
        expect(TAGS[n] > 0n && TAGS[n] < FIELD_MODULUS, n).to.equal(true);
        expect(TAGS[n] < 1n << 248n, `${n} fits 31 bytes`).to.equal(true);
      }
    });

    it("Should define TAGS by the label-as-big-endian-integer rule", function () {
      expect(Object.keys(TAGS)).to.deep.equal(TAG_NAMES);
      for (const n of TAG_NAMES) expect(TAGS[n], n).to.equal(bigEndian(domainJson.tags[n]));
      expect(tagValue("zkprov/v1/id")).to.equal(0x7a6b70726f762f76312f6964n);
      expect(() => tagValue("x".repeat(32))).to.throw(RangeError);
    });

    it("Should define RIGHTS and LIMITS as domain.json says", function () {
      for (const n of RIGHT_NAMES) expect(RIGHTS[n], n).to.equal(1 << domainJson.rights[n]);
      expect(new Set(Object.values(domainJson.rights)).size).to.equal(RIGHT_NAMES.length);
      for (const bit of Object.values(domainJson.rights)) expect(bit).to.be.below(LIMITS.RIGHTS_BITS);
      expect(LIMITS).to.deep.equal(domainJson.limits);
      expect(LIMITS.MAX_BPS).to.be.below(2 ** LIMITS.BPS_BITS);
      const maxDepth = Math.max(...CIRCUIT_IDS.flatMap((id) => Object.values(circuitInstance(id).params)));
      expect(maxDepth).to.be.below(2 ** LIMITS.DEPTH_BITS);
    });
  });

  describe("# generated files hold the values (read independently of the generator)", function () {
    it("Should define in domain.circom exactly the tags and limits, with their values", function () {
      const src = read("circuits/src/generated/domain.circom");
      const fns = constants(src, /function (\w+)\(\) \{ return (\d+); \}/g);
      expect([...fns.keys()]).to.have.members([...TAG_NAMES, ...LIMIT_NAMES]);
      for (const n of TAG_NAMES) {
        expect(fns.get(n), n).to.equal(bigEndian(domainJson.tags[n]));
        expect(src, `${n}'s label comment`).to.include(`// "${domainJson.tags[n]}"\nfunction ${n}()`);
      }
      for (const n of LIMIT_NAMES) expect(fns.get(n), n).to.equal(BigInt(domainJson.limits[n]));
    });

    it("Should define in DomainTags.sol exactly the tags, rights masks and limits, with their values", function () {
      const body = solidityLibrary(read("contracts/generated/DomainTags.sol"), "DomainTags");
      const consts = constants(body, /uint(?:256|16) internal constant (\w+) = (\d+);/g);
      expect([...consts.keys()]).to.have.members([
        ...TAG_NAMES,
        ...RIGHT_NAMES.map((n) => `RIGHT_${n}`),
        ...LIMIT_NAMES,
      ]);
      for (const n of TAG_NAMES) expect(consts.get(n), n).to.equal(bigEndian(domainJson.tags[n]));
      for (const n of RIGHT_NAMES) expect(consts.get(`RIGHT_${n}`), n).to.equal(1n << BigInt(domainJson.rights[n]));
      for (const n of LIMIT_NAMES) expect(consts.get(n), n).to.equal(BigInt(domainJson.limits[n]));
    });

    it("Should give PublicSignals.sol the positions of the compiled circuits' public signals", function () {
      const src = read("contracts/generated/PublicSignals.sol");
      const constName = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
      for (const id of CIRCUIT_IDS) {
        const lib = circuitInstance(id).verifierContract.replace(/Verifier$/, "Signals");
        const consts = constants(solidityLibrary(src, lib), /uint256 internal constant (\w+) = (\d+);/g);
        const paths = artifactPaths(id);
        const r1cs = loadR1cs(paths.r1cs);
        const count = r1cs.nOutputs + r1cs.nPubInputs;
        expect(consts.get("COUNT"), `${lib}.COUNT`).to.equal(BigInt(count));
        // Wires 1..count are the public signals; their names come from the compiled circuit's symbols.
        const expected = new Map<string, bigint>([["COUNT", BigInt(count)]]);
        for (const [name, wire] of loadSym(paths.sym)) {
          const m = /^main\.(\w+)(?:\[(\d+)\])?$/.exec(name);
          if (m && wire >= 1 && wire <= count)
            expected.set(`${constName(m[1]!)}${m[2] ? `_${m[2]}` : ""}`, BigInt(wire - 1));
        }
        expect(expected.size, `${id}: every public wire named`).to.equal(count + 1);
        expect(Object.fromEntries(consts), lib).to.deep.equal(Object.fromEntries(expected));
      }
    });
  });

  describe("# the compiled circuits hash with these tags", function () {
    let sc: Scenario;
    let provenanceWitness: bigint[];
    const covered = new Set<TagName>();

    before(async function () {
      sc = makeScenario();
      provenanceWitness = await expectWitness("provenance", provenanceCircuitInput(sc.data));
    });

    it("Should compute commit(s) with TAG_ID, as identityCommitment (royaltyClaim main.commitment)", async function () {
      const secret = randomFieldElement();
      const blinding = randomFieldElement();
      const assetHash = randomFieldElement() >> 3n;
      const data = royaltyClaimData({ secret, blinding, assetHash, context: 1n });
      const w = await expectWitness("royaltyClaim", royaltyClaimCircuitInput(data));
      expect(valueOf("royaltyClaim", w, "main.commitment")).to.equal(identityCommitment(secret));
      expect(valueOf("royaltyClaim", w, "main.commitment")).to.equal(
        poseidon([bigEndian(domainJson.tags.TAG_ID), secret]),
      );
      expect(valueOf("provenance", provenanceWitness, "main.creatorCommit")).to.equal(
        identityCommitment(sc.creatorSecret),
      );
      covered.add("TAG_ID");
    });

    it("Should bind the royalty tag with TAG_PAYEE and the claim nullifier with TAG_NULL", async function () {
      const secret = randomFieldElement();
      const blinding = randomFieldElement();
      const assetHash = randomFieldElement() >> 3n;
      const commit = identityCommitment(secret);
      const good = {
        tag: payeeTag(commit, blinding, assetHash),
        assetHash,
        nullifier: claimNullifier(secret, assetHash),
        context: 1n,
        secret,
        blinding,
      };
      await expectWitness("royaltyClaim", royaltyClaimCircuitInput(good));
      // The same hashes under a neighbouring tag value are refused: the circuit uses exactly these tags.
      const tagWith = (t: bigint) => poseidon([t, commit, blinding, assetHash]);
      const nullWith = (t: bigint) => poseidon([t, secret, assetHash]);
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput({ ...good, tag: tagWith(TAGS.TAG_PAYEE + 1n) }),
        "the secret and blinding do not open the payee tag for this asset",
      );
      await expectNoWitness(
        "royaltyClaim",
        royaltyClaimCircuitInput({ ...good, nullifier: nullWith(TAGS.TAG_NULL + 1n) }),
        "the nullifier is not the secret's for this asset",
      );
      // And the provenance circuit's outputs use TAG_PAYEE the same way.
      expect(valueOf("provenance", provenanceWitness, "main.creatorTag")).to.equal(
        payeeTag(identityCommitment(sc.creatorSecret), sc.creatorBlinding, sc.data.assetHash),
      );
      covered.add("TAG_PAYEE").add("TAG_NULL");
    });

    it("Should hash the licensee leaf with TAG_LICENSEE and its nullifier with TAG_NULL", async function () {
      const secret = randomFieldElement();
      const tree = newRegistryTree([
        randomFieldElement(),
        licenseeLeaf(identityCommitment(secret)),
        randomFieldElement(),
      ]);
      const data = {
        tokenId: 9n,
        usageRights: 2n,
        context: 1n,
        nullifier: licenseeNullifier(secret, 9n, 2n),
        secret,
        path: merkleWitness(tree, 1, circuitInstance("licensee").params.DEPTH!),
      };
      const w = await expectWitness("licensee", licenseeCircuitInput(data));
      expect(valueOf("licensee", w, "main.leaf")).to.equal(licenseeLeaf(identityCommitment(secret)));
      expect(valueOf("licensee", w, "main.leaf")).to.equal(
        poseidon([bigEndian(domainJson.tags.TAG_LICENSEE), identityCommitment(secret)]),
      );
      const nullWith = (t: bigint) => poseidon([t, secret, 9n, 2n]);
      await expectNoWitness(
        "licensee",
        licenseeCircuitInput({ ...data, nullifier: nullWith(TAGS.TAG_NULL + 1n) }),
        "the nullifier is not the licensee's for this token and usage",
      );
      covered.add("TAG_LICENSEE");
    });

    it("Should hash the model leaf with TAG_MODEL and the license leaf with TAG_LICENSE", function () {
      const m = sc.data.model;
      expect(valueOf("provenance", provenanceWitness, "main.modelLeaf")).to.equal(modelLeaf(m));
      expect(valueOf("provenance", provenanceWitness, "main.licenseLeaf")).to.equal(licenseLeaf(sc.license));
      covered.add("TAG_MODEL").add("TAG_LICENSE");
    });

    it("Should hash the attestation message with TAG_ATTEST", function () {
      expect(valueOf("provenance", provenanceWitness, "main.msg")).to.equal(attestationMessage(sc.attestation.fields));
      covered.add("TAG_ATTEST");
    });

    it("Should pad the audit record from one TAG_ENC sponge keyed by K (the TypeScript pads match the circuit's)", function () {
      const k = mulPointEscalar(sc.data.regulatorKey as Point<bigint>, sc.data.auditRandomness);
      const m = [
        sc.model.modelHash,
        sc.license.datasetHash,
        identityCommitment(sc.creatorSecret),
        modelLeaf(sc.data.model),
        licenseLeaf(sc.license),
      ];
      const pads = auditPads([k[0], k[1]], m.length);
      m.forEach((mi, i) => {
        expect(valueOf("provenance", provenanceWitness, `main.auditCipher[${i}]`), `auditCipher[${i}]`).to.equal(
          (mi + pads[i]!) % FIELD_MODULUS,
        );
      });
      covered.add("TAG_ENC");
    });

    it("Should have checked every tag of domain.json against a circuit (runs last)", function () {
      // A new tag in domain.json needs its own check above.
      expect([...covered]).to.have.members(TAG_NAMES);
    });
  });
});

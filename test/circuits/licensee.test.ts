import { expect } from "chai";
import type { LeanIMT } from "@zk-kit/lean-imt";
import { artifactPaths, loadManifest } from "../../artifacts/paths.ts";
import { circuitInstance, publicSignalLayout } from "../../core/circuits.ts";
import { retainCurves } from "../../core/curve.ts";
import { RIGHTS } from "../../core/domain.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { identityCommitment, licenseeLeaf, licenseeNullifier } from "../../core/hashes.ts";
import { verifyGroth16 } from "../../core/proof.ts";
import { licenseeCircuitInput, type LicenseeWitnessData } from "../../prover/inputs.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { merkleWitness, newRegistryTree } from "../../prover/merkle.ts";
import { generateProof, type ProofResult } from "../../prover/prove.ts";
import { expectEditsRejected, expectNoWitness, expectWitness, vkeyOf } from "../helpers/circuits.ts";
import { computeWitness, freeWires, loadR1cs, loadSym } from "../helpers/witness.ts";

const DEPTH = 20;
/** Pinned: a change that adds constraints must be seen (and justified) here. */
const LICENSEE_CONSTRAINTS = 5720;
const USAGE = BigInt(RIGHTS.COMMERCIAL | RIGHTS.DERIVATIVES);

interface Enrolled {
  secret: bigint;
  tree: LeanIMT<bigint>;
  index: number;
}

/** A licensee registry with `before` other licensees, then ours, then `after` more. */
function enrol(before = 5, after = 2): Enrolled {
  const secret = randomFieldElement();
  const others = (n: number) => Array.from({ length: n }, () => licenseeLeaf(identityCommitment(randomFieldElement())));
  const tree = newRegistryTree(others(before));
  tree.insert(licenseeLeaf(identityCommitment(secret)));
  for (const leaf of others(after)) tree.insert(leaf);
  return { secret, tree, index: before };
}

/** The licensee circuit data for `e` licensing `tokenId` for `usageRights`. */
function licenseeData(e: Enrolled, tokenId = 7n, usageRights = USAGE): LicenseeWitnessData {
  return {
    tokenId,
    usageRights,
    context: randomFieldElement() >> 8n,
    nullifier: licenseeNullifier(e.secret, tokenId, usageRights),
    secret: e.secret,
    path: merkleWitness(e.tree, e.index, DEPTH),
  };
}

describe("licensee circuit (production instance, depth 20)", function () {
  let e: Enrolled;
  let data: LicenseeWitnessData;
  let proved: ProofResult<"licensee">;
  let releaseCurve: () => Promise<void>;

  before(async function () {
    releaseCurve = retainCurves();
    e = enrol();
    data = licenseeData(e);
    proved = await generateProof("licensee", licenseeCircuitInput(data));
  });
  after(async function () {
    await releaseCurve();
  });

  describe("# valid proof", function () {
    it("Should verify a proof of an enrolled licensee", async function () {
      expect(await verifyGroth16(vkeyOf("licensee"), proved.proof, proved.publicSignals)).to.equal(true);
      expect(proved.signals).to.deep.equal({
        licenseeRoot: e.tree.root,
        tokenId: data.tokenId,
        usageRights: data.usageRights,
        context: data.context,
        nullifier: licenseeNullifier(e.secret, data.tokenId, data.usageRights),
      });
    });

    it("Should not verify when any public signal is changed after proving", async function () {
      const vkey = vkeyOf("licensee");
      for (const slot of publicSignalLayout("licensee")) {
        const changed = [...proved.publicSignals];
        changed[slot.position] = ((BigInt(changed[slot.position]!) + 1n) % FIELD_MODULUS).toString();
        expect(await verifyGroth16(vkey, proved.proof, changed), `changed ${slot.name}`).to.equal(false);
      }
    });

    it("Should accept the first and the last licensee of the registry", async function () {
      await expectWitness("licensee", licenseeCircuitInput(licenseeData(enrol(0, 6))));
      await expectWitness("licensee", licenseeCircuitInput(licenseeData(enrol(6, 0))));
    });

    it("Should accept usageRights = 2^16 - 1 (every bit of the mask)", async function () {
      await expectWitness("licensee", licenseeCircuitInput(licenseeData(e, 7n, (1n << 16n) - 1n)));
    });
  });

  describe("# rejected", function () {
    it("Should reject a licensee that is not enrolled (root of a tree without the leaf)", async function () {
      const registry = newRegistryTree(Array.from({ length: 8 }, () => randomFieldElement()));
      // The path is genuine, in a tree that does contain the leaf; the registry's root does not.
      const d = licenseeData(e);
      d.path = { ...d.path, root: registry.root };
      const err = await expectNoWitness(
        "licensee",
        licenseeCircuitInput(d),
        "the licensee is not in the licensee registry",
      );
      expect(err.shortMessage).to.match(/Licensee/);
    });

    it("Should reject a secret whose commitment is not the enrolled leaf", async function () {
      // Someone else's valid path, with a secret that is not theirs (and a nullifier consistent with it).
      const thief = randomFieldElement();
      const d = licenseeData(e);
      d.secret = thief;
      d.nullifier = licenseeNullifier(thief, d.tokenId, d.usageRights);
      await expectNoWitness("licensee", licenseeCircuitInput(d), "the licensee is not in the licensee registry");
    });

    it("Should reject a revoked licensee (leaf updated to 0) against the new root", async function () {
      const r = enrol();
      const d = licenseeData(r);
      r.tree.update(r.index, 0n);
      d.path = { ...d.path, root: r.tree.root };
      await expectNoWitness("licensee", licenseeCircuitInput(d), "the licensee is not in the licensee registry");
    });

    it("Should reject a nullifier for another tokenId", async function () {
      const d = licenseeData(e);
      d.nullifier = licenseeNullifier(e.secret, d.tokenId + 1n, d.usageRights);
      await expectNoWitness(
        "licensee",
        licenseeCircuitInput(d),
        "the nullifier is not the licensee's for this token and usage",
      );
    });

    it("Should reject a nullifier for other usageRights", async function () {
      const d = licenseeData(e);
      d.nullifier = licenseeNullifier(e.secret, d.tokenId, BigInt(RIGHTS.COMMERCIAL));
      await expectNoWitness(
        "licensee",
        licenseeCircuitInput(d),
        "the nullifier is not the licensee's for this token and usage",
      );
    });

    it("Should reject a nullifier of another secret", async function () {
      const d = licenseeData(e);
      d.nullifier = licenseeNullifier(randomFieldElement(), d.tokenId, d.usageRights);
      await expectNoWitness(
        "licensee",
        licenseeCircuitInput(d),
        "the nullifier is not the licensee's for this token and usage",
      );
    });

    it("Should reject usageRights that do not fit 16 bits", async function () {
      for (const usageRights of [1n << 16n, (1n << 16n) | USAGE, FIELD_MODULUS - 1n]) {
        // The nullifier is consistent: only the range check can reject.
        await expectNoWitness(
          "licensee",
          licenseeCircuitInput(licenseeData(e, 7n, usageRights)),
          "the usage rights do not fit 16 bits",
        );
      }
    });

    it("Should reject a depth above the maximum, even with the root BinaryMerkleRoot gives it (0)", async function () {
      // BinaryMerkleRoot(20) outputs 0 for any depth > 20 (no level is selected), and 0 is the root of an
      // empty LeanIMT: without LeanIMTRoot's depth check, anyone could prove against root 0.
      for (const depth of [DEPTH + 1, 63]) {
        const d = licenseeData(e);
        d.path = { ...d.path, depth, root: 0n };
        const err = await expectNoWitness(
          "licensee",
          licenseeCircuitInput(d),
          "the tree depth is above the circuit's maximum",
        );
        expect(err.shortMessage, `depth ${depth}`).to.match(/template LeanIMTRoot/); // the depth check, not the root
        const withRoot = licenseeData(e);
        withRoot.path = { ...withRoot.path, depth };
        await expectNoWitness(
          "licensee",
          licenseeCircuitInput(withRoot),
          "the tree depth is above the circuit's maximum",
        );
      }
    });

    it("Should reject a depth that does not fit 6 bits (64, and -1 mod r)", async function () {
      for (const depth of ["64", (FIELD_MODULUS - 1n).toString()]) {
        const input = { ...licenseeCircuitInput(licenseeData(e)), depth };
        await expectNoWitness("licensee", input, "the tree depth does not fit its bit width");
        await expectNoWitness("licensee", { ...input, licenseeRoot: "0" }, "the tree depth does not fit its bit width");
      }
    });

    it("Should reject a depth that does not match the path", async function () {
      const d0 = licenseeData(e);
      expect(d0.path.depth).to.equal(3); // 8 leaves
      for (const depth of [d0.path.depth - 1, d0.path.depth + 1, 0, DEPTH]) {
        const d = licenseeData(e);
        d.path = { ...d.path, depth };
        await expectNoWitness("licensee", licenseeCircuitInput(d), "the licensee is not in the licensee registry");
      }
    });

    it("Should reject an index that does not fit 20 bits", async function () {
      const d = licenseeData(e);
      d.path = { ...d.path, index: d.path.index + (1n << BigInt(DEPTH)) };
      await expectNoWitness("licensee", licenseeCircuitInput(d), "the leaf index does not fit the tree");
    });
  });

  describe("# witness editing (soundness)", function () {
    it("Should break a constraint when a bound signal is edited", async function () {
      const names = [
        "main.licenseeRoot",
        "main.tokenId",
        "main.usageRights",
        "main.context",
        "main.nullifier",
        "main.secret",
        "main.index",
        "main.depth",
        "main.siblings[0]",
        "main.siblings[19]",
        "main.commitment",
        "main.leaf",
        "main.contextSquare",
      ];
      const checked = await expectEditsRejected("licensee", licenseeCircuitInput(data), names);
      expect(checked).to.deep.equal(names);
    });

    it("Should have folded rootComputed and nullifierComputed into the public root and nullifier (--O2)", function () {
      const sym = loadSym(artifactPaths("licensee").sym);
      expect(sym.has("main.rootComputed")).to.equal(false);
      expect(sym.has("main.nullifierComputed")).to.equal(false);
      expect(sym.has("main.leaf")).to.equal(true);
    });

    it("Should leave free only the IsZero inverse of the selected Merkle level (harmless)", async function () {
      // BinaryMerkleRoot selects level `depth` with IsEqual(depth, i); circomlib's IsZero leaves its `inv`
      // wire free when its input is 0 (out = 1 - in*inv is 1 whatever inv is). It feeds nothing else, so
      // a prover's choice of it changes no public value. Every other wire is fixed by some constraint.
      const paths = artifactPaths("licensee");
      const r1cs = loadR1cs(paths.r1cs);
      const byIndex = new Map([...loadSym(paths.sym)].map(([name, i]) => [i, name]));
      const w = await computeWitness(paths.wasm, licenseeCircuitInput(data));
      const free = freeWires(r1cs, w).map((i) => byIndex.get(i));
      expect(free).to.have.length(1);
      expect(free[0]).to.match(new RegExp(`BinaryMerkleRoot_\\w+\\.IsEqual_\\w+\\[${data.path.depth}\\]\\.isz\\.inv$`));
    });

    it("Should compute main.leaf and main.commitment as the registry does", async function () {
      const paths = artifactPaths("licensee");
      const sym = loadSym(paths.sym);
      const w = await computeWitness(paths.wasm, licenseeCircuitInput(data));
      expect(w[sym.get("main.commitment")!]).to.equal(identityCommitment(e.secret));
      expect(w[sym.get("main.leaf")!]).to.equal(licenseeLeaf(identityCommitment(e.secret)));
    });
  });

  describe("# shape", function () {
    it("Should keep the pinned constraint count", function () {
      expect(circuitInstance("licensee").params.DEPTH).to.equal(DEPTH);
      expect(loadManifest().circuits.licensee!.constraints).to.equal(LICENSEE_CONSTRAINTS);
      expect(loadR1cs(artifactPaths("licensee").r1cs).constraints.length).to.equal(LICENSEE_CONSTRAINTS);
    });

    it("Should order public signals as circuits/circuits.json says", function () {
      const r1cs = loadR1cs(artifactPaths("licensee").r1cs);
      const sym = loadSym(artifactPaths("licensee").sym);
      const layout = publicSignalLayout("licensee");
      expect(layout.map((s) => s.name)).to.deep.equal([
        "licenseeRoot",
        "tokenId",
        "usageRights",
        "context",
        "nullifier",
      ]);
      expect(r1cs.nOutputs).to.equal(0);
      expect(r1cs.nOutputs + r1cs.nPubInputs).to.equal(layout.length);
      for (const slot of layout) {
        expect(sym.get(`main.${slot.name}`), slot.name).to.equal(slot.position + 1);
      }
    });
  });
});

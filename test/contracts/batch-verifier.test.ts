// The generated batch verifier (ProvenanceBatchVerifier, one multi-pairing over a random linear
// combination) against the single-proof ProvenanceVerifier, on the same real proofs: every batch is
// accepted exactly when every one of its proofs is, for valid batches and batches with one bad member.
import { expect } from "chai";
import { network } from "hardhat";
import { retainCurves } from "../../core/curve.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { publicSignalLayout } from "../../core/circuits.ts";
import { FIELD } from "./helpers/deploy.ts";
import { makeWorld, proveProvenance, withAsset, type ContractProof } from "../../fixtures/world.ts";
import { Q, negG1, twistPointOutsideG2 } from "./helpers/bn254.ts";

const { ethers } = await network.create();

const N = 4;
// Signals to alter: the first (the packed one), assetHash and the last.
const layout = publicSignalLayout("provenance");
const SOME_SIGNALS = [0, layout.find((s) => s.name === "assetHash")!.position, layout.length - 1];
const proofs: ContractProof[] = [];
let release: () => Promise<void>;

async function deploy() {
  const single = await ethers.deployContract("ProvenanceVerifier");
  const batch = await ethers.deployContract("ProvenanceBatchVerifierHarness");
  return {
    single: (p: ContractProof) => single.getFunction("verifyProof").staticCall(p.proof.a, p.proof.b, p.proof.c, p.pub),
    batch: (ps: ContractProof[]) =>
      batch.getFunction("verifyBatch").staticCall(
        ps.map((p) => p.proof),
        ps.map((p) => p.pub),
      ),
    batchRaw: (ps: ContractProof["proof"][], pubs: bigint[][]) => batch.getFunction("verifyBatch").staticCall(ps, pubs),
  };
}

/** `p` with public signal `j` replaced. */
function withSignal(p: ContractProof, j: number, value: bigint): ContractProof {
  const pub = [...p.pub];
  pub[j] = value;
  return { proof: p.proof, pub };
}

/** The batch with member `i` replaced. */
function replaced(ps: ContractProof[], i: number, p: ContractProof): ContractProof[] {
  return ps.map((q, k) => (k === i ? p : q));
}

describe("ProvenanceBatchVerifier (differential, real proofs)", function () {
  before(async function () {
    release = retainCurves();
    const w = makeWorld(1_000n, 10n ** 10n);
    for (let i = 0; i < N; i++) {
      const asset = randomFieldElement() >> 3n;
      proofs.push(await proveProvenance(withAsset(w, asset), { now: 2_000n + BigInt(i), context: BigInt(i + 1) }));
    }
  });

  after(async function () {
    await release();
  });

  it("Should accept valid batches of every size, in any order, as the single verifier accepts each proof", async function () {
    const v = await deploy();
    for (const p of proofs) expect(await v.single(p)).to.equal(true);
    for (let n = 1; n <= N; n++) expect(await v.batch(proofs.slice(0, n))).to.equal(true);
    expect(await v.batch([...proofs].reverse())).to.equal(true);
    expect(await v.batch([proofs[0]!, proofs[0]!])).to.equal(true);
  });

  it("Should reject a batch in which any one proof has an altered public signal", async function () {
    const v = await deploy();
    for (let i = 0; i < N; i++) {
      for (const j of SOME_SIGNALS) {
        const bad = withSignal(proofs[i]!, j, (proofs[i]!.pub[j]! + 1n) % FIELD);
        expect(await v.single(bad)).to.equal(false);
        expect(await v.batch(replaced(proofs, i, bad)), `proof ${i}, signal ${j}`).to.equal(false);
      }
    }
  });

  it("Should reject a batch in which one proof's points belong to another proof", async function () {
    const v = await deploy();
    const [p0, p1] = [proofs[0]!, proofs[1]!];
    const mixed = [
      { proof: { ...p0.proof, c: p1.proof.c }, pub: p0.pub },
      { proof: { ...p0.proof, a: p1.proof.a }, pub: p0.pub },
      { proof: { ...p0.proof, b: p1.proof.b }, pub: p0.pub },
      { proof: p1.proof, pub: p0.pub },
    ];
    for (const bad of mixed) {
      expect(await v.single(bad)).to.equal(false);
      expect(await v.batch(replaced(proofs, 0, bad))).to.equal(false);
    }
    // Two wrong proofs at once: each carries the other's signals.
    expect(
      await v.batch([
        { proof: p0.proof, pub: p1.pub },
        { proof: p1.proof, pub: p0.pub },
      ]),
    ).to.equal(false);
  });

  it("Should reject a public signal at or above the field modulus, even one that aliases a valid signal", async function () {
    const v = await deploy();
    for (const j of SOME_SIGNALS) {
      const aliased = withSignal(proofs[1]!, j, proofs[1]!.pub[j]! + FIELD);
      expect(await v.single(aliased)).to.equal(false);
      expect(await v.batch(replaced(proofs, 1, aliased))).to.equal(false);
    }
    expect(await v.batch(replaced(proofs, 2, withSignal(proofs[2]!, 3, FIELD)))).to.equal(false);
  });

  it("Should return false, not revert, for a point off the curve, an empty batch or mismatched lengths", async function () {
    const v = await deploy();
    const p = proofs[0]!;
    const offCurve = { proof: { ...p.proof, a: [p.proof.a[0], p.proof.a[1] + 1n] as [bigint, bigint] }, pub: p.pub };
    expect(await v.single(offCurve)).to.equal(false);
    expect(await v.batch(replaced(proofs, 0, offCurve))).to.equal(false);
    expect(await v.batchRaw([], [])).to.equal(false);
    expect(await v.batchRaw([p.proof], [p.pub, p.pub])).to.equal(false);
  });

  it("Should reject a proof coordinate at or above q, a B outside G2 or a lone negated A, first in the batch or not", async function () {
    const v = await deploy();
    const bad = (p: ContractProof): { name: string; p: ContractProof }[] => {
      const { a, b, c } = p.proof;
      const out = [
        { name: "a.x + q", p: { proof: { ...p.proof, a: [a[0] + Q, a[1]] as [bigint, bigint] }, pub: p.pub } },
        { name: "a.y + q", p: { proof: { ...p.proof, a: [a[0], a[1] + Q] as [bigint, bigint] }, pub: p.pub } },
        { name: "c.y + q", p: { proof: { ...p.proof, c: [c[0], c[1] + Q] as [bigint, bigint] }, pub: p.pub } },
        { name: "b outside G2", p: { proof: { ...p.proof, b: twistPointOutsideG2() }, pub: p.pub } },
        { name: "a negated", p: { proof: { ...p.proof, a: negG1(a) }, pub: p.pub } },
      ];
      for (let k = 0; k < 4; k++) {
        const bb = b.map((pair, i) => pair.map((x, j) => (2 * i + j === k ? x + Q : x))) as typeof b;
        out.push({ name: `b word ${k} + q`, p: { proof: { ...p.proof, b: bb }, pub: p.pub } });
      }
      return out;
    };
    // Index 0 is the proof the batch takes with coefficient 1 (no ecMul): it must be checked as strictly.
    for (const i of [0, 2]) {
      for (const t of bad(proofs[i]!)) {
        expect(await v.single(t.p), `single: ${t.name}`).to.equal(false);
        expect(await v.batch(replaced(proofs, i, t.p)), `batch, proof ${i}: ${t.name}`).to.equal(false);
      }
    }
    expect(await v.batch([bad(proofs[0]!)[0]!.p]), "a batch of one").to.equal(false);
  });
});

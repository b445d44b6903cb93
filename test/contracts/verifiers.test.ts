// zkprov's generated Groth16 verifiers (artifacts/groth16-verifier.ts) against snarkjs's own template verifier
// rendered from the same zkey (contracts/verifiers/reference/), on real proofs of every circuit: both accept
// the valid proof, both reject every tampered and every malformed one (signals >= r or altered, coordinates
// >= q, points off the curve, a B on the twist but outside G2, points swapped or negated), the generated
// one returning false where snarkjs's may revert, and the generated one costs less gas.
import { expect } from "chai";
import { network } from "hardhat";
import { CIRCUIT_IDS, circuitInstance, type CircuitId } from "../../core/circuits.ts";
import { retainCurves } from "../../core/curve.ts";
import type { SolidityProof } from "../../core/proof.ts";
import { makeWorld, proveClaim, proveLicensee, proveProvenance, type ContractProof } from "../../fixtures/world.ts";
import { Q, R, bOnTwist, negG1, onG1, twistPointOutsideG2 } from "./helpers/bn254.ts";

const { ethers } = await network.create();

const proofs = {} as Record<CircuitId, ContractProof>;
let release: () => Promise<void>;

/** Every way to spoil a valid proof that the tests try, named. */
function tampered(p: ContractProof): { name: string; proof: SolidityProof; pub: bigint[] }[] {
  const { a, b, c } = p.proof;
  const out: { name: string; proof: SolidityProof; pub: bigint[] }[] = [];
  const withPub = (name: string, j: number, v: bigint) =>
    out.push({ name, proof: p.proof, pub: p.pub.map((s, k) => (k === j ? v : s)) });
  const withProof = (name: string, proof: Partial<SolidityProof>) =>
    out.push({ name, proof: { ...p.proof, ...proof }, pub: p.pub });
  for (let j = 0; j < p.pub.length; j++) {
    withPub(`signal ${j} + 1`, j, (p.pub[j]! + 1n) % R);
    withPub(`signal ${j} + r (the same field element)`, j, p.pub[j]! + R);
  }
  withPub("signal 0 = 2^256 - 1", 0, 2n ** 256n - 1n);
  for (const [k, name] of ["a.x", "a.y"].entries())
    withProof(`${name} + q`, { a: a.map((v, i) => (i === k ? v + Q : v)) as SolidityProof["a"] });
  for (const [k, name] of ["c.x", "c.y"].entries())
    withProof(`${name} + q`, { c: c.map((v, i) => (i === k ? v + Q : v)) as SolidityProof["c"] });
  for (let k = 0; k < 4; k++) {
    const bb = b.map((pair, i) => pair.map((v, j) => (2 * i + j === k ? v + Q : v))) as SolidityProof["b"];
    withProof(`b word ${k} + q`, { b: bb });
  }
  withProof("a off the curve (y + 1)", { a: [a[0], (a[1] + 1n) % Q] });
  withProof("c off the curve (y + 1)", { c: [c[0], (c[1] + 1n) % Q] });
  withProof("b off the twist (y_re + 1)", { b: [b[0], [b[1][0], (b[1][1] + 1n) % Q]] });
  withProof("b on the twist, outside G2", { b: twistPointOutsideG2() });
  withProof("a negated alone", { a: negG1(a) });
  withProof("c negated", { c: negG1(c) });
  withProof("a and c swapped", { a: c, c: a });
  withProof("a at infinity", { a: [0n, 0n] });
  withProof("c at infinity", { c: [0n, 0n] });
  withProof("b all zero", {
    b: [
      [0n, 0n],
      [0n, 0n],
    ],
  });
  withProof("everything zero", {
    a: [0n, 0n],
    b: [
      [0n, 0n],
      [0n, 0n],
    ],
    c: [0n, 0n],
  });
  return out;
}

async function deploy(id: CircuitId) {
  const name = circuitInstance(id).verifierContract;
  const ours = await ethers.deployContract(name);
  const reference = await ethers.deployContract(`${name}Reference`);
  const args = (t: { proof: SolidityProof; pub: bigint[] }) => [t.proof.a, t.proof.b, t.proof.c, t.pub] as const;
  return {
    ours,
    reference,
    /** The generated verifier's answer: it must answer, never revert. */
    oursVerify: (t: { proof: SolidityProof; pub: bigint[] }) => ours.getFunction("verifyProof").staticCall(...args(t)),
    /** snarkjs's answer, a revert (a precompile refusing its input) counted as a rejection. */
    referenceVerify: async (t: { proof: SolidityProof; pub: bigint[] }) => {
      try {
        return (await reference.getFunction("verifyProof").staticCall(...args(t))) as boolean;
      } catch {
        return false;
      }
    },
    gas: async (c: typeof ours, t: { proof: SolidityProof; pub: bigint[] }) =>
      c.getFunction("verifyProof").estimateGas(...args(t)),
  };
}

describe("Generated Groth16 verifiers against snarkjs's template (differential, real proofs)", function () {
  before(async function () {
    release = retainCurves();
    const w = makeWorld(1_000n, 10n ** 10n);
    proofs.provenance = await proveProvenance(w, { now: 2_000n, context: 7n });
    proofs.licensee = await proveLicensee(w, { tokenId: w.assetHash, usageRights: 2n, context: 8n });
    proofs.royaltyClaim = await proveClaim(w, { payee: 0, context: 9n });
  });

  after(async function () {
    await release();
  });

  it("Should build malformed points that are what their names say", function () {
    const { a, b } = proofs.provenance.proof;
    expect(onG1(a)).to.equal(true);
    expect(onG1([a[0], (a[1] + 1n) % Q])).to.equal(false);
    expect(bOnTwist(b)).to.equal(true);
    expect(bOnTwist(twistPointOutsideG2())).to.equal(true); // on the curve; r * P != O is checked inside
  });

  for (const id of CIRCUIT_IDS) {
    describe(`# ${id}`, function () {
      it("Should carry the same VKEY_HASH and INSECURE_SETUP as the snarkjs verifier of the same zkey", async function () {
        const v = await deploy(id);
        expect(await v.ours.getFunction("VKEY_HASH")()).to.equal(await v.reference.getFunction("VKEY_HASH")());
        expect(await v.ours.getFunction("INSECURE_SETUP")()).to.equal(
          await v.reference.getFunction("INSECURE_SETUP")(),
        );
      });

      it("Should accept the valid proof, as snarkjs's verifier does, for less gas", async function () {
        const v = await deploy(id);
        const p = proofs[id];
        expect(await v.referenceVerify(p)).to.equal(true);
        expect(await v.oursVerify(p)).to.equal(true);
        const [ours, reference] = [await v.gas(v.ours, p), await v.gas(v.reference, p)];
        console.log(`      gas: ${id} verifyProof ${ours} (snarkjs template ${reference})`);
        expect(ours).to.be.lessThan(reference);
      });

      it("Should reject every tampered or malformed proof, returning false, as snarkjs's verifier rejects it", async function () {
        const v = await deploy(id);
        for (const t of tampered(proofs[id])) {
          expect(await v.referenceVerify(t), `snarkjs: ${t.name}`).to.equal(false);
          expect(await v.oursVerify(t), `generated: ${t.name}`).to.equal(false);
        }
      });

      it("Should accept the negated proof (-A, -B, C), as snarkjs's verifier does (Groth16 malleability)", async function () {
        const v = await deploy(id);
        const { a, b, c } = proofs[id].proof;
        const neg = {
          proof: {
            a: negG1(a),
            b: [b[0], [(Q - b[1][0]) % Q, (Q - b[1][1]) % Q]] as SolidityProof["b"],
            c,
          },
          pub: proofs[id].pub,
        };
        expect(await v.referenceVerify(neg)).to.equal(true);
        expect(await v.oursVerify(neg)).to.equal(true);
      });
    });
  }

  it("Should reject a proof of one circuit under another circuit's verifier of the same arity", async function () {
    // royaltyClaim has 4 signals and licensee 5: pad or cut the signals so the call is well-formed.
    const v = await deploy("licensee");
    const claim = proofs.royaltyClaim;
    const t = { proof: claim.proof, pub: [...claim.pub, 0n] };
    expect(await v.referenceVerify(t)).to.equal(false);
    expect(await v.oursVerify(t)).to.equal(false);
  });
});

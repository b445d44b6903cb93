import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT, artifactPaths, manifestPath } from "../../artifacts/paths.ts";
import { ArtifactIntegrityError, InvalidInputError, WitnessError } from "../../core/errors.ts";
import { royaltyClaimCircuitInput, type RoyaltyClaimWitnessData, royaltyClaimData } from "../../prover/inputs.ts";
import { calculateWitness, generateProof, Prover, type ProofStage } from "../../prover/prove.ts";
import { verifyGroth16 } from "../../core/proof.ts";
import { merkleWitness, newRegistryTree } from "../../prover/merkle.ts";
import { generateRegulatorKey, randomFieldElement, randomScalar } from "../../prover/keys.ts";
import { subOrder } from "@zk-kit/baby-jubjub";

function claimData(): RoyaltyClaimWitnessData {
  return royaltyClaimData({
    secret: randomFieldElement(),
    blinding: randomFieldElement(),
    assetHash: randomFieldElement() >> 3n,
    context: 42n,
  });
}

describe("prover", function () {
  describe("# generateProof", function () {
    it("Should report progress through every stage, in order", async function () {
      const stages: ProofStage[] = [];
      const fractions: number[] = [];
      await generateProof("royaltyClaim", royaltyClaimCircuitInput(claimData()), {
        onProgress: (s, f) => (stages.push(s), fractions.push(f)),
      });
      expect(stages).to.deep.equal(["artifacts", "witness", "prove", "done"]);
      expect(fractions).to.deep.equal([...fractions].sort((a, b) => a - b));
      expect(fractions.at(-1)).to.equal(1);
    });

    it("Should refuse an artifact whose hash differs from the manifest, naming the file", async function () {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-art-"));
      try {
        fs.cpSync(artifactPaths("royaltyClaim").dir, artifactPaths("royaltyClaim", tmp).dir, { recursive: true });
        fs.copyFileSync(manifestPath(), manifestPath(tmp));
        const zkey = artifactPaths("royaltyClaim", tmp).zkey;
        const bytes = fs.readFileSync(zkey);
        bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 1, bytes.length - 100);
        fs.writeFileSync(zkey, bytes);
        const err = await generateProof("royaltyClaim", royaltyClaimCircuitInput(claimData()), { buildDir: tmp }).then(
          () => expect.fail("proved with a tampered zkey"),
          (e: unknown) => e as ArtifactIntegrityError,
        );
        expect(err).to.be.instanceOf(ArtifactIntegrityError);
        expect(err.shortMessage).to.include(zkey);
        fs.rmSync(artifactPaths("royaltyClaim", tmp).wasm);
        await generateProof("royaltyClaim", royaltyClaimCircuitInput(claimData()), { buildDir: tmp }).then(
          () => expect.fail("proved without a wasm"),
          (e: unknown) => expect((e as Error).message).to.match(/is missing/),
        );
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });

    it("Should name the failing template and never the secret when inputs do not satisfy the circuit", async function () {
      const d = claimData();
      const err = await generateProof("royaltyClaim", royaltyClaimCircuitInput({ ...d, secret: d.secret + 1n })).then(
        () => expect.fail("proved a false statement"),
        (e: unknown) => e as WitnessError,
      );
      expect(err).to.be.instanceOf(WitnessError);
      expect(err.shortMessage).to.match(/template RoyaltyClaim/);
      expect(err.message).to.not.include(String(d.secret));
      expect(err.message).to.not.include(String(d.secret + 1n));
    });

    it("Should let the process exit by itself after proving and verifying", function () {
      const res = spawnSync(
        path.join(REPO_ROOT, "node_modules/.bin/tsx"),
        [path.join(REPO_ROOT, "test/prover/fixtures/prove-and-exit.ts")],
        { encoding: "utf8", timeout: 120_000 },
      );
      expect(res.error, "the process did not exit within 120 s").to.equal(undefined);
      expect(res.status).to.equal(0);
      expect(res.stdout.trim()).to.equal("verified");
    });
  });

  describe("# Prover (warm)", function () {
    it("Should prove several times with the loaded artifacts, proofs that verify", async function () {
      const prover = await Prover.load({ circuits: ["royaltyClaim"] });
      try {
        expect(prover.circuits).to.deep.equal(["royaltyClaim"]);
        const vkey = JSON.parse(fs.readFileSync(artifactPaths("royaltyClaim").vkey, "utf8"));
        for (let i = 0; i < 2; i++) {
          const d = claimData();
          const r = await prover.prove("royaltyClaim", royaltyClaimCircuitInput(d));
          expect(r.signals.nullifier).to.equal(d.nullifier);
          expect(await verifyGroth16(vkey, r.proof, r.publicSignals)).to.equal(true);
        }
      } finally {
        await prover.close();
      }
    });

    it("Should keep its witness calculator through rejected inputs: the same error each time, then proofs that verify", async function () {
      const prover = await Prover.load({ circuits: ["royaltyClaim"] });
      try {
        const vkey = JSON.parse(fs.readFileSync(artifactPaths("royaltyClaim").vkey, "utf8"));
        const d = claimData();
        // Two different rejections, twice each: each error is the one a fresh calculator gives.
        const badTag = royaltyClaimCircuitInput({ ...d, secret: d.secret + 1n });
        const badNullifier = royaltyClaimCircuitInput({ ...d, nullifier: d.nullifier + 1n });
        const rejection = (p: Promise<unknown>) =>
          p.then(
            () => expect.fail("proved a false statement"),
            (e: unknown) => (expect(e).to.be.instanceOf(WitnessError), (e as WitnessError).message),
          );
        const fresh = [
          await rejection(generateProof("royaltyClaim", badTag)),
          await rejection(generateProof("royaltyClaim", badNullifier)),
        ];
        expect(fresh[0]).to.match(/payee tag .* line 26\)/);
        expect(fresh[1]).to.match(/nullifier .* line 28\)/);
        for (let i = 0; i < 2; i++) {
          expect(await rejection(prover.prove("royaltyClaim", badTag))).to.equal(fresh[0]);
          expect(await rejection(prover.prove("royaltyClaim", badNullifier))).to.equal(fresh[1]);
        }
        // Several at once share the calculator: each proof is of its own input.
        const ds = [d, claimData(), claimData()];
        const rs = await Promise.all(ds.map((x) => prover.prove("royaltyClaim", royaltyClaimCircuitInput(x))));
        for (const [i, r] of rs.entries()) {
          expect(r.signals.nullifier).to.equal(ds[i]!.nullifier);
          expect(await verifyGroth16(vkey, r.proof, r.publicSignals)).to.equal(true);
        }
      } finally {
        await prover.close();
      }
    });

    it("Should compute from the wasm in memory the same witness and the same errors as snarkjs from the file", async function () {
      const file = artifactPaths("royaltyClaim").wasm;
      const mem = { type: "mem" as const, data: new Uint8Array(fs.readFileSync(file)) };
      const d = claimData();
      const good = royaltyClaimCircuitInput(d);
      const [first] = Object.keys(good);
      const outcome = (w: typeof file | typeof mem, input: Record<string, unknown>) =>
        calculateWitness(w, input as typeof good, "royaltyClaim").then(
          (r) => Buffer.from(r.data!).toString("hex"),
          (e: unknown) => `${(e as Error).constructor.name}: ${(e as Error).message}`,
        );
      for (const input of [
        good,
        royaltyClaimCircuitInput({ ...d, secret: d.secret + 1n }),
        { foo: 1 },
        Object.fromEntries(Object.entries(good).slice(1)),
        { ...good, [first!]: [1, 2] },
        good,
      ])
        expect(await outcome(mem, input)).to.equal(await outcome(file, input));
    });

    it("Should refuse a circuit it was not loaded with, and any proof once closed", async function () {
      const prover = await Prover.load({ circuits: ["royaltyClaim"] });
      await prover.prove("licensee", {}).then(
        () => expect.fail("proved a circuit that was not loaded"),
        (e: unknown) => expect((e as InvalidInputError).shortMessage).to.match(/not loaded with the licensee circuit/),
      );
      await prover.close();
      await prover.close();
      await prover.prove("royaltyClaim", royaltyClaimCircuitInput(claimData())).then(
        () => expect.fail("proved after close"),
        (e: unknown) => expect(e).to.be.instanceOf(InvalidInputError),
      );
    });

    it("Should refuse to load an artifact whose hash differs from the manifest", async function () {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-art-"));
      try {
        fs.cpSync(artifactPaths("royaltyClaim").dir, artifactPaths("royaltyClaim", tmp).dir, { recursive: true });
        fs.copyFileSync(manifestPath(), manifestPath(tmp));
        const wasm = artifactPaths("royaltyClaim", tmp).wasm;
        const bytes = fs.readFileSync(wasm);
        bytes.writeUInt8(bytes.readUInt8(200) ^ 1, 200);
        fs.writeFileSync(wasm, bytes);
        const err = await Prover.load({ buildDir: tmp, circuits: ["royaltyClaim"] }).then(
          () => expect.fail("loaded a tampered wasm"),
          (e: unknown) => e as ArtifactIntegrityError,
        );
        expect(err).to.be.instanceOf(ArtifactIntegrityError);
        expect(err.shortMessage).to.include(wasm);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });

  describe("# inputs and keys", function () {
    it("Should refuse a Merkle path deeper than the circuit and an index outside the tree", function () {
      const tree = newRegistryTree([1n, 2n, 3n, 4n, 5n]);
      expect(() => merkleWitness(tree, 1, 2)).to.throw(InvalidInputError, /exceeds the circuit's maximum depth 2/);
      expect(() => merkleWitness(tree, 5, 20)).to.throw(InvalidInputError, /not in the tree/);
    });

    it("Should draw secrets in the field and scalars below the subgroup order", function () {
      for (let i = 0; i < 50; i++) {
        const s = randomScalar();
        expect(s > 0n && s < subOrder).to.equal(true);
        expect(randomFieldElement() > 0n).to.equal(true);
      }
      const reg = generateRegulatorKey();
      expect(reg.publicKey).to.have.length(2);
    });
  });
});

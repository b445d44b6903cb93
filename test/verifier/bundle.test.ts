import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { expect } from "chai";
import { artifactPaths, loadManifest } from "../../artifacts/paths.ts";
import { createBundle, parseBundle, verifyBundle, type ProofBundle } from "../../verifier/bundle.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { identityCommitment, licenseeLeaf, licenseeNullifier } from "../../core/hashes.ts";
import type { VerificationKey } from "../../core/vkey.ts";
import { licenseeCircuitInput, royaltyClaimCircuitInput, royaltyClaimData } from "../../prover/inputs.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { merkleWitness, newRegistryTree } from "../../prover/merkle.ts";
import { generateProof } from "../../prover/prove.ts";

const vkeyOf = (id: "royaltyClaim" | "licensee") =>
  JSON.parse(fs.readFileSync(artifactPaths(id).vkey, "utf8")) as VerificationKey;
const statusOf = (r: { checks: { name: string; status: string }[] }) =>
  Object.fromEntries(r.checks.map((c) => [c.name, c.status]));

describe("proof bundles", function () {
  let claim: ProofBundle;
  let licensee: ProofBundle;
  let licenseeRoot: bigint;

  before(async function () {
    const asset = randomFieldElement() >> 3n;
    const r = await generateProof(
      "royaltyClaim",
      royaltyClaimCircuitInput(
        royaltyClaimData({
          secret: randomFieldElement(),
          blinding: randomFieldElement(),
          assetHash: asset,
          context: 9n,
        }),
      ),
    );
    claim = createBundle({
      ...r,
      vkeyHash: loadManifest().circuits.royaltyClaim!.vkeyHash,
      assetHash: asset,
      chainId: 31337n,
    });

    const e = randomFieldElement();
    const tree = newRegistryTree([randomFieldElement(), licenseeLeaf(identityCommitment(e))]);
    licenseeRoot = tree.root;
    const token = randomFieldElement() >> 3n;
    const l = await generateProof(
      "licensee",
      licenseeCircuitInput({
        tokenId: token,
        usageRights: 2n,
        context: 5n,
        nullifier: licenseeNullifier(e, token, 2n),
        secret: e,
        path: merkleWitness(tree, 1, 20),
      }),
    );
    licensee = createBundle({
      ...l,
      vkeyHash: loadManifest().circuits.licensee!.vkeyHash,
      assetHash: token,
      chainId: 31337n,
      roots: { licenseeRoot: tree.root },
    });
  });

  it("Should verify a bundle offline and report every check by name", async function () {
    const report = await verifyBundle(claim, { vkey: vkeyOf("royaltyClaim") });
    expect(report.valid).to.equal(true);
    expect(statusOf(report)).to.deep.equal({
      "verification key": "pass",
      "named signals": "pass",
      proof: "pass",
      asset: "pass",
      roots: "skipped",
    });
  });

  it("Should refuse a bundle made for another verification key before checking anything else", async function () {
    const report = await verifyBundle(claim, { vkey: vkeyOf("licensee") });
    expect(report.valid).to.equal(false);
    expect(statusOf(report)).to.deep.equal({ "verification key": "fail" });
  });

  it("Should fail the proof check when a public signal was changed after proving", async function () {
    const changed = [...claim.publicSignals];
    changed[3] = (BigInt(changed[3]!) + 1n).toString(); // context
    const tampered = { ...claim, publicSignals: changed, signals: { ...claim.signals, context: changed[3]! } };
    const report = await verifyBundle(tampered, { vkey: vkeyOf("royaltyClaim") });
    expect(report.valid).to.equal(false);
    expect(statusOf(report)).to.include({ "named signals": "pass", proof: "fail" });
  });

  it("Should fail when the named signals or the asset hash disagree with the proven signals", async function () {
    const named = await verifyBundle(
      { ...claim, signals: { ...claim.signals, nullifier: "1" } },
      { vkey: vkeyOf("royaltyClaim") },
    );
    expect(statusOf(named)).to.include({ "named signals": "fail", proof: "pass" });
    const asset = await verifyBundle({ ...claim, assetHash: "12345" }, { vkey: vkeyOf("royaltyClaim") });
    expect(statusOf(asset)).to.include({ asset: "fail", proof: "pass" });
    expect(asset.valid).to.equal(false);
  });

  it("Should check roots against a registry and refuse roots the proof is not against", async function () {
    const known = await verifyBundle(licensee, {
      vkey: vkeyOf("licensee"),
      isKnownRoot: (_n, r) => r === licenseeRoot,
    });
    expect(known.valid).to.equal(true);
    expect(statusOf(known).roots).to.equal("pass");
    const unknown = await verifyBundle(licensee, { vkey: vkeyOf("licensee"), isKnownRoot: () => false });
    expect(unknown.valid).to.equal(false);
    expect(unknown.checks.find((c) => c.name === "roots")!.reason).to.match(/unknown licenseeRoot/);
    const swapped = await verifyBundle(
      { ...licensee, roots: { licenseeRoot: "7" } },
      { vkey: vkeyOf("licensee"), isKnownRoot: () => true },
    );
    expect(statusOf(swapped).roots).to.equal("fail");
  });

  it("Should name the malformed field of a document that is not a bundle", function () {
    expect(() => parseBundle({ ...claim, proof: { ...claim.proof, pi_a: ["x"] } })).to.throw(
      InvalidInputError,
      /proof\.pi_a/,
    );
    expect(() => parseBundle({ ...claim, version: 2 })).to.throw(InvalidInputError, /version/);
    expect(() => parseBundle("nope")).to.throw(InvalidInputError);
  });

  it("Should let the snarkjs CLI verify a bundle's proof and public signals without zkprov", function () {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-bundle-"));
    try {
      fs.writeFileSync(path.join(tmp, "proof.json"), JSON.stringify(claim.proof));
      fs.writeFileSync(path.join(tmp, "public.json"), JSON.stringify(claim.publicSignals));
      const cli = path.join(path.dirname(createRequire(import.meta.url).resolve("snarkjs")), "cli.cjs");
      const res = spawnSync(
        process.execPath,
        [
          cli,
          "groth16",
          "verify",
          artifactPaths("royaltyClaim").vkey,
          path.join(tmp, "public.json"),
          path.join(tmp, "proof.json"),
        ],
        { encoding: "utf8", timeout: 120_000 },
      );
      expect(res.status).to.equal(0);
      expect(res.stdout).to.match(/OK!/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

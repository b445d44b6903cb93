import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { expect } from "chai";
import { artifactPaths, loadManifest } from "../../artifacts/paths.ts";
import { createBundle, verifyBundle, VERDICTS } from "../../verifier/bundle.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { identityCommitment, licenseeLeaf, licenseeNullifier } from "../../core/hashes.ts";
import type { VerificationKey } from "../../core/vkey.ts";
import { licenseeCircuitInput, royaltyClaimCircuitInput, royaltyClaimData } from "../../prover/inputs.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { merkleWitness, newRegistryTree } from "../../prover/merkle.ts";
import { generateProof } from "../../prover/prove.ts";
import { parseBundle, type ProofBundle } from "../../core/formats/bundle.ts";

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

  it("Should record the registry roots circuits.json names, from the public signals", function () {
    expect(licensee.roots).to.deep.equal({ licenseeRoot: licenseeRoot.toString() });
    expect(claim.roots).to.deep.equal({});
  });

  it("Should check roots against a registry, by the tree circuits.json gives them", async function () {
    const asked: string[] = [];
    const known = await verifyBundle(licensee, {
      vkey: vkeyOf("licensee"),
      isKnownRoot: (tree, r) => (asked.push(tree), r === licenseeRoot),
    });
    expect(asked).to.deep.equal(["licensee"]);
    expect(known.valid).to.equal(true);
    expect(known.verdict).to.equal("valid");
    expect(statusOf(known).roots).to.equal("pass");
    const unknown = await verifyBundle(licensee, { vkey: vkeyOf("licensee"), isKnownRoot: () => false });
    expect(unknown.valid).to.equal(false);
    expect(unknown.verdict).to.equal("invalid");
    expect(unknown.checks.find((c) => c.name === "roots")!.reason).to.match(/unknown licenseeRoot/);
  });

  // Issue 14: a bundle with its roots emptied verified as "valid" (the roots were read from the bundle).
  it("Should refuse a bundle whose roots omit, alter or add a root, by name", async function () {
    const reason = async (roots: Record<string, string>) => {
      const r = await verifyBundle({ ...licensee, roots }, { vkey: vkeyOf("licensee"), isKnownRoot: () => true });
      expect(r.verdict).to.equal("invalid");
      return r.checks.find((c) => c.name === "roots")!;
    };
    expect(await reason({})).to.include({
      status: "fail",
      reason: "the bundle's roots omit licenseeRoot (the licensee registry root)",
    });
    expect((await reason({ licenseeRoot: "7" })).reason).to.equal(
      "the bundle's licenseeRoot is not the licensee registry root the proof is against",
    );
    expect((await reason({ licenseeRoot: licenseeRoot.toString(), modelRoot: "7" })).reason).to.equal(
      "the bundle's roots name modelRoot, which is not a registry root of the licensee circuit",
    );
    const claimWithRoot = await verifyBundle(
      { ...claim, roots: { licenseeRoot: "7" } },
      { vkey: vkeyOf("royaltyClaim") },
    );
    expect(claimWithRoot.verdict).to.equal("invalid");
  });

  // Issue 14: with no registry data at all, the CLI printed "valid".
  it("Should say the registry membership was not checked without a registry, never valid", async function () {
    const r = await verifyBundle(licensee, { vkey: vkeyOf("licensee") });
    expect(r.valid).to.equal(false);
    expect(r.verdict).to.equal("unchecked");
    expect(VERDICTS[r.verdict]).to.equal("proof verifies; registry membership not checked");
    expect(r.checks.find((c) => c.name === "roots")).to.include({ status: "skipped" });
    // A circuit that proves against no registry is valid without one.
    const c = await verifyBundle(claim, { vkey: vkeyOf("royaltyClaim") });
    expect(c.verdict).to.equal("valid");
    expect(c.checks.find((x) => x.name === "roots")!.reason).to.match(/^does not apply/);
  });

  it("Should pass no check drawn from the public signals when the proof does not verify", async function () {
    const forged = { ...licensee, proof: { ...licensee.proof, pi_a: [...licensee.proof.pi_a] } };
    forged.proof.pi_a[0] = (BigInt(forged.proof.pi_a[0]!) + 1n).toString();
    const r = await verifyBundle(forged, { vkey: vkeyOf("licensee"), isKnownRoot: () => true });
    expect(statusOf(r)).to.deep.equal({
      "verification key": "pass",
      "named signals": "pass",
      proof: "fail",
      asset: "skipped",
      roots: "skipped",
    });
    for (const c of r.checks.filter((x) => x.status === "skipped"))
      expect(c.reason).to.match(/^not checked: the proof/);
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

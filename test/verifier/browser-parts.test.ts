// The verifier parts the verification page runs in a browser: SHA-256 without node:crypto (same hashes as
// before), registry snapshots, the regulator key file, and the proof-time and rights checks.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT, artifactPaths, loadManifest } from "../../artifacts/paths.ts";
import { assetHashOf } from "../../core/asset.ts";
import { encodePublicSignals, type ProvenancePublicSignals } from "../../core/codecs.ts";
import { RIGHTS, tagValue } from "../../core/domain.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { hashNode } from "../../core/hashes.ts";
import { parseRegulatorKey } from "../../verifier/regulator-key.ts";
import { sha256Hex } from "../../core/sha256.ts";
import { checkAttestationAge, checkProofTime, checkRights, rightNames } from "../../verifier/statement.ts";
import type { GateSettings } from "../../verifier/chain.ts";
import { vkeyHash, type VerificationKey } from "../../core/vkey.ts";
import { generateRegulatorKey } from "../../prover/keys.ts";
import { type ProofBundle } from "../../core/formats/bundle.ts";
import { parseSnapshot } from "../../core/formats/snapshot.ts";
import { QuinaryTree } from "../../core/registry-trees.ts";

const T = 1_790_000_000n;

function provenance(over: Partial<ProvenancePublicSignals> = {}): ProofBundle {
  const s: ProvenancePublicSignals = {
    grantedRights: 7n,
    creatorTag: 1n,
    licensorTag: 2n,
    licensorBps: 1500n,
    auditEphemeral: [3n, 4n],
    auditCipher: [5n, 6n, 7n, 14n, 15n],
    assetHash: 8n,
    modelRoot: 9n,
    licenseRoot: 10n,
    requiredRights: 1n,
    now: T,
    maxAttestationAge: 604_800n,
    context: 11n,
    regulatorKey: [12n, 13n],
    ...over,
  };
  return { circuit: "provenance", publicSignals: encodePublicSignals("provenance", s) } as ProofBundle;
}

describe("verifier parts for the browser", function () {
  it("Should hash exactly as node:crypto did (asset hash, verification-key hash, tags)", function () {
    const bytes = new TextEncoder().encode("an asset");
    expect(sha256Hex(bytes)).to.equal(createHash("sha256").update(bytes).digest("hex"));
    expect(sha256Hex("é")).to.equal(createHash("sha256").update("é").digest("hex"));
    expect(assetHashOf(bytes)).to.equal(BigInt("0x" + createHash("sha256").update(bytes).digest("hex")) >> 3n);
    // The verification-key hash against an independent computation: SHA-256 (node:crypto) of the key the
    // snarkjs CLI itself exports from the zkey, serialised with its keys sorted by JSON.stringify's replacer
    // (not core/vkey.ts's canonical()), and the manifest and the pinned key file agree with it.
    const manifest = loadManifest();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-vkey-"));
    try {
      for (const id of ["provenance", "royaltyClaim", "licensee"] as const) {
        const file = path.join(out, `${id}.json`);
        const cli = spawnSync(
          path.join(REPO_ROOT, "node_modules/.bin/snarkjs"),
          ["zkey", "export", "verificationkey", artifactPaths(id).zkey, file],
          { encoding: "utf8" },
        );
        expect(cli.status, cli.stderr + cli.stdout).to.equal(0);
        const exported = JSON.parse(fs.readFileSync(file, "utf8")) as VerificationKey;
        const sorted = JSON.stringify(exported, (_key, value: unknown) =>
          value && typeof value === "object" && !Array.isArray(value)
            ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
            : value,
        );
        const expected = "0x" + createHash("sha256").update(sorted).digest("hex");
        expect(vkeyHash(exported), id).to.equal(expected);
        expect(manifest.circuits[id]!.vkeyHash, `${id}: the manifest's hash`).to.equal(expected);
        const pinned = JSON.parse(fs.readFileSync(artifactPaths(id).vkey, "utf8")) as VerificationKey;
        expect(vkeyHash(pinned), `${id}: the pinned verification_key.json`).to.equal(expected);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    expect(tagValue("zkprov/v1/id")).to.equal(0x7a6b70726f762f76312f6964n);
  });

  it("Should check the proof time against its use, or refuse one in the future", function () {
    const b = provenance();
    expect(checkProofTime(b, { now: T + 10n ** 6n, usedAt: T + 600n, window: 600n }).status).to.equal("pass");
    const late = checkProofTime(b, { now: T, usedAt: T + 601n, window: 600n });
    expect(late.status).to.equal("fail");
    expect(late.reason).to.include("601 s from when it was used").and.include("only 600 s are allowed");
    expect(checkProofTime(b, { now: T - 3601n, window: 3600n }).status).to.equal("fail");
    expect(checkProofTime(b, { now: T - 3600n, window: 3600n }).status).to.equal("pass");
    expect(checkProofTime({ circuit: "royaltyClaim" } as ProofBundle, { now: T, window: 0n }).status).to.equal(
      "skipped",
    );
  });

  // Issue 14: judged by the mint gate the bundle was made for (read from the chain), not by a fixed window.
  it("Should judge the proof time by the gate's own window at its mint, or now when not minted, and never mint a bundle whose asset another proof minted", function () {
    const b = provenance();
    const gate: GateSettings = {
      address: "0x" + "11".repeat(20),
      nowWindow: 600n,
      maxAttestationAge: 604_800n,
      block: 42,
      time: T + 600n,
      used: true,
    };
    // The page's own window (3600 s) no longer applies: the gate's 600 s does.
    expect(checkProofTime(b, { now: T + 10n ** 6n, window: 3600n, gate }).status).to.equal("pass");
    const late = checkProofTime(b, { now: T, window: 3600n, gate: { ...gate, time: T + 601n } });
    expect(late.status).to.equal("fail");
    expect(late.reason).to.include("601 s from its mint (block 42").and.include("allows 600 s");
    // Not minted: judged at now (an idle chain's last block may be old), as the gate would at the next block.
    const idle = { ...gate, used: false, time: T - 10_000n };
    expect(checkProofTime(b, { now: T + 600n, window: 3600n, gate: idle }).status).to.equal("pass");
    expect(checkProofTime(b, { now: T + 601n, window: 3600n, gate: idle }).reason).to.include("not minted yet");
    expect(checkProofTime(b, { now: T + 601n, window: 3600n, gate: idle }).status).to.equal("fail");
    const taken = checkProofTime(b, { now: T, window: 3600n, gate: { ...gate, used: false, mintedByAnother: 7 } });
    expect(taken.status).to.equal("fail");
    expect(taken.reason).to.include("minted at block 7 by another proof");
  });

  it("Should require the gate's maxAttestationAge on chain, and offline a bound some gate may set", function () {
    const gate: GateSettings = {
      address: "0x" + "11".repeat(20),
      nowWindow: 600n,
      maxAttestationAge: 604_800n,
      block: 42,
      time: T,
      used: true,
    };
    expect(checkAttestationAge(provenance(), gate).status).to.equal("pass");
    const shorter = checkAttestationAge(provenance({ maxAttestationAge: 3_600n }), gate);
    expect(shorter.status).to.equal("fail");
    expect(shorter.reason).to.include("by 3600 s").and.include("requires 7 days at its mint (block 42)");
    expect(checkAttestationAge(provenance({ maxAttestationAge: 3_600n })).status).to.equal("pass");
    expect(checkAttestationAge(provenance()).reason).to.include("not compared with a gate's setting");
    for (const age of [0n, 365n * 86_400n + 1n, 2n ** 64n - 1n])
      expect(checkAttestationAge(provenance({ maxAttestationAge: age })).status, String(age)).to.equal("fail");
    expect(checkAttestationAge(provenance({ maxAttestationAge: 365n * 86_400n })).status).to.equal("pass");
    expect(checkAttestationAge({ circuit: "licensee" } as ProofBundle).status).to.equal("skipped");
  });

  it("Should check that the granted rights cover the required ones, which include PUBLISH", function () {
    expect(checkRights(provenance()).reason).to.equal("grants PUBLISH, COMMERCIAL, DERIVATIVES; requires PUBLISH");
    expect(checkRights(provenance({ grantedRights: 6n, requiredRights: 1n })).status).to.equal("fail");
    expect(checkRights(provenance({ requiredRights: 2n })).reason).to.include("publishing (PUBLISH) is not required");
    expect(rightNames(BigInt(RIGHTS.AI_TRAINING) | (1n << 9n))).to.deep.equal(["AI_TRAINING", "bit 9"]);
  });

  it("Should read a registry snapshot with names, and refuse one whose leaves do not give its root", function () {
    const leaves = [1n, 2n, 3n];
    const root = hashNode(hashNode(1n, 2n), 3n);
    const doc = {
      format: "zkprov-registry-snapshot",
      version: 2,
      tree: "model",
      kind: "lean",
      arity: 2,
      depth: 10,
      root: root.toString(),
      leaves: leaves.map(String),
      names: { "0x2a": "aurora" },
    };
    const s = parseSnapshot(doc, "models.json");
    expect(s.root).to.equal(root);
    expect(s.names.get(42n)).to.equal("aurora");
    expect(() => parseSnapshot({ ...doc, root: "5" }, "models.json")).to.throw(
      InvalidInputError,
      "models.json: the leaves do not give the recorded root",
    );
    expect(() => parseSnapshot({ ...doc, tree: "people" }, "x.json")).to.throw(
      "x.json is not a valid registry snapshot",
    );
  });

  it("Should refuse a version 1 snapshot (binary license tree) naming the file, and a snapshot of another tree shape", function () {
    const v1 = { format: "zkprov-registry-snapshot", version: 1, tree: "license", root: "1", leaves: ["1"] };
    expect(() => parseSnapshot(v1, "licenses.json")).to.throw(
      InvalidInputError,
      /^licenses\.json: a version 1 registry snapshot .*export it again \(zkprov registry snapshot\)$/,
    );
    const leaves = [7n, 8n];
    const tree = new QuinaryTree(leaves);
    const v2 = {
      format: "zkprov-registry-snapshot",
      version: 2,
      tree: "license",
      kind: "quinary",
      arity: 5,
      depth: 9,
      root: tree.root.toString(),
      leaves: leaves.map(String),
    };
    expect(parseSnapshot(v2, "licenses.json").imt.root).to.equal(tree.root);
    expect(() => parseSnapshot({ ...v2, kind: "lean", arity: 2, depth: 20 }, "licenses.json")).to.throw(
      InvalidInputError,
      "licenses.json: a lean tree of arity 2 and depth 20, but the license tree is quinary of arity 5 and depth 9 (circuits.json): export it again",
    );
  });

  it("Should refuse a model snapshot with more leaves than the circuit's model tree depth holds (2^10)", function () {
    const leaves = Array.from({ length: 1025 }, (_, i) => String(i + 1));
    const doc = {
      format: "zkprov-registry-snapshot",
      version: 2,
      tree: "model",
      kind: "lean",
      arity: 2,
      depth: 10,
      root: "1",
      leaves,
    };
    expect(() => parseSnapshot(doc, "models.json")).to.throw(
      InvalidInputError,
      "models.json: 1025 leaves in the model tree, past the 1024 the circuits can prove (circuits.json)",
    );
  });

  it("Should read a regulator key file and refuse another kind or a foreign public key", function () {
    const k = generateRegulatorKey();
    const doc = {
      format: "zkprov-key",
      version: 1,
      kind: "regulator",
      secret: k.secret.toString(),
      publicKey: k.publicKey.map(String),
    };
    expect(parseRegulatorKey(doc, "r.json")).to.deep.equal(k);
    expect(() => parseRegulatorKey({ ...doc, kind: "creator" }, "c.json")).to.throw(
      "c.json is a creator key, the regulator key is needed",
    );
    const other = generateRegulatorKey();
    expect(() => parseRegulatorKey({ ...doc, publicKey: other.publicKey.map(String) }, "r.json")).to.throw(
      "r.json: the public key does not belong to the secret",
    );
  });
});

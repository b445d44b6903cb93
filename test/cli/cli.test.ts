// The zkprov binary end to end, in child processes in a temporary folder: key files, attest, prove
// provenance (one proof), verify, audit decrypt, and the bad inputs each failing with one clear line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT, defaultBuildDir, manifestPath } from "../../artifacts/paths.ts";
import { licenseLeaf, modelLeaf, OPEN_UNTIL, type LicenseEntry, type ModelEntry } from "../../core/hashes.ts";
import { snapshotJson } from "../../prover/files.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { newLicenseTree, newRegistryTree } from "../../prover/merkle.ts";
import { licenseJson } from "../../core/formats/license.ts";

const BIN = path.join(REPO_ROOT, "bin/zkprov");
const NOW = 1_790_000_000n;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function zkprov(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(BIN, args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Run): Run {
  expect(r.status, r.stderr).to.equal(0);
  return r;
}

/** Exit code != 0, one line on stderr matching `pattern`, no stack trace. */
function fails(r: Run, pattern: RegExp): void {
  expect(r.status).to.not.equal(0);
  expect(r.stderr).to.match(pattern);
  // Progress lines may precede the error; the error itself is one line.
  const lines = r.stderr
    .trim()
    .split("\n")
    .filter((l) => !l.startsWith("proving "));
  expect(lines).to.have.length(1);
  expect(lines[0]).to.match(/^zkprov: error: /);
  expect(r.stderr).to.not.match(/\n\s+at /);
}

describe("zkprov CLI", function () {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const key = (name: string) => JSON.parse(fs.readFileSync(file(name), "utf8")) as Record<string, unknown>;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-cli-"));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("# keys", function () {
    it("Should write each kind of key 0600 and print only its public part", function () {
      for (const kind of ["model", "regulator", "creator", "licensor"]) {
        const r = ok(zkprov(dir, ["--json", "keys", "new", kind, "--out", `${kind}.key.json`]));
        expect(fs.statSync(file(`${kind}.key.json`)).mode & 0o777).to.equal(0o600);
        const k = key(`${kind}.key.json`);
        expect(k.kind).to.equal(kind);
        const secret = String(k.privateKey ?? k.secret);
        expect(r.stdout + r.stderr).to.not.include(secret);
        const printed = JSON.parse(r.stdout) as Record<string, unknown>;
        expect(printed.kind).to.equal(kind);
        expect(Object.keys(printed)).to.have.members([
          "file",
          "kind",
          kind === "model" || kind === "regulator" ? "publicKey" : "commitment",
        ]);
      }
      const shown = ok(zkprov(dir, ["--json", "keys", "show", "creator.key.json"]));
      expect(JSON.parse(shown.stdout).commitment).to.equal(key("creator.key.json").commitment);
      expect(shown.stdout).to.not.include(String(key("creator.key.json").secret));
    });

    it("Should not overwrite a key file without --force", function () {
      const before = fs.readFileSync(file("creator.key.json"), "utf8");
      fails(
        zkprov(dir, ["keys", "new", "creator", "--out", "creator.key.json"]),
        /creator\.key\.json already exists.*--force/,
      );
      expect(fs.readFileSync(file("creator.key.json"), "utf8")).to.equal(before);
      ok(zkprov(dir, ["keys", "new", "licensee", "--out", "spare.key.json"]));
      ok(zkprov(dir, ["keys", "new", "licensee", "--out", "spare.key.json", "--force"]));
    });

    it("Should refuse a missing or corrupt key file, naming it", function () {
      fails(zkprov(dir, ["keys", "show", "nope.json"]), /nope\.json: no such file/);
      fs.writeFileSync(file("broken.key.json"), fs.readFileSync(file("model.key.json"), "utf8").slice(0, 80), {
        mode: 0o600,
      });
      fails(zkprov(dir, ["keys", "show", "broken.key.json"]), /broken\.key\.json is not valid JSON/);
    });
  });

  describe("# attest, prove provenance, verify, audit decrypt", function () {
    let license: LicenseEntry;
    let modelHash: bigint;
    /** The model entry's leaf, which the audit record names. */
    let entryLeaf: bigint;

    before(function () {
      modelHash = randomFieldElement();
      license = {
        datasetHash: randomFieldElement(),
        modelHash,
        rights: 7n,
        start: NOW - 30n * 86_400n,
        expiry: NOW + 86_400n,
        royaltyBps: 1_500n,
        licensorCommit: BigInt(key("licensor.key.json").commitment as string),
        salt: randomFieldElement(),
      };
      fs.writeFileSync(file("license.json"), JSON.stringify(licenseJson(license)));
      fs.writeFileSync(file("art.png"), "a generated picture");
      fs.writeFileSync(file("other.png"), "another picture");
      const pub = (key("model.key.json").publicKey as string[]).map(BigInt) as [bigint, bigint];
      // The model entry as the registry describes it (registered 30 days before NOW, not retired): the snapshot
      // carries it, so the prover can rebuild the leaf with its validity interval.
      const entry: ModelEntry = {
        publicKey: pub,
        modelHash,
        rights: 7n,
        validFrom: NOW - 30n * 86_400n,
        validUntil: OPEN_UNTIL,
      };
      entryLeaf = modelLeaf(entry);
      const models = newRegistryTree([randomFieldElement(), entryLeaf]);
      const licenses = newLicenseTree([randomFieldElement(), randomFieldElement(), licenseLeaf(license)]);
      fs.writeFileSync(file("models.json"), snapshotJson("model", models, undefined, [entry]));
      fs.writeFileSync(file("licenses.json"), snapshotJson("license", licenses));
    });

    const proveArgs = (asset: string, out: string) => [
      "prove",
      "provenance",
      "--attestation",
      "att.json",
      "--creator-key",
      "creator.key.json",
      "--asset",
      asset,
      "--model-tree",
      "models.json",
      "--license-tree",
      "licenses.json",
      "--regulator-key-pub",
      (key("regulator.key.json").publicKey as string[]).join(","),
      "--context",
      "12345",
      "--now",
      NOW.toString(),
      "--out",
      out,
    ];

    it("Should attest, prove, verify and decrypt the audit record", function () {
      const attest = ok(
        zkprov(dir, [
          "--json",
          "attest",
          "--model-key",
          "model.key.json",
          "--asset",
          "art.png",
          "--model-hash",
          modelHash.toString(),
          "--license",
          "license.json",
          "--creator-commit",
          key("creator.key.json").commitment as string,
          "--generated-at",
          (NOW - 60n).toString(),
          "--out",
          "att.json",
        ]),
      );
      expect(JSON.parse(attest.stdout).file).to.equal("att.json");

      const proved = ok(zkprov(dir, proveArgs("art.png", "bundle.json")));
      expect(proved.stderr).to.match(/proving provenance \[#+\] 100% done/);
      for (const f of ["bundle.json", "proof.json", "public.json"]) expect(fs.existsSync(file(f)), f).to.equal(true);
      expect(fs.statSync(file("bundle.blinding.json")).mode & 0o777).to.equal(0o600);

      const vkey = path.join(defaultBuildDir(), "provenance/verification_key.json");
      const verified = ok(
        zkprov(dir, ["verify", "bundle.json", "--vkey", vkey, "--snapshot", "models.json", "licenses.json"]),
      );
      for (const check of ["verification key", "named signals", "proof", "asset", "roots"])
        expect(verified.stdout).to.match(new RegExp(`^pass +${check}:`, "m"));
      // Issue 14: without registry data the verdict is not "valid", and the command fails unless asked not to.
      const noSnap = zkprov(dir, ["--json", "verify", "bundle.json", "--vkey", vkey]);
      expect(noSnap.status).to.equal(1);
      const noSnapReport = JSON.parse(noSnap.stdout);
      expect(noSnapReport.valid).to.equal(false);
      expect(noSnapReport.verdictText).to.equal("proof verifies; registry membership not checked");
      expect(noSnapReport.checks.find((c: { name: string }) => c.name === "roots").reason).to.match(/^not checked/);
      expect(noSnap.stderr).to.match(/registry membership not checked: give the registry snapshots \(--snapshot\)/);
      const proofOnly = ok(zkprov(dir, ["verify", "bundle.json", "--vkey", vkey, "--no-registry"]));
      expect(proofOnly.stdout).to.match(/^proof verifies; registry membership not checked \(provenance proof\)$/m);
      expect(proofOnly.stdout).not.to.match(/^valid/m);

      // A bundle whose roots omit or alter a root the circuit proves against is refused by name, snapshots given.
      const bundleJson = JSON.parse(fs.readFileSync(file("bundle.json"), "utf8"));
      const snaps = ["--snapshot", "models.json", "licenses.json"];
      fs.writeFileSync(file("emptied.json"), JSON.stringify({ ...bundleJson, roots: {} }));
      fails(
        zkprov(dir, ["verify", "emptied.json", "--vkey", vkey, ...snaps]),
        /emptied\.json is not a valid proof bundle/,
      );
      const emptied = zkprov(dir, ["verify", "emptied.json", "--vkey", vkey, ...snaps]);
      expect(emptied.stdout).to.match(/^fail +roots: the bundle's roots omit modelRoot \(the model registry root\)/m);
      const altered = { ...bundleJson, roots: { ...bundleJson.roots, licenseRoot: bundleJson.roots.modelRoot } };
      fs.writeFileSync(file("altered.json"), JSON.stringify(altered));
      const alteredRun = zkprov(dir, ["verify", "altered.json", "--vkey", vkey, ...snaps]);
      expect(alteredRun.status).to.equal(1);
      expect(alteredRun.stdout).to.match(
        /the bundle's licenseRoot is not the license registry root the proof is against/,
      );
      expect(zkprov(dir, ["verify", "altered.json", "--vkey", vkey, "--no-registry"]).status).to.equal(1);

      const audit = JSON.parse(
        ok(zkprov(dir, ["--json", "audit", "decrypt", "bundle.json", "--regulator-key", "regulator.key.json"])).stdout,
      );
      const hex = (v: bigint) => "0x" + v.toString(16).padStart(64, "0");
      expect(audit).to.deep.equal({
        modelHash: hex(modelHash),
        datasetHash: hex(license.datasetHash),
        creatorCommit: hex(BigInt(key("creator.key.json").commitment as string)),
        modelLeaf: hex(entryLeaf),
        licenseLeaf: hex(licenseLeaf(license)),
      });
    });

    it("Should refuse to overwrite an existing bundle before proving", function () {
      const before = fs.readFileSync(file("bundle.json"), "utf8");
      fails(zkprov(dir, proveArgs("art.png", "bundle.json")), /bundle\.json already exists: pass --force/);
      expect(fs.readFileSync(file("bundle.json"), "utf8")).to.equal(before);
    });

    it("Should refuse an asset that is not the attested one, naming both files, and write nothing", function () {
      fs.mkdirSync(file("other"));
      fails(zkprov(dir, proveArgs("other.png", "other/bundle.json")), /asset other\.png .*attested in att\.json/);
      expect(fs.readdirSync(file("other"))).to.deep.equal([]);
    });

    it("Should refuse an artifact whose hash differs from the manifest and write nothing", function () {
      const build = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-build-"));
      fs.mkdirSync(file("bad"));
      try {
        fs.copyFileSync(manifestPath(), path.join(build, "manifest.json"));
        fs.mkdirSync(path.join(build, "provenance/main_js"), { recursive: true });
        fs.writeFileSync(path.join(build, "provenance/main_js/main.wasm"), "not the circuit");
        fails(
          zkprov(dir, proveArgs("art.png", "bad/bundle.json"), { ZKPROV_BUILD_DIR: build }),
          /artifact .*main\.wasm does not match the manifest/,
        );
        expect(fs.readdirSync(file("bad"))).to.deep.equal([]);
      } finally {
        fs.rmSync(build, { recursive: true, force: true });
      }
    });

    it("Should report a tampered bundle as invalid and a malformed one as an error", function () {
      const vkey = path.join(defaultBuildDir(), "provenance/verification_key.json");
      const bundle = JSON.parse(fs.readFileSync(file("bundle.json"), "utf8"));
      bundle.proof.pi_a[0] = (BigInt(bundle.proof.pi_a[0]) + 1n).toString();
      fs.writeFileSync(file("tampered.json"), JSON.stringify(bundle));
      const r = zkprov(dir, ["verify", "tampered.json", "--vkey", vkey]);
      expect(r.status).to.equal(1);
      expect(r.stdout).to.match(/^fail +proof:/m);
      // Values no valid proof stands behind pass nothing.
      expect(r.stdout).to.match(/^skipped +asset: not checked: the proof does not verify/m);
      expect(r.stdout).to.match(/^skipped +roots: not checked: the proof does not verify/m);
      expect(r.stderr).to.match(/tampered\.json is not a valid proof bundle/);
      bundle.assetHash = "not a number";
      fs.writeFileSync(file("malformed.json"), JSON.stringify(bundle));
      fails(zkprov(dir, ["verify", "malformed.json", "--vkey", vkey]), /malformed\.json: not a zkprov-proof-bundle/);
    });

    it("Should prove a creator's royalty claim and refuse a licensor whose license does not give its tag", function () {
      const claim = JSON.parse(
        ok(
          zkprov(dir, [
            "--json",
            "prove",
            "royalty-claim",
            "--key",
            "creator.key.json",
            "--provenance",
            "bundle.json",
            "--blinding",
            "bundle.blinding.json",
            "--context",
            "777",
            "--out",
            "claim.json",
          ]),
        ).stdout,
      );
      expect(claim.bundle).to.equal("claim.json");
      const vkey = path.join(defaultBuildDir(), "royaltyClaim/verification_key.json");
      expect(ok(zkprov(dir, ["verify", "claim.json", "--vkey", vkey])).stdout).to.match(/^valid royaltyClaim proof$/m);
      fails(
        zkprov(dir, [
          "prove",
          "royalty-claim",
          "--key",
          "licensor.key.json",
          "--provenance",
          "bundle.json",
          "--license",
          "other-license.json",
          "--context",
          "777",
          "--out",
          "bad-claim.json",
        ]),
        /other-license\.json: no such file/,
      );
      fs.writeFileSync(file("other-license.json"), JSON.stringify(licenseJson({ ...license, salt: 1n })));
      fails(
        zkprov(dir, [
          "prove",
          "royalty-claim",
          "--key",
          "licensor.key.json",
          "--provenance",
          "bundle.json",
          "--license",
          "other-license.json",
          "--context",
          "777",
          "--out",
          "bad-claim.json",
        ]),
        /licensor\.key\.json with other-license\.json does not give the licensor tag of bundle\.json/,
      );
      expect(fs.existsSync(file("bad-claim.json"))).to.equal(false);
    });

    it("Should refuse to decrypt with another regulator's key", function () {
      ok(zkprov(dir, ["keys", "new", "regulator", "--out", "other-regulator.key.json"]));
      fails(
        zkprov(dir, ["audit", "decrypt", "bundle.json", "--regulator-key", "other-regulator.key.json"]),
        /another regulator key than other-regulator\.key\.json/,
      );
    });
  });
});

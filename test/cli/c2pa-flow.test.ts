// Content Credentials through the real zkprov binary on a real local chain: the creator embeds its provenance
// proof into the image, the regulator verifies the image alone (no bundle file) against the registry snapshots
// and decrypts its audit record, and the marketplace mints from the image's embedded proof.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { assetContentBytes } from "../../verifier/c2pa/content.ts";
import { generatedPng } from "../../fixtures/asset.ts";
import { freePort } from "../helpers/net.ts";

const BIN = path.join(REPO_ROOT, "bin/zkprov");
const CURATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const LICENSOR = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const VKEY = path.join(REPO_ROOT, "circuits/build/provenance/verification_key.json");

describe("zkprov CLI: Content Credentials on a local chain", function () {
  let dir: string;
  let projectDir: string;
  const file = (name: string) => path.join(dir, name);
  const proj = (name: string) => path.join(projectDir, name);
  const zkprov = (args: string[]) => {
    const r = spawnSync(BIN, args, {
      cwd: dir,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, ZKPROV_PROJECT: projectDir },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (args: string[]): Record<string, unknown> => {
    const r = zkprov(["--json", ...args]);
    expect(r.status, `zkprov ${args.join(" ")}: ${r.stderr}`).to.equal(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };
  let owner: string;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-c2pa-"));
    projectDir = path.join(dir, "project");
    ok(["chain", "start", "--port", String(await freePort())]);
    ok(["keys", "new", "regulator", "--out", proj("keys/regulator.key.json")]);
    ok(["deploy", "--regulator-key", proj("keys/regulator.key.json")]);
    ok(["registry", "grant-role", "curator", "--to", CURATOR]);
    ok(["registry", "grant-role", "licensor", "--to", LICENSOR]);
    ok(["keys", "new", "model", "--out", "model.key.json"]);
    fs.writeFileSync(file("model-card.txt"), "model card\nname: aurora-diffusion-mini\n");
    const m = ok(
      "--account 1 registry add-model --model-key model.key.json --model-file model-card.txt --rights 15 --name aurora-diffusion-mini".split(
        " ",
      ),
    );
    ok(["keys", "new", "licensor", "--out", "licensor.key.json"]);
    fs.writeFileSync(file("dataset.txt"), "dataset manifest\nname: open-landscapes-2025\n");
    ok(
      `--account 2 registry add-license --licensor-key licensor.key.json --dataset-file dataset.txt --model-hash ${String(m.modelHash)} --rights 7 --royalty-bps 1500 --name open-landscapes-2025 --out license.json`.split(
        " ",
      ),
    );
    ok(["registry", "snapshot"]);
    ok(["keys", "new", "creator", "--out", "creator.key.json"]);
    const creator = String(ok(["keys", "show", "creator.key.json"]).commitment);
    fs.writeFileSync(file("asset.png"), generatedPng(21));
    ok(
      `attest --model-key model.key.json --asset asset.png --model-hash ${String(m.modelHash)} --model-rights 15 --license license.json --creator-commit ${creator} --out attestation.json`.split(
        " ",
      ),
    );
    ok(["keys", "new", "account", "--out", "owner.key.json"]);
    owner = String(ok(["keys", "show", "owner.key.json"]).address);
    fs.mkdirSync(file("mint"));
    ok(
      `prove provenance --attestation attestation.json --creator-key creator.key.json --asset asset.png --to ${owner} --out mint/bundle.json`.split(
        " ",
      ),
    );
  });

  after(function () {
    const r = zkprov(["chain", "stop"]);
    if (r.status !== 0) {
      try {
        const pid = (
          JSON.parse(fs.readFileSync(proj("project.json"), "utf8")) as { chain?: { node?: { pid: number } } }
        ).chain?.node?.pid;
        if (pid) process.kill(-pid, "SIGKILL");
      } catch {
        /* no project or no node recorded: nothing to kill */
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("Should embed the proof with an ephemeral signer and say plainly that it reveals nobody", function () {
    const e = ok(["c2pa", "embed", "asset.png", "--bundle", "mint/bundle.json", "--out", "mint/asset.c2pa.png"]);
    expect(e).to.include({ mediaType: "image/png", signerKind: "ephemeral" });
    expect(String(e.notice)).to.match(/ephemeral per-asset certificate that names nobody/);
    expect(e.manifestStoreBytes).to.be.a("number");
    // Without --json the note goes to stderr; an existing output is refused without --force.
    const again = zkprov([
      "c2pa",
      "embed",
      "asset.png",
      "--bundle",
      "mint/bundle.json",
      "--out",
      "mint/asset.c2pa.png",
    ]);
    expect(again.status).to.not.equal(0);
    expect(again.stderr).to.match(/already exists: pass --force/);
  });

  it("Should verify the image alone against the registry snapshots, each check by name, and decrypt its audit", function () {
    const v = ok([
      "verify",
      "mint/asset.c2pa.png",
      "--vkey",
      VKEY,
      "--snapshot",
      proj("registry/model.json"),
      proj("registry/license.json"),
      "--regulator-key",
      proj("keys/regulator.key.json"),
    ]) as {
      valid: boolean;
      checks: { name: string; status: string }[];
      signer: { ephemeral: boolean };
      audit: Record<string, string>;
    };
    expect(v.valid).to.equal(true);
    expect(v.checks.filter((c) => c.status !== "pass")).to.deep.equal([]);
    expect(v.checks.map((c) => c.name)).to.include.members([
      "hard binding",
      "zkprov assertion",
      "proof",
      "roots",
      "asset binding",
    ]);
    expect(v.signer.ephemeral).to.equal(true);
    expect(v.audit.modelName).to.equal("aurora-diffusion-mini");
    expect(v.audit.datasetName).to.equal("open-landscapes-2025");
  });

  it("Should refuse a changed image by its hard binding, exit 1 with one error line", function () {
    const b = fs.readFileSync(file("mint/asset.c2pa.png"));
    b[b.length - 20]! ^= 0x01; // inside IDAT
    fs.writeFileSync(file("tampered.png"), b);
    const r = zkprov(["verify", "tampered.png", "--vkey", VKEY]);
    expect(r.status).to.equal(1);
    expect(r.stdout).to.match(/^fail {4}hard binding: c2pa\.hash\.data does not match/m);
    expect(r.stderr.trim()).to.equal(
      "zkprov: error: tampered.png does not carry a valid provenance proof (see the failed checks)",
    );
  });

  it("Should mint from the image's embedded proof, and refuse an image whose credentials were stripped", function () {
    const bundle = JSON.parse(fs.readFileSync(file("mint/bundle.json"), "utf8")) as { assetHash: string };
    fs.writeFileSync(file("stripped.png"), assetContentBytes(fs.readFileSync(file("mint/asset.c2pa.png"))));
    const s = zkprov(["--account", "5", "mint", "stripped.png", "--to", owner]);
    expect(s.status).to.not.equal(0);
    expect(s.stderr.trim()).to.match(/^zkprov: error: stripped\.png: content credentials: .* carries no C2PA manifest/);
    const minted = ok(["--account", "5", "mint", "mint/asset.c2pa.png", "--to", owner]);
    expect(minted.tokenId).to.equal(bundle.assetHash);
    expect(minted.owner).to.equal(owner);
    expect(minted.manifestStoreHash).to.match(/^[0-9a-f]{64}$/);
    expect(minted.asset).to.equal("mint/asset.c2pa.png");
  });
});

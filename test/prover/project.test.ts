// The project folder the CLI keeps between commands: created with its folders, validated on every read,
// and the chain it names chosen in the documented order. Offline (no chain).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { InvalidInputError } from "../../core/errors.ts";
import { nameAuditRecord } from "../../verifier/audit.ts";
import { chainRpc } from "../../prover/chain/connect.ts";
import { openProject, projectDir, requireDeployment, saveProject } from "../../prover/chain/project.ts";

describe("project folder", function () {
  let dir: string;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-project-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("Should create project.json, keys/ (0700), registry/ and bundles/, and read them back", function () {
    const p = openProject(path.join(dir, "p"), { create: true });
    expect(fs.statSync(p.keysDir).mode & 0o777).to.equal(0o700);
    for (const d of [p.registryDir, p.bundlesDir]) expect(fs.statSync(d).isDirectory()).to.equal(true);
    p.data.names.models["42"] = "aurora";
    saveProject(p);
    expect(openProject(p.dir).data.names.models).to.deep.equal({ "42": "aurora" });
  });

  it("Should refuse a missing project without create, and a malformed project.json naming the file and field", function () {
    expect(() => openProject(path.join(dir, "none"))).to.throw(
      InvalidInputError,
      /no zkprov project in .*zkprov chain start/,
    );
    const p = openProject(path.join(dir, "p"), { create: true });
    fs.writeFileSync(p.file, JSON.stringify({ format: "zkprov-project", version: 1, chain: { rpc: 7 } }));
    try {
      openProject(p.dir);
      expect.fail("a malformed project.json was read");
    } catch (e) {
      expect(e).to.be.instanceOf(InvalidInputError);
      expect((e as InvalidInputError).shortMessage).to.include(p.file);
      expect((e as InvalidInputError).details).to.match(/chain\.rpc/);
    }
    fs.writeFileSync(p.file, "{ truncated");
    expect(() => openProject(p.dir)).to.throw(InvalidInputError, /not valid JSON/);
  });

  it("Should ask to deploy first when there is no deployment", function () {
    const p = openProject(path.join(dir, "p"), { create: true });
    expect(() => requireDeployment(p)).to.throw(InvalidInputError, /zkprov deploy/);
  });

  it("Should choose --rpc, then the project's RPC, then the embedded chain; and the folder from the environment", function () {
    const p = openProject(path.join(dir, "p"), { create: true });
    expect(chainRpc(p)).to.equal("embedded");
    p.data.chain = { rpc: "http://127.0.0.1:8545" };
    expect(chainRpc(p)).to.equal("http://127.0.0.1:8545");
    expect(chainRpc(p, "http://127.0.0.1:9999")).to.equal("http://127.0.0.1:9999");
    const saved = process.env.ZKPROV_PROJECT;
    process.env.ZKPROV_PROJECT = path.join(dir, "env");
    try {
      expect(projectDir()).to.equal(path.join(dir, "env"));
      expect(projectDir("x")).to.equal(path.resolve("x"));
    } finally {
      if (saved === undefined) delete process.env.ZKPROV_PROJECT;
      else process.env.ZKPROV_PROJECT = saved;
    }
  });

  it("Should name an audit record only from metadata that knows its hashes", function () {
    const record = { modelHash: 1n, datasetHash: 2n, creatorCommit: 3n, modelLeaf: 4n, licenseLeaf: 5n };
    expect(nameAuditRecord(record, { models: { "1": "m" }, datasets: { "2": "d" } }, [1n])).to.deep.include({
      modelName: "m",
      datasetName: "d",
      modelRegistered: true,
    });
    expect(nameAuditRecord(record)).to.deep.include({
      modelName: undefined,
      datasetName: undefined,
      modelRegistered: undefined,
    });
  });
});

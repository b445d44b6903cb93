// core/curve.ts ends snarkjs's bn128 worker threads when the last operation finishes, so a process that
// proves or verifies exits by itself. Each scenario runs in a child process, where nothing forces the exit:
// a thread left behind keeps the child alive until the timeout, and an operation left hanging makes Node end
// it with "unsettled top-level await" (exit code 13).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { royaltyClaimCircuitInput, royaltyClaimData } from "../../prover/inputs.ts";
import { generateProof } from "../../prover/prove.ts";

describe("bn128 curve lifetime (core/curve.ts)", function () {
  let dir: string;
  let proofFile: string;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-curve-"));
    proofFile = path.join(dir, "proof.json");
    const r = await generateProof(
      "royaltyClaim",
      royaltyClaimCircuitInput(royaltyClaimData({ secret: 5n, blinding: 6n, assetHash: 7n, context: 8n })),
    );
    fs.writeFileSync(proofFile, JSON.stringify({ proof: r.proof, publicSignals: r.publicSignals }));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function run(scenario: string): string[] {
    const res = spawnSync(
      path.join(REPO_ROOT, "node_modules/.bin/tsx"),
      [path.join(REPO_ROOT, "test/core/fixtures/curve-races.ts"), scenario, proofFile],
      { encoding: "utf8", timeout: 90_000 },
    );
    expect(res.error, `${scenario}: the process did not exit by itself within 90 s`).to.equal(undefined);
    expect(res.status, `${scenario}: ${res.stderr}`).to.equal(0);
    return res.stdout.trim().split("\n");
  }

  it("Should finish a verification during which the curves were ended, then end them and exit by itself", function () {
    expect(run("end-during-verify")).to.deep.equal(["verified true", "live 0"]);
  });

  it("Should keep one bookkeeping for the module loaded through require() and through import, and exit by itself", function () {
    expect(run("require-and-import")).to.deep.equal([
      "instances 2",
      "verified true",
      "verified true",
      "shared true",
      "live 0",
    ]);
  });
});

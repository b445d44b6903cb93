// zkprov setup build: the progress bar follows the circuit build's own log lines (it matched none before).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { buildProgress } from "../../cli/setup.ts";

describe("cli: zkprov setup build progress", function () {
  it("Should advance the bar on each of the build's step lines, per circuit, and ignore other lines", function () {
    const ids = ["provenance", "royaltyClaim"] as const;
    const at = (line: string) => buildProgress(line, ids)?.fraction;
    expect(at("[provenance] compiling circuits/src/provenance.circom (circom2 --O2)")).to.equal(0.05);
    expect(at("[provenance] Groth16 setup (7000 constraints, ptau power 15, INSECURE development ptau)")).to.equal(0.2);
    expect(at("[provenance] writing contracts/verifiers/ProvenanceVerifier.sol")).to.equal(0.45);
    expect(at("[royaltyClaim] up to date (532 constraints)")).to.equal(0.99);
    expect(buildProgress("[royaltyClaim] up to date (532 constraints)", ids)?.stage).to.equal(
      "royaltyClaim: up to date (532 constraints)",
    );
    expect(at("verifying powers of tau ptau/x.ptau (once per file)")).to.equal(undefined);
    expect(at("[licensee] up to date (100 constraints)")).to.equal(undefined);
  });

  it("Should draw the bar from a real (incremental) build's log lines", function () {
    const r = spawnSync(path.join(REPO_ROOT, "bin/zkprov"), ["setup", "build", "--only", "royaltyClaim"], {
      encoding: "utf8",
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/building circuits \[#+-*\] \d+% royaltyClaim: (up to date|writing|Groth16|compiling)/);
    expect(r.stderr).to.match(/building circuits \[#{30}\] 100% done/);
  });
});

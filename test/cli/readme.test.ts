// README.md's copy-paste workflow block, run as written: the block is extracted from the README, only its chain
// port and work folder are replaced (a free loopback port, a fresh temporary folder), and bash runs it with
// -euo pipefail from the repository root, as a user pasting it would. The README cannot drift from the CLI: a
// command it shows that fails, or an option it names that no longer exists, fails this test with the line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { freePort } from "../helpers/net.ts";

const HEADING = "### Workflows, copy-paste";
const PORT_LINE = /zkprov chain start --port 8545\b/;
const WORK_DIR = "/tmp/zkprov-work";

/** The first ```bash block after the workflow heading of README.md. */
function workflowBlock(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const at = readme.indexOf(HEADING);
  if (at < 0) throw new Error(`README.md has no "${HEADING}" section`);
  const block = /```bash\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!block) throw new Error(`README.md's "${HEADING}" section has no bash block`);
  return block[1]!;
}

describe("README.md workflow block", function () {
  let work: string;

  before(function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-readme-"));
  });

  after(function () {
    // Stop the block's chain even when the block failed before its own `zkprov chain stop`.
    const projectFile = path.join(work, "zkprov-project", "project.json");
    if (fs.existsSync(projectFile)) {
      const pid = (JSON.parse(fs.readFileSync(projectFile, "utf8")) as { chain?: { node?: { pid?: number } } }).chain
        ?.node?.pid;
      if (pid) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already stopped by the block's own `zkprov chain stop`
        }
      }
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("Should run as written against a local chain: every role's commands, ending with a verified, decrypted bundle", async function () {
    const block = workflowBlock();
    expect(block, "the block starts the chain on port 8545").to.match(PORT_LINE);
    expect(block, `the block works in ${WORK_DIR}`).to.include(WORK_DIR);
    const port = await freePort();
    const script = block.replace(PORT_LINE, `zkprov chain start --port ${port}`).replaceAll(WORK_DIR, work);
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.ZKPROV_PROJECT; // the block uses ./zkprov-project in its work folder, as a user's shell would
    const r = spawnSync(
      "bash",
      ["-euo", "pipefail", "-c", `trap 'echo "README block failed at line $LINENO: $BASH_COMMAND" >&2' ERR\n${script}`],
      { cwd: REPO_ROOT, encoding: "utf8", env, timeout: 1_500_000, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(r.status, `README block exited ${r.status}:\n${r.stderr.slice(-4000)}`).to.equal(0);
    // The last steps' output: the regulator's offline verification and the named audit record.
    expect(r.stdout).to.match(/valid provenance proof/);
    expect(r.stdout).to.include("aurora-diffusion-mini");
    expect(r.stdout).to.include("open-landscapes-2025");
    // Both royalty claims paid out to fresh addresses (the claim commands print the amount).
    expect(fs.existsSync(path.join(work, "claim-creator.json"))).to.equal(true);
    expect(fs.existsSync(path.join(work, "claim-licensor.json"))).to.equal(true);
  });
});

// The committee ceremony through the zkprov binary, in child processes: three members make keys, the
// coordinator starts a 2-of-3 ceremony, each member deals, receives and finishes. Protects: key and share
// files are 0600, secrets are never printed or written into a message, every member computes the same
// committee file, and bad inputs are refused with the file named.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";

const BIN = path.join(REPO_ROOT, "bin/zkprov");

function zkprov(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(BIN, ["--json", ...args], { cwd, encoding: "utf8", timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(cwd: string, args: string[]): Record<string, unknown> {
  const r = zkprov(cwd, args);
  expect(r.status, `zkprov ${args.join(" ")}: ${r.stderr}`).to.equal(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("zkprov committee (CLI ceremony)", function () {
  let dir: string;
  const names = ["alice", "bob", "carol"];
  const outputs: string[] = [];

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-committee-"));
  });
  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs a 2-of-3 ceremony from files: every member ends with the same committee and a 0600 share", function () {
    for (const n of names)
      outputs.push(
        JSON.stringify(
          ok(dir, ["committee", "member-key", "--name", n, "--out", `${n}.key.json`, "--announce", `${n}.member.json`]),
        ),
      );
    const init = ok(dir, [
      "committee",
      "init",
      "--threshold",
      "2",
      "--out",
      "ceremony.json",
      ...names.map((n) => `${n}.member.json`),
    ]);
    expect(init.members).to.deep.equal(names);
    for (const n of names)
      ok(dir, [
        "committee",
        "deal",
        "--ceremony",
        "ceremony.json",
        "--member-key",
        `${n}.key.json`,
        "--out",
        `deal-${n}.json`,
      ]);
    const deals = names.map((n) => `deal-${n}.json`);
    for (const n of names) {
      const r = ok(dir, [
        "committee",
        "receive",
        "--ceremony",
        "ceremony.json",
        "--member-key",
        `${n}.key.json`,
        "--out",
        `report-${n}.json`,
        ...deals,
      ]);
      expect(r.complaints).to.deep.equal([]);
    }
    const reports = names.map((n) => `report-${n}.json`);
    for (const n of names) {
      const r = ok(dir, [
        "committee",
        "finish",
        "--ceremony",
        "ceremony.json",
        "--member-key",
        `${n}.key.json`,
        "--share-out",
        `${n}.share.json`,
        "--deals",
        ...deals,
        "--reports",
        ...reports,
        "--out",
        `committee-${n}.json`,
      ]);
      expect(r.members).to.deep.equal([1, 2, 3]);
      outputs.push(JSON.stringify(r));
    }
    const committees = names.map((n) => fs.readFileSync(path.join(dir, `committee-${n}.json`), "utf8"));
    expect(new Set(committees).size).to.equal(1);
    for (const n of names) {
      for (const f of [`${n}.key.json`, `${n}.share.json`])
        expect(fs.statSync(path.join(dir, f)).mode & 0o777, f).to.equal(0o600);
    }
    // No secret in anything printed or in any message file.
    const messages = [
      "ceremony.json",
      ...deals,
      ...reports,
      "committee-alice.json",
      ...names.map((n) => `${n}.member.json`),
    ]
      .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
      .join("\n");
    for (const n of names) {
      const share = (JSON.parse(fs.readFileSync(path.join(dir, `${n}.share.json`), "utf8")) as { share: string }).share;
      const key = (JSON.parse(fs.readFileSync(path.join(dir, `${n}.key.json`), "utf8")) as { privateKey: string })
        .privateKey;
      for (const secret of [share, key]) {
        expect(messages).to.not.include(secret);
        expect(outputs.join("\n")).to.not.include(secret);
      }
    }
  });

  it("refuses a deal edited after signing, naming the file", function () {
    const deal = JSON.parse(fs.readFileSync(path.join(dir, "deal-bob.json"), "utf8")) as {
      shares: { cipher: string }[];
    };
    deal.shares[0]!.cipher = (BigInt(deal.shares[0]!.cipher) + 1n).toString();
    fs.writeFileSync(path.join(dir, "deal-bob-edited.json"), JSON.stringify(deal));
    const r = zkprov(dir, [
      "committee",
      "receive",
      "--ceremony",
      "ceremony.json",
      "--member-key",
      "alice.key.json",
      "--out",
      "x.json",
      "deal-alice.json",
      "deal-bob-edited.json",
    ]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/zkprov: error: deal-bob-edited.json is not signed by member 2 \(bob\)/);
    expect(fs.existsSync(path.join(dir, "x.json"))).to.equal(false);
  });

  it("refuses a threshold above the number of members", function () {
    const r = zkprov(dir, [
      "committee",
      "init",
      "--threshold",
      "4",
      "--out",
      "c4.json",
      ...names.map((n) => `${n}.member.json`),
    ]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/the threshold must be an integer from 1 to the number of members \(3\), got 4/);
  });
});

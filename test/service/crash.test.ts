// Nothing accepted is lost: jobs accepted by the embedded service survive kill -9 of its process and are
// proven after a restart on the same data directory.
import { spawnSync } from "node:child_process";
import { DatabaseSync } from "node:sqlite";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { SqliteStore } from "../../service/sqlite-store.ts";
import {
  api,
  expectValidBundle,
  freePort,
  royaltyClaimRequest,
  spawnService,
  tempDir,
  waitFor,
  waitJobEnd,
  waitReady,
  type ServiceProcess,
} from "./helpers.ts";

describe("service: crash recovery (kill -9)", function () {
  const N = 6;
  let tmp: ReturnType<typeof tempDir>;
  const procs: ServiceProcess[] = [];
  before(() => (tmp = tempDir("zkprov-crash-")));
  after(async function () {
    for (const p of procs) if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill("SIGKILL");
    tmp.remove();
  });

  it("Should finish every job accepted before kill -9 after a restart, with proofs that verify", async function () {
    const cli = spawnSync(
      path.join(REPO_ROOT, "bin/zkprov"),
      ["--json", "service", "key", "create", "--label", "crash test", "--data-dir", tmp.dir],
      { encoding: "utf8" },
    );
    expect(cli.status, cli.stderr).to.equal(0);
    const token = (JSON.parse(cli.stdout) as { key: string }).key;

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = ["--port", String(port), "--data-dir", tmp.dir, "--workers", "2", "--log-level", "info"];
    const first = spawnService(args);
    procs.push(first);
    await waitReady(url, 120_000); // a bound, not a delay: two cores shared by several suites start slowly
    const ids: string[] = [];
    const secrets: string[] = [];
    for (let i = 0; i < N; i++) {
      const body = royaltyClaimRequest();
      secrets.push(body.input.secret!, body.input.blinding!);
      const r = await api(url, "POST", "/v1/proofs", { token, body });
      expect(r.status).to.equal(202);
      ids.push(r.body.id as string);
    }
    // Wait for the state the kill needs, read from the service's own database (not from a delay or its logs):
    // at least one job done and one proving.
    const db = new DatabaseSync(path.join(tmp.dir, "service.db"), { readOnly: true });
    let midProof: string;
    try {
      midProof = await waitFor(
        async () => {
          const done = db.prepare(`SELECT count(*) AS n FROM jobs WHERE state = 'done'`).get() as { n: number };
          if (done.n === 0) return undefined;
          const proving = db.prepare(`SELECT id FROM jobs WHERE state = 'proving'`).get() as { id: string } | undefined;
          return proving?.id;
        },
        90_000,
        "a proof made and another in progress",
      );
    } finally {
      db.close();
    }
    first.proc.kill("SIGKILL");
    await first.exited;
    expect(first.proc.signalCode).to.equal("SIGKILL");
    // Killed mid-proof (checked, not assumed): the job proving when the kill was sent was never proved.
    expect(first.logs.some((l) => l.msg === "proved" && l.job === midProof)).to.equal(false);

    const store = new SqliteStore(tmp.dir);
    const before = await store.countByState();
    await store.close();
    expect(before.queued + before.proving, JSON.stringify(before)).to.be.greaterThan(0);
    expect(before.done).to.be.greaterThan(0);

    const second = spawnService(args);
    procs.push(second);
    await waitReady(url, 120_000); // a bound, not a delay: two cores shared by several suites start slowly
    expect(second.logs.some((l) => l.msg === "resumed unfinished jobs")).to.equal(true);
    const ends = [];
    for (const id of ids) {
      const job = await waitJobEnd(url, token, id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      await expectValidBundle(job.bundle);
      ends.push(job);
    }
    const proved = (id: string) =>
      [...first.logs, ...second.logs].filter((l) => l.msg === "proved" && l.job === id).length;
    const figures = {
      accepted: N,
      done: ends.length,
      lost: N - ends.length,
      duplicated: ids.filter((id) => proved(id) > 1).length,
      startsPerJob: ends.map((e) => e.attempts),
      killedMidProof: midProof,
    };
    console.log(`      [chaos figures, embedded] ${JSON.stringify(figures)}`);
    for (const id of ids) expect(proved(id), id).to.equal(1);
    expect(ends.find((e) => e.id === midProof)!.attempts).to.equal(2);
    second.proc.kill("SIGTERM");
    expect(await second.exited).to.equal(0);
    // Job secrets never reach the logs.
    const logged = JSON.stringify([...first.logs, ...second.logs]);
    expect(first.logs.length + second.logs.length).to.be.greaterThan(2 * N);
    for (const secret of secrets) expect(logged.includes(secret)).to.equal(false);
  });
});

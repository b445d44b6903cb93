// A full disk in the embedded mode: the data directory is a small tmpfs the test mounts (as root; where it
// cannot mount, the test fails saying so), filled while jobs run. What must hold: new jobs get 503
// STORE_UNAVAILABLE with Retry-After, /ready 503 within a second, /health 200; no job is started over and
// over (starts per job bounded by max-attempts, none while the disk is full); once space returns nothing
// stays `proving` and every accepted job is done, each proven once, with a bundle that verifies.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { expect } from "chai";
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

function mountTmpfs(dir: string, size: string): void {
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(
      `the disk-full test mounts a ${size} tmpfs on ${dir} and must run as root (uid ${process.getuid?.()}): ` +
        `mount said ${JSON.stringify((r.stderr || r.error?.message || "").trim())}`,
    );
  }
}

// Write until the file system says ENOSPC (1 MiB chunks, then 4 KiB ones for the last blocks).
function fill(file: string): number {
  const fd = fs.openSync(file, "w");
  let written = 0;
  try {
    for (const size of [1 << 20, 4096, 512]) {
      const chunk = Buffer.alloc(size, 0xab);
      for (;;) {
        try {
          written += fs.writeSync(fd, chunk);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "ENOSPC") throw e;
          break;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return written;
}

describe("service: a full disk (embedded, tmpfs data directory)", function () {
  let mnt: ReturnType<typeof tempDir>;
  let mounted = false;
  let service: ServiceProcess | undefined;
  before(function () {
    mnt = tempDir("zkprov-diskfull-");
    mountTmpfs(mnt.dir, "16m");
    mounted = true;
  });
  after(async function () {
    if (service && service.proc.exitCode === null && service.proc.signalCode === null) {
      service.proc.kill("SIGKILL");
      await service.exited;
    }
    if (mounted) spawnSync("umount", [mnt.dir]);
    mnt?.remove();
  });

  it("Should answer 503 and turn /ready 503 while the disk is full, start nothing twice, and finish every accepted job once space returns", async function () {
    const N = 5;
    const maxAttempts = 3;
    const dataDir = path.join(mnt.dir, "data");
    const store = new SqliteStore(dataDir);
    const { token } = await store.createApiKey("disk full");
    await store.close();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    service = spawnService([
      ...["--port", String(port), "--data-dir", dataDir, "--workers", "1"],
      ...["--max-attempts", String(maxAttempts), "--log-level", "info"],
    ]);
    await waitReady(url, 90_000);
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await api(url, "POST", "/v1/proofs", { token, body: royaltyClaimRequest() });
      expect(r.status, JSON.stringify(r.body)).to.equal(202);
      ids.push(r.body.id as string);
    }
    // Fill the disk while a job is proving.
    await waitFor(
      async () => {
        const r = await api(url, "GET", `/v1/proofs/${ids[0]}`, { token });
        return r.body.state === "proving" ? true : undefined;
      },
      90_000,
      "a job proving",
    );
    const filler = path.join(mnt.dir, "filler");
    fill(filler);

    let t = Date.now();
    const refused = await api(url, "POST", "/v1/proofs", { token, body: royaltyClaimRequest() });
    expect(Date.now() - t, "POST answer time (ms)").to.be.below(3000);
    expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
    expect(refused.body.error.code).to.equal("STORE_UNAVAILABLE");
    expect(refused.body.error.message).to.match(/database or disk is full/);
    expect(Number(refused.headers.get("retry-after"))).to.be.greaterThan(0);
    t = Date.now();
    const ready = await api(url, "GET", "/ready");
    expect(Date.now() - t, "/ready answer time (ms)").to.be.below(1000);
    expect(ready.status).to.equal(503);
    expect(ready.body.status).to.equal("store unavailable");
    expect((await api(url, "GET", "/health")).status).to.equal(200);

    // Full until the proof in flight has ended and failed to be recorded (or, had it ended before the disk
    // filled, a start has failed), and a while longer: no start is recorded twice, no proof started over.
    await waitFor(
      async () =>
        service!.logs.some(
          (l) =>
            l.msg === "store unavailable: queued jobs wait" ||
            (l.msg === "store unavailable; retrying the write" && l.what === "the finished proof"),
        )
          ? true
          : undefined,
      120_000,
      "the outage seen by the executor",
    );
    await new Promise((r) => setTimeout(r, 4000));
    const db = new DatabaseSync(path.join(dataDir, "service.db"), { readOnly: true });
    const during = db.prepare("SELECT id, state, attempts FROM jobs").all() as {
      id: string;
      state: string;
      attempts: number;
    }[];
    db.close();
    expect(
      during.filter((j) => j.attempts > 1),
      JSON.stringify(during),
    ).to.deep.equal([]);
    const provingLogs = (id: string) => service!.logs.filter((l) => l.msg === "proving" && l.job === id).length;
    for (const id of ids) expect(provingLogs(id), id).to.be.at.most(1);
    expect((await api(url, "GET", "/ready")).status).to.equal(503);

    fs.rmSync(filler);
    const ends = [];
    for (const id of ids) {
      const end = await waitJobEnd(url, token, id, 240_000);
      expect(end.state, `${id}: ${JSON.stringify(end.error)}`).to.equal("done");
      await expectValidBundle(end.bundle);
      ends.push(end);
    }
    await waitFor(
      async () => ((await api(url, "GET", "/ready")).status === 200 ? true : undefined),
      10_000,
      "/ready 200",
    );
    const figures = {
      accepted: N,
      refusedWhileFull: 1,
      done: ends.filter((e) => e.state === "done").length,
      lost: N - ends.filter((e) => e.state === "done").length,
      duplicated: ids.filter((id) => service!.logs.filter((l) => l.msg === "proved" && l.job === id).length > 1).length,
      startsPerJob: ends.map((e) => e.attempts),
    };
    console.log(`      [disk-full figures] ${JSON.stringify(figures)}`);
    expect(figures.duplicated).to.equal(0);
    for (const e of ends) expect(e.attempts).to.equal(1);
    service.proc.kill("SIGTERM");
    expect(await service.exited).to.equal(0);
  });
});

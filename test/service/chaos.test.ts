// Scale-out under faults: an API node and two worker processes over a redis-server configured as the
// service requires (appendonly, appendfsync always, noeviction). With jobs in flight, Redis and the worker
// proving a job are killed with -9 and started again: every accepted job ends done, exactly once, with a
// bundle that verifies; while Redis is down the API answers 503 STORE_UNAVAILABLE at once, /ready 503 within
// a second, /health 200, and every log line stays JSON. And a node refuses a Redis that would lose jobs.
import { expect } from "chai";
import { RedisStore } from "../../service/redis-store.ts";
import {
  api,
  expectValidBundle,
  freePort,
  royaltyClaimRequest,
  spawnService,
  startRedis,
  tempDir,
  waitFor,
  waitJobEnd,
  type ServiceProcess,
  type TestRedis,
} from "./helpers.ts";

// Node's own one-time warning for node:sqlite is printed before any logger exists; everything else must be JSON.
const strayLines = (p: ServiceProcess) =>
  p.noise.filter((l) => !/ExperimentalWarning: SQLite|--trace-warnings/.test(l));

describe("service: chaos over Redis (kill -9 of Redis and of a worker mid-proof)", function () {
  const procs: ServiceProcess[] = [];
  let redis: TestRedis;
  let tmp: ReturnType<typeof tempDir>;
  after(async function () {
    for (const p of procs) if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill("SIGKILL");
    await redis?.stop();
    tmp?.remove();
  });

  it("Should finish every accepted job exactly once, with bundles that verify, and answer 503 while Redis is down", async function () {
    const N = 5;
    redis = await startRedis();
    tmp = tempDir("zkprov-chaos-");
    const admin = new RedisStore(redis.url);
    await admin.connect();
    const token = (await admin.createApiKey("chaos")).token;
    await admin.close();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const common = ["--redis", redis.url, "--data-dir", tmp.dir, "--log-level", "info"];
    const apiNode = spawnService(["--mode", "api", "--port", String(port), ...common]);
    procs.push(apiNode);
    const workerArgs = [
      ...["--mode", "worker", "--port", "0", "--workers", "1", ...common],
      ...["--lock-duration", "3000", "--stalled-interval", "1000"],
    ];
    const workers = [spawnService(workerArgs), spawnService(workerArgs)];
    procs.push(...workers);
    for (const w of [apiNode, ...workers]) {
      await waitFor(
        async () => (w.logs.some((l) => l.msg === "zkprov service listening") ? true : undefined),
        90_000,
        "a service node",
      );
    }

    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await api(url, "POST", "/v1/proofs", { token, body: royaltyClaimRequest() });
      expect(r.status, JSON.stringify(r.body)).to.equal(202);
      ids.push(r.body.id as string);
    }
    // Mid-proof: a worker has logged "proving" for a job it has not proved.
    const [victim, job] = await waitFor(
      async () => {
        for (const w of workers) {
          const proving = w.logs.filter((l) => l.msg === "proving").map((l) => l.job as string);
          const open = proving.find((j) => !w.logs.some((l) => l.msg === "proved" && l.job === j));
          if (open) return [w, open] as const;
        }
        return undefined;
      },
      90_000,
      "a worker proving a job",
    );
    victim.proc.kill("SIGKILL");
    await redis.kill();
    await victim.exited;

    // Redis down: fast 503s, /ready 503 within a second, /health 200.
    let t = Date.now();
    const post = await api(url, "POST", "/v1/proofs", { token, body: royaltyClaimRequest() });
    const postMs = Date.now() - t;
    expect(post.status, JSON.stringify(post.body)).to.equal(503);
    expect(post.body.error.code).to.equal("STORE_UNAVAILABLE");
    expect(Number(post.headers.get("retry-after"))).to.be.greaterThan(0);
    expect(postMs).to.be.below(3000);
    t = Date.now();
    const ready = await api(url, "GET", "/ready");
    expect(ready.status).to.equal(503);
    expect(Date.now() - t).to.be.below(1000);
    expect((await api(url, "GET", "/health")).status).to.equal(200);
    const get = await api(url, "GET", `/v1/proofs/${ids[0]}`, { token });
    expect(get.status).to.equal(503);

    // The outage lasts until the API node has logged it (ioredis reports it on its first failed reconnect, 50 ms
    // after the close): on a fast machine the checks above take less than that.
    await waitFor(
      async () => apiNode.logs.some((l) => l.msg === "redis unreachable") || undefined,
      10_000,
      "the API node to log that Redis is unreachable",
    );
    await redis.start();
    const restarted = spawnService(workerArgs);
    procs.push(restarted);
    const ends = [];
    for (const id of ids) {
      const end = await waitJobEnd(url, token, id, 240_000);
      expect(end.state, `${id}: ${JSON.stringify(end.error)}`).to.equal("done");
      await expectValidBundle(end.bundle);
      ends.push(end);
    }
    const all = [...workers, restarted];
    const provedCount = (id: string) =>
      all.reduce((n, w) => n + w.logs.filter((l) => l.msg === "proved" && l.job === id).length, 0);
    const figures = {
      accepted: N,
      done: ends.filter((e) => e.state === "done").length,
      lost: N - ends.filter((e) => e.state === "done").length,
      duplicated: ids.filter((id) => provedCount(id) > 1).length,
      startsPerJob: ends.map((e) => e.attempts),
      killedMidProof: job,
    };
    console.log(`      [chaos figures, scale-out] ${JSON.stringify(figures)}`);
    expect(figures.duplicated).to.equal(0);
    for (const id of ids) expect(provedCount(id), id).to.equal(1);
    for (const e of ends) expect(e.attempts).to.be.within(1, 3);
    expect(ends.find((e) => e.id === job)!.attempts).to.be.at.least(2);
    // The API node and the surviving worker saw Redis go and come back, in JSON, nothing on stderr.
    expect(apiNode.logs.some((l) => l.msg === "redis unreachable")).to.equal(true);
    for (const p of [apiNode, workers.find((w) => w !== victim)!, restarted]) {
      expect(strayLines(p), strayLines(p).join("\n")).to.deep.equal([]);
    }
  });

  it("Should refuse to start an API or worker node on a Redis without appendonly, naming the settings; and start with --allow-volatile-redis, saying what it risks", async function () {
    const volatile = await startRedis({ durable: false });
    const dir = tempDir("zkprov-volatile-");
    try {
      // The three nodes start at once (each takes a while to load on a busy machine).
      const port = await freePort();
      const refused = ["api", "worker"].map((mode) =>
        spawnService(["--mode", mode, "--redis", volatile.url, "--data-dir", dir.dir, "--port", "0"]),
      );
      const p = spawnService([
        ...["--mode", "api", "--redis", volatile.url, "--data-dir", dir.dir],
        ...["--port", String(port), "--allow-volatile-redis"],
      ]);
      procs.push(...refused, p);
      for (const r of refused) {
        expect(await r.exited).to.equal(1);
        const said = r.noise.join("\n");
        expect(said).to.match(/would lose accepted jobs on a crash/);
        expect(said).to.match(/set appendonly yes/);
        expect(said).to.match(/set appendfsync always/);
        expect(said).to.match(/--allow-volatile-redis/);
      }
      await waitFor(
        async () => (p.logs.some((l) => l.msg === "zkprov service listening") ? true : undefined),
        60_000,
        "the api node",
      );
      const warning = p.logs.find((l) => /--allow-volatile-redis/.test(String(l.msg)));
      expect(warning, "a start-up warning").to.not.equal(undefined);
      expect(String(warning!.msg)).to.match(/loses accepted jobs/);
      p.proc.kill("SIGTERM");
      expect(await p.exited).to.equal(0);
    } finally {
      await volatile.stop();
      dir.remove();
    }
  });
});

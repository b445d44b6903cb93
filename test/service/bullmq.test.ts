// Scale-out: an API node and two worker processes on one BullMQ queue in a real redis-server of the
// test's own; every job is proven once, by one of the workers, and both take work.
import { expect } from "chai";
import { Redis } from "ioredis";
import { loadServiceKey } from "../../service/seal.ts";
import { buildServer, type ProverService } from "../../service/server.ts";
import {
  api,
  recoverInputs,
  expectValidBundle,
  royaltyClaimRequest,
  spawnService,
  startRedis,
  tempDir,
  waitFor,
  waitJobEnd,
  type ServiceProcess,
} from "./helpers.ts";

describe("service: API node and two worker processes over Redis (BullMQ)", function () {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let tmp: ReturnType<typeof tempDir>;
  let apiNode: ProverService;
  let url: string;
  let token: string;
  const workers: ServiceProcess[] = [];
  let redisClient: Redis;

  before(async function () {
    redis = await startRedis();
    redisClient = new Redis(redis.url);
    tmp = tempDir("zkprov-bull-");
    apiNode = await buildServer({ mode: "api", redisUrl: redis.url, dataDir: tmp.dir, port: 0, logger: false });
    url = await apiNode.listen();
    token = (await apiNode.store.createApiKey("bullmq test")).token;
    for (let i = 0; i < 2; i++) {
      const w = spawnService([
        ...["--mode", "worker", "--redis", redis.url, "--data-dir", tmp.dir],
        ...["--port", "0", "--workers", "1", "--log-level", "info"],
        // Short locks, so that a killed worker's job moves to the other within seconds.
        ...["--lock-duration", "3000", "--stalled-interval", "1000"],
      ]);
      workers.push(w);
    }
    for (const w of workers)
      await waitFor(
        async () => (w.logs.some((l) => l.msg === "zkprov service listening") ? true : undefined),
        60_000,
        "a worker node",
      );
  });

  after(async function () {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill("SIGKILL");
    await apiNode?.close();
    redisClient?.disconnect();
    await redis?.stop();
    tmp?.remove();
  });

  it("Should prove every job once, spread over both workers, with bundles that verify", async function () {
    const N = 6;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await api(url, "POST", "/v1/proofs", { token, body: royaltyClaimRequest() });
      expect(r.status, JSON.stringify(r.body)).to.equal(202);
      ids.push(r.body.id as string);
    }
    for (const id of ids) {
      const job = await waitJobEnd(url, token, id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      expect(job.attempts).to.equal(1);
      await expectValidBundle(job.bundle);
    }
    const proved = workers.map((w) => w.logs.filter((l) => l.msg === "proved").map((l) => l.job as string));
    expect(proved.flat().sort()).to.deep.equal([...ids].sort());
    for (const p of proved) expect(p.length).to.be.greaterThan(0);
    const metrics = (await api(url, "GET", "/metrics")).body as string;
    expect(metrics).to.match(new RegExp(`^zkprov_jobs\\{state="done"\\} ${N}$`, "m"));
    expect(metrics).to.match(/^zkprov_queue_depth 0$/m);
    // The workers' shredders erased every data key from Redis and its files (docs/SERVICE.md, "Secrets"):
    // with the service key, Redis's append-only files open none of the jobs' inputs.
    await waitFor(async () => ((await redisClient.scard("zkprov:shred")) === 0 ? true : undefined), 60_000, "shredder");
    const serviceKey = loadServiceKey(tmp.dir);
    for (const id of ids) {
      expect(await redisClient.exists(`zkprov:jobkey:${id}`)).to.equal(0);
      expect(recoverInputs([redis.dir], serviceKey, id), `what Redis's files open of job ${id}`).to.deep.equal([]);
    }
  });

  it("Should keep idempotency and authentication on the API node", async function () {
    const body = royaltyClaimRequest();
    const headers = { "idempotency-key": "bull-1" };
    const a = await api(url, "POST", "/v1/proofs", { token, body, headers });
    const b = await api(url, "POST", "/v1/proofs", { token, body, headers });
    expect(a.status).to.equal(202);
    expect(b.status).to.equal(200);
    expect(b.body.id).to.equal(a.body.id);
    const c = await api(url, "POST", "/v1/proofs", { token, body: royaltyClaimRequest(), headers });
    expect(c.status).to.equal(422);
    expect((await api(url, "POST", "/v1/proofs", { body })).status).to.equal(401);
    const job = await waitFor(
      async () => {
        const r = await api(url, "GET", `/v1/proofs/${a.body.id}?wait=20`, { token });
        return r.body.state === "done" ? r.body : undefined;
      },
      60_000,
      "the job",
    );
    await expectValidBundle(job.bundle);
  });

  /** A job this worker is proving now: its log says so and BullMQ's lock on it is held in Redis. */
  async function provingOn(w: ServiceProcess, seen: number, what: string): Promise<string> {
    return waitFor(
      async () => {
        const started = w.logs
          .slice(seen)
          .filter((l) => l.msg === "proving")
          .map((l) => l.job as string);
        for (const id of started) {
          if (w.logs.some((l) => l.msg === "proved" && l.job === id)) continue;
          if ((await redisClient.exists(`bull:zkprov-proofs:${id}:lock`)) === 1) return id;
        }
        return undefined;
      },
      60_000,
      what,
    );
  }

  it("Should hand the job of a worker killed with -9 to the other worker", async function () {
    const [victim, survivor] = workers as [ServiceProcess, ServiceProcess];
    const seen = victim.logs.length;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await api(url, "POST", "/v1/proofs", { token, body: royaltyClaimRequest() });
      ids.push(r.body.id as string);
    }
    // Wait for the state the test needs: a job the victim is proving, with its lock held.
    const taken = await provingOn(victim, seen, "the first worker proving a job under its lock");
    victim.proc.kill("SIGKILL");
    await victim.exited;
    // Killed mid-proof (checked, not assumed): the victim never logged the proof.
    expect(victim.logs.some((l) => l.msg === "proved" && l.job === taken)).to.equal(false);
    for (const id of ids) {
      const job = await waitJobEnd(url, token, id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      await expectValidBundle(job.bundle);
      if (id === taken) {
        expect(job.attempts).to.equal(2);
        expect(survivor.logs.some((l) => l.msg === "proved" && l.job === id)).to.equal(true);
      }
    }
  });

  it("Should let a worker node finish its job in flight on SIGTERM, exit 0, and leave the rest to the next worker", async function () {
    const survivor = workers[1]!;
    const seen = survivor.logs.length;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await api(url, "POST", "/v1/proofs", { token, body: royaltyClaimRequest() });
      expect(r.status).to.equal(202);
      ids.push(r.body.id as string);
    }
    const inFlight = await provingOn(survivor, seen, "the worker proving a job under its lock");
    survivor.proc.kill("SIGTERM");
    expect(await survivor.exited).to.equal(0);
    // The job in flight was finished before the exit, by this worker, once.
    const proved = (w: ServiceProcess, id: string) => w.logs.filter((l) => l.msg === "proved" && l.job === id).length;
    expect(proved(survivor, inFlight)).to.equal(1);
    const finished = await apiNode.store.getJob(inFlight);
    expect(finished!.state).to.equal("done");
    expect(finished!.attempts).to.equal(1);
    // No worker is left: what the survivor did not start is still queued, untouched, its input still sealed.
    const rest = ids.filter((id) => proved(survivor, id) === 0);
    expect(rest.length, "jobs the stopping worker left").to.be.greaterThan(0);
    for (const id of rest) {
      const job = await apiNode.store.getJob(id);
      expect(job!.state, id).to.equal("queued");
      expect(job!.sealedInput).to.be.a("string");
    }
    // The next worker proves them, each once.
    const next = spawnService([
      ...["--mode", "worker", "--redis", redis.url, "--data-dir", tmp.dir],
      ...["--port", "0", "--workers", "1", "--log-level", "info"],
    ]);
    workers.push(next);
    for (const id of ids) {
      const job = await waitJobEnd(url, token, id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      await expectValidBundle(job.bundle);
      expect(proved(survivor, id) + proved(next, id), id).to.equal(1);
    }
    next.proc.kill("SIGTERM");
    expect(await next.exited).to.equal(0);
  });
});

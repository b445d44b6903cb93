// A store error at each write of a job's run (start, progress, finish, requeue), in both stores, made by the
// real store: SQLite refuses the one UPDATE through a trigger the test adds to the service's own database
// file; Redis refuses it through an ACL that takes away write access to the one key the script writes
// (the state set it moves the job into, or the job hash). What must hold: a start that is not recorded is not
// made and costs no attempt; a progress write that fails does not stop the proof; a finished proof whose
// write fails is kept and written when the store answers, never proven again; a crashed job whose hand-back
// fails is handed back once the store answers; none of it counts as a worker crash.
import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { expect } from "chai";
import { Redis } from "ioredis";
import { buildServer, type ProverService } from "../../service/server.ts";
import {
  FAULTY_PROVER_WORKER,
  api,
  expectValidBundle,
  logSink,
  royaltyClaimRequest,
  startRedis,
  tempDir,
  waitFor,
  waitJobEnd,
  type TestRedis,
} from "./helpers.ts";

type Write = "start" | "progress" | "finish" | "requeue";

interface Rig {
  url: string;
  token: string;
  /** The service whose store holds the jobs (embedded, or the worker node). */
  prover: ProverService;
  logs: Record<string, unknown>[];
  control: string;
  inject(write: Write): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

const SQLITE_FAULT: Record<Write, string> = {
  start: "OLD.state = 'queued' AND NEW.state = 'proving'",
  progress: "OLD.state = 'proving' AND NEW.state = 'proving'",
  finish: "NEW.state = 'done'",
  requeue: "OLD.state = 'proving' AND NEW.state = 'queued'",
};

// Every key the service writes in Redis, as ACL patterns; a fault removes one.
const REDIS_KEYS = [
  "bull:*",
  "zkprov:job:*",
  "zkprov:open:*",
  "zkprov:unfinished",
  "zkprov:idem:*",
  "zkprov:apikey*",
  "zkprov:probe",
  "zkprov:jobkey:*",
  "zkprov:shred",
  "zkprov:state:queued",
  "zkprov:state:proving",
  "zkprov:state:done",
  "zkprov:state:failed",
];
const REDIS_FAULT: Record<Write, string> = {
  start: "zkprov:state:proving",
  progress: "zkprov:job:*",
  finish: "zkprov:state:done",
  requeue: "zkprov:state:queued",
};

const common = { port: 0, workers: 1, maxAttempts: 3, storeRetryMs: 120_000, logLevel: "info" as const };

async function sqliteRig(): Promise<Rig> {
  const tmp = tempDir("zkprov-faults-sqlite-");
  const control = tempDir("zkprov-faults-control-");
  process.env.ZKPROV_TEST_WORKER_CONTROL = control.dir;
  const sink = logSink();
  const prover = await buildServer({
    ...common,
    dataDir: tmp.dir,
    logStream: sink.stream,
    proverWorker: FAULTY_PROVER_WORKER,
  });
  const url = await prover.listen();
  const { token } = await prover.store.createApiKey("faults");
  const db = new DatabaseSync(path.join(tmp.dir, "service.db"));
  db.exec("PRAGMA busy_timeout = 5000");
  return {
    url,
    token,
    prover,
    logs: sink.logs,
    control: control.dir,
    async inject(write) {
      db.exec(
        `CREATE TRIGGER zk_fault BEFORE UPDATE ON jobs WHEN ${SQLITE_FAULT[write]}
         BEGIN SELECT RAISE(ABORT, 'injected fault: ${write}'); END`,
      );
    },
    async clear() {
      db.exec("DROP TRIGGER IF EXISTS zk_fault");
    },
    async close() {
      db.close();
      await prover.close();
      tmp.remove();
      control.remove();
    },
  };
}

async function redisRig(): Promise<Rig> {
  const redis: TestRedis = await startRedis();
  const tmp = tempDir("zkprov-faults-redis-");
  const control = tempDir("zkprov-faults-control-");
  process.env.ZKPROV_TEST_WORKER_CONTROL = control.dir;
  const sink = logSink();
  const apiNode = await buildServer({ ...common, mode: "api", redisUrl: redis.url, dataDir: tmp.dir, logger: false });
  const prover = await buildServer({
    ...common,
    mode: "worker",
    redisUrl: redis.url,
    dataDir: tmp.dir,
    logStream: sink.stream,
    proverWorker: FAULTY_PROVER_WORKER,
  });
  const url = await apiNode.listen();
  const { token } = await apiNode.store.createApiKey("faults");
  const admin = new Redis(redis.url);
  return {
    url,
    token,
    prover,
    logs: sink.logs,
    control: control.dir,
    async inject(write) {
      const allowed = REDIS_KEYS.filter((k) => k !== REDIS_FAULT[write]).map((k) => `~${k}`);
      await admin.call("ACL", "SETUSER", "default", "resetkeys", "%R~*", ...allowed);
    },
    async clear() {
      await admin.call("ACL", "SETUSER", "default", "resetkeys", "~*");
    },
    async close() {
      await prover.close();
      await apiNode.close();
      admin.disconnect();
      await redis.stop();
      tmp.remove();
      control.remove();
    },
  };
}

const logsOf = (rig: Rig, job: string, msg: string, what?: string) =>
  rig.logs.filter((l) => l.job === job && l.msg === msg && (what === undefined || l.what === what));

// accepted, done, lost, duplicated (proved more than once) and starts of the job, printed for the report.
function figures(rig: Rig, write: Write, kind: string, job: { id: string; state: string; attempts: number }) {
  const proved = logsOf(rig, job.id, "proved").length;
  const f = {
    kind,
    write,
    accepted: 1,
    done: job.state === "done" ? 1 : 0,
    lost: job.state === "done" ? 0 : 1,
    duplicated: proved > 1 ? 1 : 0,
    starts: job.attempts,
  };
  console.log(`      [fault figures] ${JSON.stringify(f)}`);
  return f;
}

for (const kind of ["sqlite", "redis"] as const) {
  describe(`service: a store error at each write of a job's run (${kind})`, function () {
    let rig: Rig;
    before(async function () {
      rig = kind === "sqlite" ? await sqliteRig() : await redisRig();
    });
    afterEach(async function () {
      await rig?.clear();
      for (const f of ["hold", "crash-next"]) fs.rmSync(path.join(rig.control, f), { force: true });
    });
    after(async function () {
      delete process.env.ZKPROV_TEST_WORKER_CONTROL;
      await rig?.close();
    });

    const submit = async (): Promise<string> => {
      const r = await api(rig.url, "POST", "/v1/proofs", { token: rig.token, body: royaltyClaimRequest() });
      expect(r.status, JSON.stringify(r.body)).to.equal(202);
      return r.body.id as string;
    };
    const stored = async (id: string) => (await rig.prover.store.getJob(id))!;
    const untilProving = (id: string) =>
      waitFor(async () => ((await stored(id)).state === "proving" ? true : undefined), 60_000, `job ${id} proving`);
    const hold = (on: boolean) =>
      on ? fs.writeFileSync(path.join(rig.control, "hold"), "") : fs.rmSync(path.join(rig.control, "hold"));

    it("Should not start a job whose start cannot be recorded, spend no attempt, and start it once the store answers", async function () {
      await rig.inject("start");
      const id = await submit();
      await new Promise((r) => setTimeout(r, 2500));
      const waiting = await stored(id);
      expect(waiting.state).to.equal("queued");
      expect(waiting.attempts).to.equal(0);
      expect(logsOf(rig, id, "proving")).to.have.length(0);
      await rig.clear();
      const job = await waitJobEnd(rig.url, rig.token, id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      expect(job.attempts).to.equal(1);
      expect(logsOf(rig, id, "proving")).to.have.length(1);
      await expectValidBundle(job.bundle);
      expect(figures(rig, "start", kind, job)).to.include({ done: 1, duplicated: 0, starts: 1 });
    });

    it("Should finish a proof whose progress cannot be recorded", async function () {
      hold(true);
      const id = await submit();
      await untilProving(id);
      await rig.inject("progress");
      hold(false);
      await waitFor(
        async () => (logsOf(rig, id, "could not record progress").length ? true : undefined),
        60_000,
        "a failed progress write",
      );
      await rig.clear();
      const job = await waitJobEnd(rig.url, rig.token, id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      expect(job.attempts).to.equal(1);
      expect(logsOf(rig, id, "proving")).to.have.length(1);
      await expectValidBundle(job.bundle);
      expect(figures(rig, "progress", kind, job)).to.include({ done: 1, duplicated: 0, starts: 1 });
    });

    it("Should keep a finished proof whose write fails and record it once the store answers, without proving again", async function () {
      hold(true);
      const id = await submit();
      await untilProving(id);
      await rig.inject("finish");
      hold(false);
      await waitFor(
        async () =>
          logsOf(rig, id, "store unavailable; retrying the write", "the finished proof").length ? true : undefined,
        60_000,
        "a failed write of the finished proof",
      );
      await new Promise((r) => setTimeout(r, 1500));
      expect((await stored(id)).state).to.equal("proving");
      await rig.clear();
      const job = await waitJobEnd(rig.url, rig.token, id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      expect(job.attempts).to.equal(1);
      expect(logsOf(rig, id, "proving")).to.have.length(1);
      expect(logsOf(rig, id, "store write succeeded after retries", "the finished proof")).to.have.length(1);
      await expectValidBundle(job.bundle);
      expect(figures(rig, "finish", kind, job)).to.include({ done: 1, duplicated: 0, starts: 1 });
    });

    it("Should hand back a crashed job whose hand-back fails once the store answers, and prove it", async function () {
      fs.writeFileSync(path.join(rig.control, "crash-next"), "");
      hold(true);
      const id = await submit();
      await untilProving(id);
      await rig.inject("requeue");
      hold(false);
      await waitFor(
        async () =>
          logsOf(rig, id, "store unavailable; retrying the write", "the hand-back to the queue").length
            ? true
            : undefined,
        60_000,
        "a failed hand-back",
      );
      expect((await stored(id)).state).to.equal("proving");
      await rig.clear();
      const job = await waitJobEnd(rig.url, rig.token, id);
      expect(job.state, JSON.stringify(job.error)).to.equal("done");
      expect(job.attempts).to.equal(2);
      expect(logsOf(rig, id, "proving")).to.have.length(2);
      expect(rig.logs.some((l) => l.job === id && /WORKER_CRASHED|attempts used up/.test(String(l.msg)))).to.equal(
        false,
      );
      await expectValidBundle(job.bundle);
      expect(figures(rig, "requeue", kind, job)).to.include({ done: 1, duplicated: 0, starts: 2 });
    });
  });
}

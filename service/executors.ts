// Where accepted jobs go. Embedded: an in-process queue in front of the local prover pool, rebuilt from
// SQLite at start. Api: a BullMQ queue in Redis. Worker: a BullMQ worker that proves in its local pool.
//
// Crash behaviour. Embedded: a job's state is in SQLite before its 202; the in-memory queue is rebuilt
// from it at start, and jobs found proving go back in line keeping their attempts. Api and worker: a dead
// worker's BullMQ lock lapses and another worker takes the job (a new attempt). Store outages are not
// crashes: a start that cannot be recorded waits (backoff, at most 5 s between tries, no attempt spent) and
// an outcome is written with retries while the proof is kept (execute.ts).
import { randomUUID } from "node:crypto";
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { isStoreUnavailable, reasonOf } from "./errors.ts";
import { executeJob, retryStore, type ExecuteContext } from "./execute.ts";
import type { ProverPool } from "./pool.ts";
import { logRedisErrors, type RedisLog } from "./redis-store.ts";

/** The executor interface the server sees. */
export interface Executor {
  /** The local prover pool, if this node proves. */
  readonly pool: ProverPool | null;
  /** False once shutdown began. */
  readonly accepting: boolean;
  /** Stop accepting (first step of shutdown); close() follows. */
  pause(): void;
  /** Resume jobs accepted before a restart. */
  start(): Promise<void>;
  /** Hand a stored, queued job to the provers. */
  submit(id: string): Promise<void>;
  /** Stop taking jobs; let in-flight proofs finish for up to `timeoutMs`, then hand them back. */
  close(timeoutMs: number): Promise<void>;
}

/** Embedded mode: proofs in this process's pool, the queue rebuilt from the store at start. */
export class EmbeddedExecutor implements Executor {
  readonly pool: ProverPool;
  accepting = true;
  private readonly queue: string[] = [];
  private readonly running = new Map<string, Promise<void>>();
  /** Jobs whose outcome could not be written (store down past storeRetryMs): handed back once it answers. */
  private readonly stranded = new Set<string>();
  private wake: NodeJS.Timeout | null = null;
  private backoffMs = 0;

  constructor(private readonly ctx: ExecuteContext) {
    this.pool = ctx.pool;
  }

  pause(): void {
    this.accepting = false;
  }

  async start(): Promise<void> {
    const jobs = await this.ctx.store.unfinishedJobs();
    for (const j of jobs) {
      // A job found proving was in flight when the process died: it goes back in line, keeping its attempts.
      if (j.state === "proving") await this.ctx.store.requeueJob(j.id);
      this.queue.push(j.id);
    }
    if (jobs.length > 0) this.ctx.log.info({ jobs: jobs.length }, "resumed unfinished jobs");
    this.pump();
  }

  async submit(id: string): Promise<void> {
    this.queue.push(id);
    this.pump();
  }

  // The store failed: wait before the next start (500 ms doubling to 5 s), so an outage is no hot loop.
  private storeFailed(e: unknown): void {
    if (this.backoffMs === 0) this.ctx.log.warn({ err: reasonOf(e) }, "store unavailable: queued jobs wait");
    this.backoffMs = Math.min(Math.max(500, this.backoffMs * 2), 5000);
    if (!this.wake && this.accepting) {
      this.wake = setTimeout(() => {
        this.wake = null;
        this.pump();
      }, this.backoffMs);
    }
  }

  private storeAnswered(): void {
    if (this.backoffMs > 0) this.ctx.log.info({}, "store available again: jobs resume");
    this.backoffMs = 0;
  }

  private async handBackStranded(): Promise<void> {
    for (const id of [...this.stranded]) {
      await this.ctx.store.requeueJob(id);
      this.stranded.delete(id);
      this.queue.push(id);
      this.ctx.log.info({ job: id }, "job whose outcome was not recorded handed back to the queue");
    }
  }

  private pump(): void {
    if (!this.accepting || this.wake) return;
    if (this.stranded.size > 0) {
      this.handBackStranded().then(
        () => this.pump(),
        (e: unknown) => this.storeFailed(e),
      );
      return;
    }
    while (this.accepting && !this.wake && this.running.size < this.pool.size && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const run = executeJob(this.ctx, id)
        .then((outcome) => {
          this.storeAnswered();
          if (outcome === "retry") this.queue.push(id);
          if (outcome === "unrecorded") this.stranded.add(id);
        })
        .catch((e: unknown) => {
          if (isStoreUnavailable(e)) {
            // Its start was not recorded: nothing ran, it keeps its place at the head of the line.
            this.queue.unshift(id);
            this.storeFailed(e);
          } else this.ctx.log.error({ job: id, err: e }, "job run failed");
        })
        .finally(() => {
          this.running.delete(id);
          this.pump();
        });
      this.running.set(id, run);
    }
  }

  async close(timeoutMs: number): Promise<void> {
    this.accepting = false;
    if (this.wake) clearTimeout(this.wake);
    const inFlight = [...this.running.keys()];
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all(this.running.values()).then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      // Hand back: the jobs stay in the store as queued and run again at the next start.
      for (const id of inFlight) {
        await this.ctx.store
          .requeueJob(id)
          .catch((e: unknown) =>
            this.ctx.log.warn({ job: id, err: reasonOf(e) }, "shutdown: could not hand the job back; queued at start"),
          );
      }
      this.ctx.log.warn({ jobs: inFlight.length }, "shutdown: in-flight jobs handed back to the queue");
    }
    await this.pool.destroy();
  }
}

/** A Redis connection as BullMQ wants it (no per-request retry limit), its errors sent to `log`. */
export function bullConnection(url: string, log?: RedisLog): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(100 * n, 1000) });
  logRedisErrors(redis, url, "bullmq", log);
  return redis;
}

/** BullMQ job data: only the id; the sealed input stays in the store. */
interface BullJobData {
  id: string;
}

/** Api mode: jobs go to a BullMQ queue that worker nodes consume. */
export class QueueExecutor implements Executor {
  readonly pool = null;
  accepting = true;
  private readonly connection: Redis;
  private readonly queue: Queue<BullJobData>;

  constructor(
    private readonly ctx: Pick<ExecuteContext, "store" | "log" | "maxAttempts">,
    redisUrl: string,
    queueName: string,
  ) {
    this.connection = bullConnection(redisUrl, ctx.log);
    this.queue = new Queue<BullJobData>(queueName, { connection: this.connection });
    this.queue.on("error", (e) => ctx.log.warn({ err: reasonOf(e) }, "bullmq queue"));
  }

  pause(): void {
    this.accepting = false;
  }

  async start(): Promise<void> {
    // Re-add queued jobs in case this node died between storing one and queueing it (same job id: no duplicate).
    for (const j of await this.ctx.store.unfinishedJobs()) if (j.state === "queued") await this.submit(j.id);
  }

  async submit(id: string): Promise<void> {
    const added = this.queue.add(
      "prove",
      { id },
      {
        jobId: id,
        attempts: this.ctx.maxAttempts + 1,
        backoff: { type: "fixed", delay: 500 },
        removeOnComplete: 1000,
        removeOnFail: 1000,
      },
    );
    // The job is stored: if Redis stops answering right now, the add stays queued on the connection and goes
    // out when Redis is back (and an API node re-adds queued jobs at start), so the answer need not wait.
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      added.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 2000))),
    ]);
    clearTimeout(timer);
    if (late) {
      added.catch((e: unknown) => this.ctx.log.error({ job: id, err: reasonOf(e) }, "could not queue the job"));
      this.ctx.log.warn({ job: id }, "BullMQ did not answer within 2 s; the stored job is queued when Redis answers");
    }
  }

  async close(): Promise<void> {
    this.accepting = false;
    await Promise.race([this.queue.close(), new Promise((r) => setTimeout(r, 2000).unref())]);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

/** Worker mode: a BullMQ worker proving in the local pool, as many jobs at a time as the pool has threads. */
export class WorkerExecutor implements Executor {
  readonly pool: ProverPool;
  accepting = true;
  private worker: Worker<BullJobData> | null = null;
  private readonly connection: Redis;
  /** Jobs this node is running (proving or writing their outcome). */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly ctx: ExecuteContext,
    redisUrl: string,
    private readonly queueName: string,
    private readonly timing: { stalledIntervalMs: number; lockDurationMs: number },
  ) {
    this.pool = ctx.pool;
    this.connection = bullConnection(redisUrl, ctx.log);
  }

  pause(): void {
    this.accepting = false;
  }

  // One BullMQ delivery of job `id`.
  private async process(id: string): Promise<void> {
    const { store } = this.ctx;
    // Our own run still writing its outcome (its lock lapsed while Redis was away): it will record it.
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    try {
      for (let tries = 0; tries < 3; tries++) {
        const rec = await retryStore(this.ctx, id, "read the job", () => store.getJob(id));
        if (!rec || rec.state === "done" || rec.state === "failed") return;
        // Proving here means its previous worker died (BullMQ found the job stalled): take it again.
        if (rec.state === "proving") {
          await retryStore(this.ctx, id, "the hand-back of a stalled job", () => store.requeueJob(id, rec.attempts));
        }
        // executeJob throws a store error only when the start was not recorded (or its answer was lost: the
        // run token then finds it): nothing ran, try again.
        const run = randomUUID();
        const outcome = await retryStore(this.ctx, id, "the job's start", () => executeJob(this.ctx, id, run));
        if (outcome === "retry") throw new Error("the prover worker crashed; the job is retried");
        if (outcome === "unrecorded") throw new Error("the store was unavailable; the job is retried");
        // Skipped: taken meanwhile, or a start whose answer timed out took effect: look again.
        if (outcome !== "skipped") return;
      }
    } finally {
      this.inFlight.delete(id);
    }
  }

  async start(): Promise<void> {
    const { store } = this.ctx;
    this.worker = new Worker<BullJobData>(this.queueName, (job: Job<BullJobData>) => this.process(job.data.id), {
      connection: this.connection,
      concurrency: this.pool.size,
      stalledInterval: this.timing.stalledIntervalMs,
      lockDuration: this.timing.lockDurationMs,
      maxStalledCount: this.ctx.maxAttempts,
    });
    this.worker.on("failed", (job, err) => {
      if (!job) return;
      // BullMQ gave up (attempts or stalls used up): make sure the stored job says so.
      if (job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/.test(err.message)) {
        store
          .failJob(job.data.id, { code: "WORKER_CRASHED", message: err.message.slice(0, 200) })
          .catch((e: unknown) => this.ctx.log.error({ job: job.data.id, err: reasonOf(e) }, "failJob"));
      }
    });
    this.worker.on("error", (e) => this.ctx.log.warn({ err: reasonOf(e) }, "bullmq worker"));
    await this.worker.waitUntilReady();
  }

  async submit(): Promise<void> {
    throw new Error("a worker node does not accept jobs");
  }

  async close(timeoutMs: number): Promise<void> {
    this.accepting = false;
    if (this.worker) {
      // close() waits for active jobs; past the timeout, force: their locks lapse and another worker takes them.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.worker.close(),
        new Promise<void>((r) => (timer = setTimeout(r, timeoutMs))).then(() => this.worker!.close(true)),
      ]);
      clearTimeout(timer);
    }
    await this.pool.destroy();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

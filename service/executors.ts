// Where accepted jobs go. Embedded: an in-process queue in front of the local prover pool, rebuilt from
// SQLite at start. Api: a BullMQ queue in Redis. Worker: a BullMQ worker that proves in its local pool.
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { executeJob, type ExecuteContext } from "./execute.ts";
import type { ProverPool } from "./pool.ts";

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

  private pump(): void {
    while (this.accepting && this.running.size < this.pool.size && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const run = executeJob(this.ctx, id)
        .then((outcome) => {
          if (outcome === "retry") this.queue.push(id);
        })
        .catch((e: unknown) => this.ctx.log.error({ job: id, err: e }, "job run failed"))
        .finally(() => {
          this.running.delete(id);
          this.pump();
        });
      this.running.set(id, run);
    }
  }

  async close(timeoutMs: number): Promise<void> {
    this.accepting = false;
    const inFlight = [...this.running.keys()];
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all(this.running.values()).then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      // Hand back: the jobs stay in the store as queued and run again at the next start.
      for (const id of inFlight) await this.ctx.store.requeueJob(id);
      this.ctx.log.warn({ jobs: inFlight.length }, "shutdown: in-flight jobs handed back to the queue");
    }
    await this.pool.destroy();
  }
}

/** A Redis connection as BullMQ wants it (no per-request retry limit). */
export function bullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
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
    this.connection = bullConnection(redisUrl);
    this.queue = new Queue<BullJobData>(queueName, { connection: this.connection });
  }

  pause(): void {
    this.accepting = false;
  }

  async start(): Promise<void> {
    // Re-add queued jobs in case this node died between storing one and queueing it (same job id: no duplicate).
    for (const j of await this.ctx.store.unfinishedJobs()) if (j.state === "queued") await this.submit(j.id);
  }

  async submit(id: string): Promise<void> {
    await this.queue.add(
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
  }

  async close(): Promise<void> {
    this.accepting = false;
    await this.queue.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

/** Worker mode: a BullMQ worker proving in the local pool, as many jobs at a time as the pool has threads. */
export class WorkerExecutor implements Executor {
  readonly pool: ProverPool;
  accepting = true;
  private worker: Worker<BullJobData> | null = null;
  private readonly connection: Redis;

  constructor(
    private readonly ctx: ExecuteContext,
    redisUrl: string,
    private readonly queueName: string,
    private readonly timing: { stalledIntervalMs: number; lockDurationMs: number },
  ) {
    this.pool = ctx.pool;
    this.connection = bullConnection(redisUrl);
  }

  pause(): void {
    this.accepting = false;
  }

  async start(): Promise<void> {
    const { store } = this.ctx;
    this.worker = new Worker<BullJobData>(
      this.queueName,
      async (job: Job<BullJobData>) => {
        const rec = await store.getJob(job.data.id);
        if (!rec || rec.state === "done" || rec.state === "failed") return;
        // Proving here means its previous worker died (BullMQ found the job stalled): take it again.
        if (rec.state === "proving") await store.requeueJob(rec.id);
        const outcome = await executeJob(this.ctx, rec.id);
        if (outcome === "retry") throw new Error("the prover worker crashed; the job is retried");
      },
      {
        connection: this.connection,
        concurrency: this.pool.size,
        stalledInterval: this.timing.stalledIntervalMs,
        lockDuration: this.timing.lockDurationMs,
        maxStalledCount: this.ctx.maxAttempts,
      },
    );
    this.worker.on("failed", (job, err) => {
      if (!job) return;
      // BullMQ gave up (attempts or stalls used up): make sure the stored job says so.
      if (job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/.test(err.message)) {
        store
          .failJob(job.data.id, { code: "WORKER_CRASHED", message: err.message.slice(0, 200) })
          .catch((e: unknown) => this.ctx.log.error({ job: job.data.id, err: e }, "failJob"));
      }
    });
    this.worker.on("error", (e) => this.ctx.log.error({ err: e }, "bullmq worker"));
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

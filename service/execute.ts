// Running one job, the same in the embedded executor and on BullMQ worker nodes: take it (queued ->
// proving, counting the attempt), open its sealed input, prove in the pool, store the bundle or the
// reason, and erase the input. A worker crash requeues the job until it has used its attempts.
//
// Store errors are not crashes. A start that cannot be recorded is not made (the error goes to the
// caller, which tries again later; no attempt is spent). After the proof, the outcome (bundle, failure,
// hand-back) is written with bounded retries while the proof is kept in memory: a store outage shorter than
// storeRetryMs never costs a proof. Each outcome write is fenced by the attempt number that started the run,
// so a run taken over by another worker (its lock lapsed) cannot overwrite the new run's result.
import type { FastifyBaseLogger } from "fastify";
import { isStoreUnavailable, reasonOf } from "./errors.ts";
import type { ServiceMetrics } from "./metrics.ts";
import type { ProverPool } from "./pool.ts";
import type { ProveOutcome } from "./prover-worker.ts";
import { CIRCUIT_OF } from "./schemas.ts";
import { openJob } from "./seal.ts";
import type { Store } from "./store.ts";
import type { CircuitId } from "../core/circuits.ts";
import type { CircuitInput } from "../prover/inputs.ts";

/** What a job run needs. */
export interface ExecuteContext {
  store: Store;
  pool: ProverPool;
  serviceKey: Buffer;
  maxAttempts: number;
  metrics: ServiceMetrics;
  log: FastifyBaseLogger;
  /** How long an outcome write is retried while the store is unavailable (ms). */
  storeRetryMs: number;
}

/** The sealed part of a job: the circuit's input signals (all its secrets among them). */
export interface SealedJobInput {
  circuit: CircuitId;
  input: CircuitInput;
}

/**
 * How a run ended: `retry` when the worker crashed and attempts remain (the job is queued again);
 * `superseded` when another run owns the job now (nothing written); `unrecorded` when the store stayed
 * unavailable for storeRetryMs after the proof (the job is still `proving` in the store; see the executors).
 */
export type RunOutcome = "done" | "failed" | "retry" | "skipped" | "superseded" | "unrecorded";

/** The outcome could not be written within storeRetryMs. */
class UnrecordedError extends Error {}

/**
 * Run `write` until it succeeds, retrying store errors with a backoff (200 ms doubling to 1 s) for up to
 * `ctx.storeRetryMs`; other errors are thrown at once.
 *
 * @throws {StoreUnavailableError} the last store error once the time is up.
 * @example const recorded = await retryStore(ctx, id, "the finished proof", () => store.finishJob(id, 1, bundle))
 */
export async function retryStore<T>(
  ctx: Pick<ExecuteContext, "log" | "storeRetryMs">,
  id: string,
  what: string,
  write: () => Promise<T>,
): Promise<T> {
  const until = Date.now() + ctx.storeRetryMs;
  let delay = 200;
  let failures = 0;
  for (;;) {
    try {
      const r = await write();
      if (failures > 0) ctx.log.info({ job: id, what, failures }, "store write succeeded after retries");
      return r;
    } catch (e) {
      if (!isStoreUnavailable(e) || Date.now() + delay > until) throw e;
      if (failures++ === 0) ctx.log.warn({ job: id, what, err: reasonOf(e) }, "store unavailable; retrying the write");
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 1000);
    }
  }
}

/**
 * Run job `id` if it is queued. `run` identifies the caller's run across retries of a start whose answer was
 * lost (Store.startJob).
 *
 * @throws {StoreUnavailableError} if its start cannot be recorded (the job stays queued, no attempt spent).
 * @example const outcome = await executeJob(ctx, id)
 */
export async function executeJob(ctx: ExecuteContext, id: string, run?: string): Promise<RunOutcome> {
  const { store, log, metrics } = ctx;
  const job = await store.startJob(id, run);
  if (!job) return "skipped";
  const circuit = CIRCUIT_OF[job.circuit];
  const attempt = job.attempts;
  // Writes of this run's outcome: retried while the store is down, fenced by the attempt.
  const record = async (what: string, write: () => Promise<boolean>): Promise<boolean> => {
    try {
      const recorded = await retryStore(ctx, id, what, write);
      if (!recorded) log.warn({ job: id, attempt, what }, "another run owns the job now; this run's outcome dropped");
      return recorded;
    } catch (e) {
      if (!isStoreUnavailable(e)) throw e;
      log.error(
        { job: id, attempt, what, err: reasonOf(e), retriedMs: ctx.storeRetryMs },
        "could not record the job's outcome: the store stayed unavailable",
      );
      throw new UnrecordedError(what);
    }
  };
  const fail = async (code: string, message: string): Promise<RunOutcome> => {
    if (!(await record("the job's failure", () => store.failJob(id, { code, message }, attempt)))) return "superseded";
    metrics.finished.inc({ circuit, outcome: "failed" });
    return "failed";
  };
  try {
    if (attempt > ctx.maxAttempts) {
      log.warn({ job: id, attempts: ctx.maxAttempts }, "job failed: attempts used up");
      return await fail(
        "WORKER_CRASHED",
        `the prover stopped (crashed or was killed) during each of ${ctx.maxAttempts} attempts`,
      );
    }
    let sealed: SealedJobInput;
    try {
      sealed = JSON.parse(openJob(ctx.serviceKey, id, job.sealedInput ?? "", job.sealedKey)) as SealedJobInput;
    } catch {
      return await fail("SEALED_INPUT", "the job's input does not open with this service key");
    }
    log.info({ job: id, circuit, attempt }, "proving");
    let lastWrite = 0;
    let progressFailed = false;
    let outcome: ProveOutcome;
    try {
      outcome = await ctx.pool.run(sealed.circuit, sealed.input, job.chainId, (stage, fraction) => {
        const now = Date.now();
        if (fraction < 1 && now - lastWrite < 100) return;
        lastWrite = now;
        // Progress is advisory: a failed write is logged once per run and the proof goes on.
        store.setProgress(id, stage, fraction).catch((e: unknown) => {
          if (!progressFailed) log.warn({ job: id, err: reasonOf(e) }, "could not record progress");
          progressFailed = true;
        });
      });
    } catch (e) {
      // Only the prover thread's failure lands here: it crashed or was killed.
      const reason = reasonOf(e);
      if (attempt >= ctx.maxAttempts) {
        log.warn({ job: id, reason }, "job failed: the worker crashed, attempts used up");
        return await fail(
          "WORKER_CRASHED",
          `the prover worker crashed during each of ${ctx.maxAttempts} attempts; last: ${reason}`,
        );
      }
      if (!(await record("the hand-back to the queue", () => store.requeueJob(id, attempt)))) return "superseded";
      metrics.finished.inc({ circuit, outcome: "retried" });
      log.warn({ job: id, attempt, reason }, "the worker crashed; job queued again");
      return "retry";
    } finally {
      sealed.input = {};
    }
    if (outcome.ok) {
      if (!(await record("the finished proof", () => store.finishJob(id, attempt, outcome.bundle)))) {
        return "superseded";
      }
      metrics.proofSeconds.observe({ circuit }, outcome.proveMs / 1000);
      metrics.jobSeconds.observe({ circuit }, (Date.now() - job.createdAt) / 1000);
      metrics.finished.inc({ circuit, outcome: "done" });
      log.info({ job: id, circuit, attempt, proveMs: Math.round(outcome.proveMs) }, "proved");
      return "done";
    }
    log.info({ job: id, circuit, code: outcome.code }, "job failed");
    return await fail(outcome.code, outcome.message);
  } catch (e) {
    if (e instanceof UnrecordedError) return "unrecorded";
    throw e;
  }
}

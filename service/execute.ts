// Running one job, the same in the embedded executor and on BullMQ worker nodes: take it (queued ->
// proving, counting the attempt), open its sealed input, prove in the pool, store the bundle or the
// reason, and erase the input. A worker crash requeues the job until it has used its attempts.
import type { FastifyBaseLogger } from "fastify";
import type { ServiceMetrics } from "./metrics.ts";
import type { ProverPool } from "./pool.ts";
import { CIRCUIT_OF } from "./schemas.ts";
import { unseal } from "./seal.ts";
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
}

/** The sealed part of a job: the circuit's input signals (all its secrets among them). */
export interface SealedJobInput {
  circuit: CircuitId;
  input: CircuitInput;
}

/** How a run ended: `retry` when the worker crashed and attempts remain (the job is queued again). */
export type RunOutcome = "done" | "failed" | "retry" | "skipped";

/**
 * Run job `id` if it is queued.
 *
 * @example const outcome = await executeJob(ctx, id)
 */
export async function executeJob(ctx: ExecuteContext, id: string): Promise<RunOutcome> {
  const { store, log, metrics } = ctx;
  const job = await store.startJob(id);
  if (!job) return "skipped";
  const circuit = CIRCUIT_OF[job.circuit];
  if (job.attempts > ctx.maxAttempts) {
    await store.failJob(id, {
      code: "WORKER_CRASHED",
      message: `the prover stopped (crashed or was killed) during each of ${ctx.maxAttempts} attempts`,
    });
    metrics.finished.inc({ circuit, outcome: "failed" });
    log.warn({ job: id, attempts: ctx.maxAttempts }, "job failed: attempts used up");
    return "failed";
  }
  let sealed: SealedJobInput;
  try {
    sealed = JSON.parse(unseal(ctx.serviceKey, id, job.sealedInput ?? "")) as SealedJobInput;
  } catch {
    await store.failJob(id, { code: "SEALED_INPUT", message: "the job's input does not open with this service key" });
    metrics.finished.inc({ circuit, outcome: "failed" });
    return "failed";
  }
  log.info({ job: id, circuit, attempt: job.attempts }, "proving");
  let lastWrite = 0;
  try {
    const outcome = await ctx.pool.run(sealed.circuit, sealed.input, job.chainId, (stage, fraction) => {
      const now = Date.now();
      if (fraction < 1 && now - lastWrite < 100) return;
      lastWrite = now;
      store.setProgress(id, stage, fraction).catch((e: unknown) => log.warn({ job: id, err: e }, "progress"));
    });
    if (outcome.ok) {
      await store.finishJob(id, outcome.bundle);
      metrics.proofSeconds.observe({ circuit }, outcome.proveMs / 1000);
      metrics.jobSeconds.observe({ circuit }, (Date.now() - job.createdAt) / 1000);
      metrics.finished.inc({ circuit, outcome: "done" });
      log.info({ job: id, circuit, proveMs: Math.round(outcome.proveMs) }, "proved");
      return "done";
    }
    await store.failJob(id, { code: outcome.code, message: outcome.message });
    metrics.finished.inc({ circuit, outcome: "failed" });
    log.info({ job: id, circuit, code: outcome.code }, "job failed");
    return "failed";
  } catch (e) {
    const reason = e instanceof Error ? e.message.split("\n")[0]!.slice(0, 200) : String(e);
    if (job.attempts >= ctx.maxAttempts) {
      await store.failJob(id, {
        code: "WORKER_CRASHED",
        message: `the prover worker crashed during each of ${ctx.maxAttempts} attempts; last: ${reason}`,
      });
      metrics.finished.inc({ circuit, outcome: "failed" });
      log.warn({ job: id, reason }, "job failed: the worker crashed, attempts used up");
      return "failed";
    }
    await store.requeueJob(id);
    metrics.finished.inc({ circuit, outcome: "retried" });
    log.warn({ job: id, attempt: job.attempts, reason }, "the worker crashed; job queued again");
    return "retry";
  } finally {
    sealed.input = {};
  }
}

// Prometheus metrics (prom-client), one registry per service instance: queue depth and jobs by state read
// from the store at scrape time, proof latency observed where proofs are made, worker utilisation of the
// local pool.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Store } from "./store.ts";
import { JOB_STATES } from "./schemas.ts";

/** The service's metrics. */
export interface ServiceMetrics {
  registry: Registry;
  /** Seconds in the prover (witness + proof), by circuit. */
  proofSeconds: Histogram<"circuit">;
  /** Seconds from acceptance to done, by circuit. */
  jobSeconds: Histogram<"circuit">;
  /** Finished jobs by circuit and outcome (done, failed, retried). */
  finished: Counter<"circuit" | "outcome">;
}

/**
 * Create the registry and metrics of one service instance.
 *
 * @example const m = createMetrics(store, () => ({ busy: pool.busy, size: pool.size }))
 */
export function createMetrics(store: Store, pool: () => { busy: number; size: number } | null): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "zkprov_service_" });
  const buckets = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256];
  new Gauge({
    name: "zkprov_queue_depth",
    help: "Jobs accepted and not yet started",
    registers: [registry],
    async collect() {
      this.set((await store.countByState()).queued);
    },
  });
  new Gauge({
    name: "zkprov_jobs",
    help: "Jobs by state",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const counts = await store.countByState();
      for (const s of JOB_STATES) this.set({ state: s }, counts[s]);
    },
  });
  new Gauge({
    name: "zkprov_worker_utilisation",
    help: "Fraction of this node's prover threads busy (0 on nodes without provers)",
    registers: [registry],
    collect() {
      const p = pool();
      this.set(p ? p.busy / p.size : 0);
    },
  });
  new Gauge({
    name: "zkprov_workers",
    help: "Prover threads on this node",
    registers: [registry],
    collect() {
      this.set(pool()?.size ?? 0);
    },
  });
  return {
    registry,
    proofSeconds: new Histogram({
      name: "zkprov_proof_duration_seconds",
      help: "Time in the prover (witness and Groth16 proof) per job",
      labelNames: ["circuit"],
      buckets,
      registers: [registry],
    }),
    jobSeconds: new Histogram({
      name: "zkprov_job_latency_seconds",
      help: "Time from acceptance to a finished proof",
      labelNames: ["circuit"],
      buckets,
      registers: [registry],
    }),
    finished: new Counter({
      name: "zkprov_jobs_finished_total",
      help: "Jobs finished by this node, by outcome",
      labelNames: ["circuit", "outcome"],
      registers: [registry],
    }),
  };
}

// The prover pool: piscina worker threads, as many as configured (the cores by default), kept alive
// between jobs so that each keeps its circuits loaded.
import { pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { codeModule } from "../artifacts/paths.ts";
import type { CircuitId } from "../core/circuits.ts";
import type { CircuitInput } from "../prover/inputs.ts";
import type { ProveOutcome } from "./prover-worker.ts";

/** Options of the pool. */
export interface ProverPoolOptions {
  workers: number;
  buildDir?: string;
  /**
   * The thread's module (default prover-worker.ts). Tests give a module of their own that wraps it to inject
   * a crash; the service never reads a fault switch.
   */
  workerFile?: string | URL;
  /** Told of a worker thread that died outside a task (the task's own crash rejects its promise). */
  onWorkerError?: (e: Error) => void;
}

/** A pool of prover threads; `busy / size` is the utilisation metric. */
export class ProverPool {
  readonly size: number;
  private busyCount = 0;
  private readonly pool: Piscina;

  constructor(private readonly o: ProverPoolOptions) {
    this.size = o.workers;
    this.pool = new Piscina({
      filename:
        typeof o.workerFile === "string"
          ? pathToFileURL(o.workerFile).href
          : (o.workerFile ?? pathToFileURL(codeModule("service/prover-worker.ts"))).href,
      // Threads start with the pool and stay (no idle timeout), keeping their circuits loaded; piscina
      // replaces a thread that dies.
      minThreads: o.workers,
      maxThreads: o.workers,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
    });
    // Without a listener, a worker dying between tasks would be an unhandled 'error' that ends the service.
    this.pool.on("error", (e: Error) => o.onWorkerError?.(e));
  }

  /** Jobs proving now. */
  get busy(): number {
    return this.busyCount;
  }

  /**
   * Prove in a worker; progress messages go to `onProgress`. Rejects if the worker crashes.
   *
   * @example const outcome = await pool.run("royaltyClaim", input, "31337", (s, f) => {})
   */
  async run(
    circuit: CircuitId,
    input: CircuitInput,
    chainId: string,
    onProgress: (stage: string, fraction: number) => void,
  ): Promise<ProveOutcome> {
    const { port1, port2 } = new MessageChannel();
    port1.on("message", (m: { stage: string; fraction: number }) => onProgress(m.stage, m.fraction));
    this.busyCount++;
    try {
      return (await this.pool.run(
        { circuit, input, chainId, buildDir: this.o.buildDir, port: port2 },
        { transferList: [port2] },
      )) as ProveOutcome;
    } finally {
      this.busyCount--;
      port1.close();
    }
  }

  /** End each thread's curve (its own worker threads) and artifacts, then the threads. */
  async destroy(): Promise<void> {
    const threads = this.pool.threads.length;
    const barrier = new SharedArrayBuffer(4);
    await Promise.allSettled(Array.from({ length: threads }, () => this.pool.run({ release: true, threads, barrier })));
    await this.pool.destroy();
  }
}

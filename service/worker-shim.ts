// Imported first by prover-worker.ts. snarkjs's bn128 curve spawns its threads through the web-worker
// package, which decides at load time, from worker_threads.isMainThread, whether it is the spawner or a
// spawned curve thread; in a piscina thread it would wrongly take itself for a curve thread and crash.
// So while the prover's modules load, this thread says it is a main thread; prover-worker.ts restores it.
import { createRequire } from "node:module";

const threads = createRequire(import.meta.url)("node:worker_threads") as { isMainThread: boolean };

/** The real value, to restore. */
export const realIsMainThread = threads.isMainThread;
threads.isMainThread = true;

/** Restore worker_threads.isMainThread once the prover's modules have loaded. */
export function restoreIsMainThread(): void {
  threads.isMainThread = realIsMainThread;
}

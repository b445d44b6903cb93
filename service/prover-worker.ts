// A prover worker thread (piscina). It keeps each circuit's wasm and zkey in memory after their first use,
// and the bn128 curve alive between jobs (retainCurves); the curve's own threads end with this thread
// when the pool is destroyed. Deterministic failures (inputs the circuit rejects, altered artifacts) come
// back as data; anything thrown is a crash, which the executor retries.
import { restoreIsMainThread } from "./worker-shim.ts";
import type { MessagePort } from "node:worker_threads";
import { loadManifest } from "../artifacts/paths.ts";
import { createBundle } from "../verifier/bundle.ts";
import type { CircuitId } from "../core/circuits.ts";
import { retainCurves, terminateCurves } from "../core/curve.ts";
import { ZkprovError } from "../core/errors.ts";
import type { CircuitInput } from "../prover/inputs.ts";
import { generateProof, loadArtifacts, type LoadedArtifacts } from "../prover/prove.ts";
import { type ProofBundle } from "../core/formats/bundle.ts";

/** One proof to make. */
export interface ProveTask {
  circuit: CircuitId;
  input: CircuitInput;
  chainId: string;
  buildDir?: string;
  /** Receives { stage, fraction } messages. */
  port?: MessagePort;
}

/** What a task returns: a bundle, or the reason the inputs cannot be proven. */
export type ProveOutcome =
  | { ok: true; bundle: ProofBundle; proveMs: number }
  | { ok: false; code: string; message: string };

restoreIsMainThread();

const loaded = new Map<string, LoadedArtifacts>();
let keepCurve: (() => Promise<void>) | null = null;

/**
 * Shutdown: every thread gets one release task. Each waits at a barrier until all `threads` have arrived, so
 * no thread can take two of them; then it ends its curve and drops its artifacts.
 */
export interface ReleaseTask {
  release: true;
  threads: number;
  barrier: SharedArrayBuffer;
}

type AtomicsWaitAsync = (
  a: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { value: Promise<string> | string };

async function release(task: ReleaseTask): Promise<{ released: true }> {
  const arrived = new Int32Array(task.barrier);
  Atomics.add(arrived, 0, 1);
  Atomics.notify(arrived, 0);
  const until = Date.now() + 5_000;
  for (let n = Atomics.load(arrived, 0); n < task.threads && Date.now() < until; n = Atomics.load(arrived, 0)) {
    // Atomics.waitAsync is in Node 22 (ES2024; the project's lib is ES2023).
    const waitAsync = (Atomics as unknown as { waitAsync: AtomicsWaitAsync }).waitAsync;
    await waitAsync(arrived, 0, n, until - Date.now()).value;
  }
  const keep = keepCurve;
  keepCurve = null;
  await keep?.();
  await terminateCurves();
  loaded.clear();
  return { released: true };
}

/** Prove one task, or release this thread's resources (the piscina entry point). */
export default async function prove(task: ProveTask | ReleaseTask): Promise<ProveOutcome | { released: true }> {
  if ("release" in task) return release(task);
  keepCurve ??= retainCurves();
  const cacheKey = `${task.buildDir ?? ""}|${task.circuit}`;
  try {
    let artifacts = loaded.get(cacheKey);
    if (!artifacts) {
      artifacts = loadArtifacts(task.circuit, task.buildDir);
      loaded.set(cacheKey, artifacts);
    }
    const r = await generateProof(task.circuit, task.input, {
      artifacts,
      onProgress: (stage, fraction) => task.port?.postMessage({ stage, fraction }),
    });
    const bundle = createBundle({
      circuit: task.circuit,
      vkeyHash: loadManifest(task.buildDir).circuits[task.circuit]!.vkeyHash,
      proof: r.proof,
      publicSignals: r.publicSignals,
      chainId: BigInt(task.chainId),
    });
    return { ok: true, bundle, proveMs: r.timings.witnessMs + r.timings.proveMs };
  } catch (e) {
    if (e instanceof ZkprovError) return { ok: false, code: e.code, message: e.shortMessage };
    throw e;
  } finally {
    task.port?.close();
  }
}

// snarkjs caches the bn128 curve, with its worker threads, in a global; they keep a process alive until
// terminated. zkprov counts the snarkjs operations in flight and ends the workers when the last one
// finishes, unless a caller asked to keep them warm (retainCurves) for back-to-back proofs.
//
// Every copy of ffjavascript (snarkjs bundles its own; circomlibjs brings another) resets
// `globalThis.curve_bn128 = null` when it is first loaded, which would lose a live curve loaded earlier.
// So the global is intercepted: every curve ever stored there is remembered until terminated.
//
// Two rules keep every curve ending:
// - The bookkeeping lives on globalThis (one record per process), so a second instance of this module (the
//   same file loaded once through require() and once through import, as a test runner's hooks and its
//   suites do) shares it instead of installing a second interceptor that the first one's counts never see.
// - A curve is never ended under a running operation: ffjavascript never settles a task whose worker has
//   gone, so the operation would hang with its count held, and every curve built after it would outlive
//   the process's work. terminateCurves() during an operation ends the curves when the last one finishes.

interface Curve {
  terminate(): Promise<void>;
  /** ffjavascript's thread manager (absent for a single-threaded curve). */
  tm?: { workers?: { postMessage(message: unknown): void }[] };
}

interface CurveState {
  inFlight: number;
  retained: number;
  live: Set<Curve>;
  current: Curve | null;
  /** Someone asked to end the curves while an operation was running: end them when it finishes. */
  endRequested: boolean;
  /** Resolved when a deferred end has happened. */
  waiters: (() => void)[];
}

const KEY = Symbol.for("zkprov.core.curve");
const g = globalThis as { [KEY]?: CurveState; curve_bn128?: Curve | null };
const state: CurveState =
  g[KEY] ??
  (g[KEY] = (() => {
    const s: CurveState = {
      inFlight: 0,
      retained: 0,
      live: new Set(),
      current: null,
      endRequested: false,
      waiters: [],
    };
    s.current = g.curve_bn128 ?? null;
    if (s.current) s.live.add(s.current);
    Object.defineProperty(globalThis, "curve_bn128", {
      configurable: true,
      get: () => s.current,
      set: (v: Curve | null) => {
        s.current = v;
        if (v) s.live.add(v);
      },
    });
    return s;
  })());

/**
 * End every bn128 curve snarkjs created (their worker threads keep a process alive). Safe to call twice;
 * the next snarkjs call builds a new curve. While a snarkjs operation is running, the curves end when the
 * last operation finishes (ending them under it would hang it); the promise resolves then.
 *
 * @example await terminateCurves()
 */
export async function terminateCurves(): Promise<void> {
  if (state.inFlight > 0) {
    state.endRequested = true;
    return new Promise<void>((resolve) => state.waiters.push(resolve));
  }
  await endAll();
}

async function endAll(): Promise<void> {
  const curves = [...state.live];
  state.live.clear();
  state.current = null;
  state.endRequested = false;
  const waiters = state.waiters.splice(0);
  await Promise.all(curves.map(endCurve));
  for (const w of waiters) w();
}

// ffjavascript's terminate() posts TERMINATE to each worker and then sleeps a fixed 200 ms, which is a
// tenth of a small proof's time. Posting the same message is all that ends the workers (each closes
// itself on it, and the process may exit once they have), so zkprov posts it and does not wait.
async function endCurve(c: Curve): Promise<void> {
  const workers = c.tm?.workers;
  if (!Array.isArray(workers)) return c.terminate();
  for (const w of workers) w.postMessage([{ cmd: "TERMINATE" }]);
}

/** After an operation or a release: end the curves if nothing runs and nobody keeps them (or someone asked). */
async function settle(): Promise<void> {
  if (state.inFlight > 0) return;
  if (state.retained === 0 || state.endRequested) await endAll();
}

/**
 * Run a snarkjs operation; when it and every other one in flight are done, and nobody retains the curve,
 * end the curve's workers so that the process can exit.
 *
 * @example const ok = await withCurve(() => snarkjs.groth16.verify(vkey, signals, proof))
 */
export async function withCurve<T>(fn: () => Promise<T>): Promise<T> {
  state.inFlight++;
  try {
    return await fn();
  } finally {
    state.inFlight--;
    await settle();
  }
}

/**
 * Keep the curve's workers alive between operations (a warm prover). Returns the release function;
 * the workers end when the last holder releases and nothing is in flight.
 *
 * @example const release = retainCurves(); try { for (...) await generateProof(...) } finally { await release() }
 */
export function retainCurves(): () => Promise<void> {
  state.retained++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    state.retained--;
    await settle();
  };
}

/** How many snarkjs operations are running and how many curves are alive (for tests and diagnostics). */
export function curveStatus(): { inFlight: number; retained: number; live: number } {
  return { inFlight: state.inFlight, retained: state.retained, live: state.live.size };
}

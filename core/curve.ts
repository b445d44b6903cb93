// snarkjs caches the bn128 curve, with its worker threads, in a global; they keep a process alive until
// terminated. zkprov counts the snarkjs operations in flight and ends the workers when the last one
// finishes, unless a caller asked to keep them warm (retainCurves) for back-to-back proofs.

//
// Every copy of ffjavascript (snarkjs bundles its own; circomlibjs brings another) resets
// `globalThis.curve_bn128 = null` when it is first loaded, which would lose a live curve loaded earlier.
// So the global is intercepted: every curve ever stored there is remembered until terminated.

interface Curve {
  terminate(): Promise<void>;
  /** ffjavascript's thread manager (absent for a single-threaded curve). */
  tm?: { workers?: { postMessage(message: unknown): void }[] };
}
let inFlight = 0;
let retained = 0;
const live = new Set<Curve>();
let current: Curve | null = (globalThis as { curve_bn128?: Curve | null }).curve_bn128 ?? null;
if (current) live.add(current);
Object.defineProperty(globalThis, "curve_bn128", {
  configurable: true,
  get: () => current,
  set: (v: Curve | null) => {
    current = v;
    if (v) live.add(v);
  },
});

/**
 * End every bn128 curve snarkjs created (their worker threads keep a process alive). Safe to call twice;
 * the next snarkjs call builds a new curve.
 *
 * @example await terminateCurves()
 */
export async function terminateCurves(): Promise<void> {
  const curves = [...live];
  live.clear();
  current = null;
  await Promise.all(curves.map(endCurve));
}

// ffjavascript's terminate() posts TERMINATE to each worker and then sleeps a fixed 200 ms, which is a
// tenth of a small proof's time. Posting the same message is all that ends the workers (each closes
// itself on it, and the process may exit once they have), so zkprov posts it and does not wait.
async function endCurve(c: Curve): Promise<void> {
  const workers = c.tm?.workers;
  if (!Array.isArray(workers)) return c.terminate();
  for (const w of workers) w.postMessage([{ cmd: "TERMINATE" }]);
}

/**
 * Run a snarkjs operation; when it and every other one in flight are done, and nobody retains the curve,
 * end the curve's workers so that the process can exit.
 *
 * @example const ok = await withCurve(() => snarkjs.groth16.verify(vkey, signals, proof))
 */
export async function withCurve<T>(fn: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return await fn();
  } finally {
    inFlight--;
    if (inFlight === 0 && retained === 0) await terminateCurves();
  }
}

/**
 * Keep the curve's workers alive between operations (a warm prover). Returns the release function;
 * the workers end when the last holder releases and nothing is in flight.
 *
 * @example const release = retainCurves(); try { for (...) await generateProof(...) } finally { await release() }
 */
export function retainCurves(): () => Promise<void> {
  retained++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    retained--;
    if (inFlight === 0 && retained === 0) await terminateCurves();
  };
}

// Mocha root hooks for the off-chain suites (loaded by .mocharc.json's `require`).
//
// After the last test: end any bn128 curve a suite left behind (snarkjs caches one per process, and its
// worker threads keep the process alive). Message ports and worker threads are tracked from their creation
// (async_hooks), so that if anything still holds the process open ten seconds later the report names where each
// was made, and the run FAILS (exit code 1) instead of hanging CI: a leak is a defect, found at its owner and
// fixed there (as core/curve.ts was: it once ended curves under a running verification, which then never
// settled and kept every later curve alive). The libraries' own clean exit is tested in child processes
// (test/prover, test/core/curve.test.ts), where nothing forces it.
import { createHook } from "node:async_hooks";
import { terminateCurves } from "../../core/curve.ts";

const TRACKED = new Set(["MESSAGEPORT", "WORKER"]);
const live = new Map<number, string>();
createHook({
  init(id, type) {
    if (TRACKED.has(type)) live.set(id, `${type} made at\n${new Error().stack!.split("\n").slice(3, 12).join("\n")}`);
  },
  destroy(id) {
    live.delete(id);
  },
}).enable();

export const mochaHooks = {
  async afterAll(): Promise<void> {
    // Armed first: terminateCurves() waits for operations still running, and a hung one must not hang CI.
    setTimeout(() => {
      const left = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap" && r !== "Timeout");
      process.stderr.write(`test run: still holding the process after the last test: ${left.join(", ") || "-"}\n`);
      for (const origin of live.values()) process.stderr.write(`test run: ${origin}\n`);
      process.stderr.write("test run: failed: a handle outlived the tests (fix it where it was made)\n");
      process.exit(1);
    }, 10_000).unref();
    await terminateCurves();
  },
};

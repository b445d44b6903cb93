// Mocha root hooks for the off-chain suites (loaded by .mocharc.json's `require`).
//
// After the last test: end any bn128 curve a suite left behind (snarkjs caches one per process, and its
// worker threads keep the process alive). If anything else still holds the process open ten seconds later,
// name it on stderr and exit with mocha's own result, so that a leaked handle is reported instead of
// hanging CI. The library's own clean exit is tested in a child process (test/prover), where nothing
// forces it.
import { terminateCurves } from "../../core/curve.ts";

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await terminateCurves();
    setTimeout(() => {
      const left = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap" && r !== "Timeout");
      process.stderr.write(`test run: still holding the process after the last test: ${left.join(", ") || "-"}\n`);
      process.exit(process.exitCode ?? 0);
    }, 10_000).unref();
  },
};

// Proof times per circuit: zkprov cold (a fresh process per proof, bench/prove-once.ts) and warm (a
// Prover holding artifacts and curve in this process), against the snarkjs CLI (`snarkjs wtns calculate`
// then `snarkjs groth16 prove`, as processes) on the same named inputs and artifacts, interleaved in the
// same run; witness time, off-chain verify time and the cold process's peak RSS. Numbers only.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { artifactPaths, loadManifest, REPO_ROOT } from "../artifacts/paths.ts";
import { CIRCUIT_IDS, type CircuitId } from "../core/circuits.ts";
import { verifyGroth16 } from "../core/proof.ts";
import type { VerificationKey } from "../core/vkey.ts";
import { Prover } from "../prover/prove.ts";
import { benchInput } from "./inputs.ts";
import { stats, type Stats } from "./stats.ts";

const require = createRequire(import.meta.url);
const SNARKJS_CLI = path.join(path.dirname(require.resolve("snarkjs")), "cli.cjs");
const PROVE_ONCE = path.join(REPO_ROOT, "bench/prove-once.ts");

/** One circuit's figures, as in bench/results.json. */
export interface CircuitFigures {
  constraints: number;
  witnessMs: Stats;
  proveColdMs: Stats;
  proveWarmMs: Stats;
  snarkjsCliProveMs: Stats;
  /** proveColdMs.median / snarkjsCliProveMs.median and proveWarmMs.median / snarkjsCliProveMs.median. */
  ratio: { cold: number; warm: number };
  verifyMs: Stats;
  peakRssMb: Stats;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Measure every circuit: one warm-up of each method, then `runs` interleaved runs.
 *
 * @example const figures = await benchProve(5)
 */
export async function benchProve(
  runs: number,
  log: (line: string) => void = () => {},
): Promise<Record<CircuitId, CircuitFigures>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-bench-"));
  const manifest = loadManifest();
  const prover = await Prover.load();
  const out = {} as Record<CircuitId, CircuitFigures>;
  try {
    for (const id of CIRCUIT_IDS) {
      const input = benchInput(id);
      const p = artifactPaths(id);
      const vkey = JSON.parse(fs.readFileSync(p.vkey, "utf8")) as VerificationKey;
      const inFile = path.join(tmp, `${id}.input.json`);
      fs.writeFileSync(inFile, JSON.stringify(input));
      const wtns = path.join(tmp, `${id}.wtns`);
      const cold = () => {
        const rss = JSON.parse(
          execFileSync(process.execPath, ["--no-warnings", PROVE_ONCE, id, inFile, tmp], { encoding: "utf8" }),
        ) as { peakRssMb: number };
        return rss.peakRssMb;
      };
      const cli = () => {
        execFileSync(process.execPath, [SNARKJS_CLI, "wtns", "calculate", p.wasm, inFile, wtns]);
        execFileSync(process.execPath, [
          SNARKJS_CLI,
          "groth16",
          "prove",
          p.zkey,
          wtns,
          path.join(tmp, "cli-proof.json"),
          path.join(tmp, "cli-public.json"),
        ]);
      };
      // Warm-up: each method once (disk cache, JIT, curve of the warm prover).
      cold();
      cli();
      let last = await prover.prove(id, input);
      await verifyGroth16(vkey, last.proof, last.publicSignals);

      const r = { witness: [], cold: [], warm: [], cli: [], verify: [], rss: [] } as Record<string, number[]>;
      for (let i = 0; i < runs; i++) {
        let rss = 0;
        r.cold!.push(time(() => (rss = cold())));
        r.rss!.push(rss);
        r.cli!.push(time(cli));
        const t0 = performance.now();
        last = await prover.prove(id, input);
        r.warm!.push(performance.now() - t0);
        r.witness!.push(last.timings.witnessMs);
        const v0 = performance.now();
        if (!(await verifyGroth16(vkey, last.proof, last.publicSignals))) throw new Error(`${id}: proof rejected`);
        r.verify!.push(performance.now() - v0);
      }
      const f: CircuitFigures = {
        constraints: manifest.circuits[id]!.constraints,
        witnessMs: stats(r.witness!),
        proveColdMs: stats(r.cold!),
        proveWarmMs: stats(r.warm!),
        snarkjsCliProveMs: stats(r.cli!),
        ratio: { cold: 0, warm: 0 },
        verifyMs: stats(r.verify!),
        peakRssMb: stats(r.rss!, 0),
      };
      f.ratio.cold = Number((f.proveColdMs.median / f.snarkjsCliProveMs.median).toFixed(3));
      f.ratio.warm = Number((f.proveWarmMs.median / f.snarkjsCliProveMs.median).toFixed(3));
      out[id] = f;
      log(
        `${id}: cold ${f.proveColdMs.median} ms, warm ${f.proveWarmMs.median} ms, snarkjs CLI ${f.snarkjsCliProveMs.median} ms (cold/CLI ${f.ratio.cold})`,
      );
    }
  } finally {
    await prover.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

// Proof and witness times per circuit, zkprov (in-process, from named inputs) against the snarkjs CLI
// (`snarkjs wtns calculate` then `snarkjs groth16 prove`, as processes) on the same inputs and artifacts, in
// the same run. Prints a table, or with --json one object. Numbers only, no verdicts.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { artifactPaths, loadManifest } from "../verifier/src/artifacts.ts";
import { CIRCUIT_IDS } from "../verifier/src/circuits.ts";
import { generateProof } from "../prover/src/prove.ts";
import { benchInput } from "./inputs.ts";

const { values } = parseArgs({
  options: { json: { type: "boolean", default: false }, runs: { type: "string", default: "5" } },
});
const runs = Number(values.runs);
const require = createRequire(import.meta.url);
const SNARKJS_CLI = path.join(path.dirname(require.resolve("snarkjs")), "cli.cjs");

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: Math.round(s[0]!), median: Math.round(s[Math.floor(s.length / 2)]!), max: Math.round(s.at(-1)!) };
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-bench-"));
const out: Record<string, unknown> = {};
const manifest = loadManifest();
for (const id of CIRCUIT_IDS) {
  const input = benchInput(id);
  const p = artifactPaths(id);
  const inFile = path.join(tmp, `${id}.input.json`);
  fs.writeFileSync(inFile, JSON.stringify(input));
  await generateProof(id, input); // warm-up
  const witness: number[] = [],
    prove: number[] = [],
    total: number[] = [],
    cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await generateProof(id, input);
    total.push(performance.now() - t0);
    witness.push(r.timings.witnessMs);
    prove.push(r.timings.proveMs);
    const c0 = performance.now();
    execFileSync(process.execPath, [SNARKJS_CLI, "wtns", "calculate", p.wasm, inFile, path.join(tmp, "w.wtns")]);
    execFileSync(process.execPath, [
      SNARKJS_CLI,
      "groth16",
      "prove",
      p.zkey,
      path.join(tmp, "w.wtns"),
      path.join(tmp, "proof.json"),
      path.join(tmp, "public.json"),
    ]);
    cli.push(performance.now() - c0);
  }
  out[id] = {
    constraints: manifest.circuits[id]!.constraints,
    witnessMs: stats(witness),
    proveMs: stats(prove),
    zkprovTotalMs: stats(total),
    snarkjsCliMs: stats(cli),
    ratio: +(stats(total).median / stats(cli).median).toFixed(3),
    zkeyBytes: manifest.circuits[id]!.artifacts.zkey.bytes,
    wasmBytes: manifest.circuits[id]!.artifacts.wasm.bytes,
  };
}
fs.rmSync(tmp, { recursive: true, force: true });
const result = {
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  runs,
  circuits: out,
};
if (values.json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`runs: ${runs} (median [min-max] ms), ${result.machine.cpus} cores, node ${process.version}`);
  for (const [id, r] of Object.entries(out) as [
    string,
    Record<string, { median: number; min: number; max: number } | number>,
  ][]) {
    const f = (k: string) => {
      const v = r[k] as { median: number; min: number; max: number };
      return `${v.median} [${v.min}-${v.max}]`;
    };
    console.log(
      `${id.padEnd(13)} constraints ${String(r.constraints).padStart(6)}  witness ${f("witnessMs")}  prove ${f("proveMs")}  zkprov total ${f("zkprovTotalMs")}  snarkjs CLI ${f("snarkjsCliMs")}  ratio ${r.ratio}`,
    );
  }
}

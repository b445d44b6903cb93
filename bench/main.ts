// zkprov's benchmark: `npm run bench` prints a table, `npm run bench -- --json` one JSON object (the shape
// of bench/results.json). Proof times against the snarkjs CLI (bench/prove.ts), then gas on Hardhat's
// in-process chain (bench/gas.ts). `--runs n` (default 5, at least 5 for published figures) timed runs
// after one warm-up; `--only prove|gas` for one half. Numbers only, no verdicts.
import os from "node:os";
import { parseArgs } from "node:util";
import { benchGas, type GasFigures } from "./gas.ts";
import { benchProve, type CircuitFigures } from "./prove.ts";
import type { Stats } from "./stats.ts";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    runs: { type: "string", default: "5" },
    only: { type: "string" },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive integer, got ${JSON.stringify(values.runs)}`);
  process.exit(2);
}
if (values.only !== undefined && values.only !== "prove" && values.only !== "gas") {
  console.error(`--only must be prove or gas, got ${JSON.stringify(values.only)}`);
  process.exit(2);
}
const log = (line: string) => console.error(`[bench] ${line}`);

const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  loadAverageAtEnd: [] as number[],
  date: new Date().toISOString(),
  runs,
};
const circuits = values.only === "gas" ? undefined : await benchProve(runs, log);
const gas: GasFigures | undefined = values.only === "prove" ? undefined : await benchGas(log);
machine.loadAverageAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
const result = { machine, circuits, gas };

if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const f = (s: Stats) => `${s.median} [${s.min}-${s.max}]`;
  console.log(
    `${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, node ${machine.node}; ${runs} runs, median [min-max]`,
  );
  for (const [id, c] of Object.entries(circuits ?? {}) as [string, CircuitFigures][]) {
    console.log(`\n${id} (${c.constraints} constraints)`);
    console.log(`  witness            ${f(c.witnessMs)} ms`);
    console.log(`  prove, cold        ${f(c.proveColdMs)} ms   (/ snarkjs CLI: ${c.ratio.cold})`);
    console.log(`  prove, warm        ${f(c.proveWarmMs)} ms   (/ snarkjs CLI: ${c.ratio.warm})`);
    console.log(`  snarkjs CLI        ${f(c.snarkjsCliProveMs)} ms`);
    console.log(`  verify             ${f(c.verifyMs)} ms`);
    console.log(`  peak RSS (cold)    ${f(c.peakRssMb)} MB`);
  }
  if (gas) {
    console.log("\ngas");
    for (const [id, g] of Object.entries(gas.verifyProof)) console.log(`  verifyProof ${id.padEnd(13)} ${g}`);
    console.log(`  mint                      ${gas.mint}`);
    console.log(`  license                   ${gas.license}`);
    console.log(`  royaltyClaim              ${gas.royaltyClaim}`);
    for (const [tree, s] of Object.entries(gas.registryInsert)) console.log(`  insert ${tree.padEnd(18)} ${f(s)}`);
    if (gas.registryLicense) {
      console.log(`  updateLicense             ${gas.registryLicense.update}`);
      console.log(`  compromiseLicense         ${gas.registryLicense.compromise}`);
    }
    for (const [n, g] of Object.entries(gas.batchMintPerAsset))
      console.log(`  batch mint of ${n.padEnd(2)} per asset ${g}`);
  }
}

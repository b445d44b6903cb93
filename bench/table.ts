// Renders bench/results.json (or the file named) as the Markdown tables of docs/BENCHMARKS.md.
// Run: tsx bench/table.ts [results.json]
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../artifacts/paths.ts";
import type { GasFigures } from "./gas.ts";
import type { CircuitFigures } from "./prove.ts";
import type { Stats } from "./stats.ts";

const file = process.argv[2] ?? path.join(REPO_ROOT, "bench/results.json");
const r = JSON.parse(fs.readFileSync(file, "utf8")) as {
  machine: Record<string, unknown>;
  circuits: Record<string, CircuitFigures>;
  gas: GasFigures;
};
const ms = (s: Stats) => `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})`;
const n = (x: number) => x.toLocaleString("en-US");
const m = r.machine;
console.log(
  `Machine: ${String(m.cpu)}, ${String(m.cores)} cores, ${String(m.memGiB)} GiB, ${String(m.os)}, Node ${String(m.node)}; ` +
    `${String(m.runs)} runs after a warm-up, ${String(m.date)}. Load average (1/5/15 min) ${(m.loadAverageAtStart as number[]).join("/")} at the start, ` +
    `${(m.loadAverageAtEnd as number[]).join("/")} at the end.\n`,
);
console.log("Times in ms, median (min–max):\n");
console.log(
  "| circuit | constraints | witness | prove cold | prove warm | snarkjs CLI | cold / CLI | warm / CLI | verify | peak RSS (MB) |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [id, c] of Object.entries(r.circuits)) {
  console.log(
    `| ${id} | ${n(c.constraints)} | ${ms(c.witnessMs)} | ${ms(c.proveColdMs)} | ${ms(c.proveWarmMs)} | ${ms(c.snarkjsCliProveMs)} | ${c.ratio.cold} | ${c.ratio.warm} | ${ms(c.verifyMs)} | ${c.peakRssMb.median} |`,
  );
}
const g = r.gas;
console.log("\nGas:\n");
console.log("| operation | gas |");
console.log("| --- | ---: |");
for (const [id, v] of Object.entries(g.verifyProof)) console.log(`| verifyProof ${id} | ${n(v)} |`);
console.log(`| mint | ${n(g.mint)} |`);
console.log(`| license | ${n(g.license)} |`);
console.log(`| royalty claim | ${n(g.royaltyClaim)} |`);
for (const [tree, s] of Object.entries(g.registryInsert)) {
  console.log(`| registry insert, ${tree} (median of 3) | ${n(s.median)} |`);
}
if (g.registryLicense) {
  console.log(`| registry updateLicense | ${n(g.registryLicense.update)} |`);
  console.log(`| registry compromiseLicense | ${n(g.registryLicense.compromise)} |`);
}
for (const [k, v] of Object.entries(g.batchMintPerAsset)) console.log(`| batch mint of ${k}, per asset | ${n(v)} |`);

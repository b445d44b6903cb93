// One cold proof in a fresh process, as a user's first `zkprov prove` would make it: read named inputs,
// load and check the artifacts, build the curve, prove, write proof.json and public.json, exit.
// Run: node bench/prove-once.ts <circuit> <input.json> <out-dir>. Prints {"peakRssMb": n} on stdout.
// Spawned by bench/main.ts; Node 22 strips the types itself, so no tsx start-up is counted.
import fs from "node:fs";
import path from "node:path";
import { isCircuitId } from "../core/circuits.ts";
import { generateProof } from "../prover/prove.ts";

const [id, inputFile, outDir] = process.argv.slice(2);
if (!id || !isCircuitId(id) || !inputFile || !outDir) {
  console.error("usage: node bench/prove-once.ts <circuit> <input.json> <out-dir>");
  process.exit(2);
}
const r = await generateProof(id, JSON.parse(fs.readFileSync(inputFile, "utf8")));
fs.writeFileSync(path.join(outDir, "proof.json"), JSON.stringify(r.proof));
fs.writeFileSync(path.join(outDir, "public.json"), JSON.stringify(r.publicSignals));
console.log(JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));

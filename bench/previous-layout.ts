// The provenance circuit of a previous revision against this working tree's, proved by the snarkjs CLI in the
// same run. Each side is a tree of its own under build/ (circom2's WASI sandbox sees only the repository): the
// revision's sources exported with git archive, and a copy of this working tree's (whatever its circuit is now,
// committed or not), each beside this repository's node_modules. In each tree its own code writes the generated
// domain.circom, the main component of its circuits.json and a valid provenance input (bench/inputs.ts, the same
// input shape the other benchmarks prove); then the same steps for both: circom2 --O2 (--r1cs --wasm), snarkjs
// groth16 setup with the same ptau, one proof checked with snarkjs groth16 verify, and `runs` timed proofs
// (`snarkjs wtns calculate` + `snarkjs groth16 prove`, two processes, as bench/prove.ts times the CLI),
// interleaved so that both sides share the machine's load. Prints JSON (medians, min, max) and the ratio
// current / previous.
//
//   npx tsx bench/previous-layout.ts                      # against e1a04ce, 5 runs
//   npx tsx bench/previous-layout.ts --rev <commit> --runs 7 --ptau FILE > bench/results-previous-layout.json
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "../artifacts/paths.ts";
import { resolvePtauPath } from "../artifacts/ptau.ts";
import { stats } from "./stats.ts";

const { values } = parseArgs({
  options: {
    rev: { type: "string", default: "e1a04ce" },
    runs: { type: "string", default: "5" },
    ptau: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
const REV = values.rev!;
const PTAU = resolvePtauPath(values.ptau);

const require = createRequire(import.meta.url);
const SNARKJS_CLI = path.join(path.dirname(require.resolve("snarkjs")), "cli.cjs");
const CIRCOM2_CLI = require.resolve("circom2/cli.js");
const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");
const LIBRARIES = [
  path.dirname(require.resolve("circomlib/circuits/poseidon.circom")),
  path.dirname(require.resolve("@zk-kit/circuits/circom/binary-merkle-root.circom")),
];
/** What a side's code needs to generate its circuit's sources and a valid input. */
const TREE = ["package.json", "circuits", "core", "artifacts", "prover", "verifier", "fixtures", "bench"];

// Run in each tree by its own code (so a revision's input builder matches its circuit).
const PREPARE = `import fs from "node:fs";
import { circomSource } from "./artifacts/gen-domain.ts";
import { mainSource } from "./artifacts/compile.ts";
import { circuitInstance } from "./core/circuits.ts";
import { benchInput } from "./bench/inputs.ts";
fs.mkdirSync("circuits/src/generated", { recursive: true });
fs.writeFileSync("circuits/src/generated/domain.circom", circomSource());
fs.writeFileSync("out/main.circom", mainSource(circuitInstance("provenance")));
fs.writeFileSync("out/input.json", JSON.stringify(benchInput("provenance")));
`;

const rel = (p: string) => path.relative(REPO_ROOT, p) || ".";
const log = (line: string) => process.stderr.write(`${line}\n`);

function run(cmd: string, args: string[], cwd: string = REPO_ROOT): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  if (r.status !== 0)
    throw new Error(
      `${path.basename(cmd)} ${args.slice(0, 3).join(" ")} failed (${r.status}):\n${(r.stdout + r.stderr).slice(-3000)}`,
    );
  return r.stdout + r.stderr;
}

interface Side {
  name: "previous" | "current";
  label: string;
  dir: string;
  out: string;
  constraints?: number;
  proveMs: number[];
}

/** Export the side's sources into `dir`: the revision's (git archive) or this working tree's (a copy). */
function exportTree(side: Side, rev: string | undefined): void {
  fs.mkdirSync(side.dir, { recursive: true });
  if (rev !== undefined) {
    const archive = spawnSync("git", ["archive", "--format=tar", rev, ...TREE], { cwd: REPO_ROOT, maxBuffer: 1 << 28 });
    if (archive.status !== 0) throw new Error(`git archive ${rev} failed: ${archive.stderr.toString().trim()}`);
    const untar = spawnSync("tar", ["-x", "-C", side.dir], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString().trim()}`);
  } else {
    for (const p of TREE)
      fs.cpSync(path.join(REPO_ROOT, p), path.join(side.dir, p), {
        recursive: true,
        filter: (src) => !src.startsWith(path.join(REPO_ROOT, "circuits/build")),
      });
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(side.dir, "node_modules"));
  fs.mkdirSync(side.out);
}

/** Generate, compile, set up and check one side's provenance circuit. */
function build(side: Side): void {
  fs.writeFileSync(path.join(side.dir, "prepare.ts"), PREPARE);
  run(TSX, ["prepare.ts"], side.dir);
  const includes = [path.join(side.dir, "circuits/src"), ...LIBRARIES].flatMap((d) => ["-l", rel(d)]);
  const t0 = performance.now();
  const out = run(process.execPath, [
    CIRCOM2_CLI,
    rel(path.join(side.out, "main.circom")),
    "--r1cs",
    "--wasm",
    "--O2",
    ...includes,
    "-o",
    rel(side.out),
  ]).replace(/\x1b\[[0-9;]*m/g, "");
  const nl = /non-linear constraints: (\d+)/.exec(out);
  const l = /(?<!non-)linear constraints: (\d+)/.exec(out);
  if (!nl || !l) throw new Error(`no constraint count in circom2's output for ${side.label}:\n${out.slice(-2000)}`);
  side.constraints = Number(nl[1]) + Number(l[1]);
  log(
    `${side.label}: ${side.constraints} constraints (circom2 --O2, ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
  const f = files(side);
  run(process.execPath, [SNARKJS_CLI, "groth16", "setup", f.r1cs, PTAU, f.zkey]);
  run(process.execPath, [SNARKJS_CLI, "zkey", "export", "verificationkey", f.zkey, f.vkey]);
  prove(side);
  const verdict = run(process.execPath, [SNARKJS_CLI, "groth16", "verify", f.vkey, f.pub, f.proof]);
  if (!/OK!/.test(verdict)) throw new Error(`${side.label}: snarkjs groth16 verify rejected the proof:\n${verdict}`);
  log(`${side.label}: zkey set up with ${PTAU}; a proof verifies`);
}

function files(side: Side) {
  const o = (f: string) => path.join(side.out, f);
  return {
    r1cs: o("main.r1cs"),
    wasm: o("main_js/main.wasm"),
    zkey: o("main.zkey"),
    vkey: o("vkey.json"),
    input: o("input.json"),
    wtns: o("main.wtns"),
    proof: o("proof.json"),
    pub: o("public.json"),
  };
}

/** One proof with the snarkjs CLI (witness, then proof: two processes); its wall milliseconds. */
function prove(side: Side): number {
  const f = files(side);
  const t0 = performance.now();
  execFileSync(process.execPath, [SNARKJS_CLI, "wtns", "calculate", f.wasm, f.input, f.wtns]);
  execFileSync(process.execPath, [SNARKJS_CLI, "groth16", "prove", f.zkey, f.wtns, f.proof, f.pub]);
  return performance.now() - t0;
}

const work = fs.mkdtempSync(path.join(REPO_ROOT, "build/previous-layout-"));
const side = (name: Side["name"], label: string): Side => ({
  name,
  label,
  dir: path.join(work, name),
  out: path.join(work, name, "out"),
  proveMs: [],
});
const previous = side("previous", `previous (${REV})`);
const current = side("current", "current (working tree)");
try {
  exportTree(previous, REV);
  exportTree(current, undefined);
  for (const s of [previous, current]) build(s);
  const loadStart = os.loadavg();
  for (const s of [previous, current]) prove(s); // warm-up: disk cache
  for (let i = 0; i < RUNS; i++)
    for (const s of i % 2 ? [current, previous] : [previous, current]) s.proveMs.push(prove(s));
  const loadEnd = os.loadavg();
  const figures = (s: Side) => ({ constraints: s.constraints, snarkjsCliProveMs: stats(s.proveMs, 0) });
  const p = figures(previous);
  const c = figures(current);
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["status", "--porcelain", "circuits"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout;
  const report = {
    benchmark: "previous-layout",
    circuit: "provenance",
    unit: "ms (snarkjs CLI: wtns calculate + groth16 prove, wall clock)",
    date: new Date().toISOString(),
    runs: RUNS,
    previousRevision: REV,
    currentRevision: `${head}${dirty.trim() ? " + uncommitted circuits/ changes" : ""}`,
    compiler: "circom2 --O2",
    ptau: path.basename(PTAU),
    node: process.versions.node,
    cpus: os.cpus().length,
    loadavg: { start: loadStart.map((x) => Number(x.toFixed(2))), end: loadEnd.map((x) => Number(x.toFixed(2))) },
    previous: p,
    current: c,
    ratio: {
      constraints: Number((c.constraints! / p.constraints!).toFixed(3)),
      proveMedian: Number((c.snarkjsCliProveMs.median / p.snarkjsCliProveMs.median).toFixed(3)),
    },
  };
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
} finally {
  if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
}

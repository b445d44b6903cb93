// The CLI's start-up, measured as whole processes (spawn to exit, wall clock): `zkprov --version`,
// `zkprov keys show <creator key>` and `zkprov --help`, each run three ways in the same rounds, interleaved so
// that all three share the machine's load:
//   before:   tsx on the sources of the revision before the fast start (--before, default 3875adc: eager imports
//             of snarkjs, ethers, Hardhat and the rest), extracted with git archive; its `--version` is an unknown
//             option, which exits 1 after building the same program, so it measures the same start-up
//   tsx:      tsx on this tree's sources (lazy imports, TypeScript compiled at start-up)
//   compiled: bin/zkprov (build/js, compiled by `npm run build`; what users run)
// plus `node -e ""` alone, the floor no command can beat on this machine. Besides the wall clock, each process's
// CPU time (user + sys, from GNU time, 10 ms resolution) is kept: on a loaded machine the wall clock is mostly
// waiting for a core, the CPU time is the work the start-up costs.
//
//   npm run bench:cli                         # table
//   npm run -s bench:cli -- --json > bench/cli-start.json
//   npm run bench:cli -- --runs 21 --before <commit>
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../artifacts/paths.ts";
import { stats, type Stats } from "./stats.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const RUNS = Number(flag("--runs", "15"));
const BEFORE = flag("--before", "3875adc");
const JSON_OUT = args.includes("--json");
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error(`--runs must be a positive integer, got ${flag("--runs", "")}`);

const BIN = path.join(REPO_ROOT, "bin/zkprov");
const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");
const NODE = path.join(REPO_ROOT, "node_modules/.bin/node");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${path.join(REPO_ROOT, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
};
delete env.NODE_OPTIONS;

const GNU_TIME = "/usr/bin/time";
const HAS_TIME = fs.existsSync(GNU_TIME);

/** One whole process: wall and CPU milliseconds (spawn to exit) and its exit status. */
function run(
  argv: readonly string[],
  cwd: string,
): { ms: number; cpuMs?: number; status: number | null; stderr: string } {
  const cpuFile = path.join(cwd, "cpu.txt");
  const full = HAS_TIME ? [GNU_TIME, "-q", "-o", cpuFile, "-f", "%U %S", ...argv] : [...argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0]!, full.slice(1), { cwd, env, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  let cpuMs: number | undefined;
  if (HAS_TIME) {
    const [user, sys] = fs.readFileSync(cpuFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
    cpuMs = Math.round((user! + sys!) * 1000);
  }
  return { ms, cpuMs, status: r.status, stderr: r.stderr };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-cli-start-"));
try {
  // The compiled CLI must be current (bin/zkprov refuses a stale build with the command to run).
  const check = run([BIN, "--version"], work);
  if (check.status !== 0) throw new Error(`bin/zkprov --version failed: ${check.stderr.trim()}`);
  const key = path.join(work, "creator.key.json");
  const made = run([BIN, "keys", "new", "creator", "--out", key], work);
  if (made.status !== 0) throw new Error(`bin/zkprov keys new creator failed: ${made.stderr.trim()}`);

  // The revision before: its sources (what its bin/zkprov ran through tsx) beside this tree's node_modules.
  const before = path.join(work, "before");
  fs.mkdirSync(before);
  const paths = [
    "package.json",
    "core",
    "artifacts",
    "verifier",
    "prover",
    "service",
    "cli",
    "web/serve.ts",
    "circuits",
  ];
  const archive = spawnSync("git", ["archive", "--format=tar", BEFORE, ...paths], {
    cwd: REPO_ROOT,
    maxBuffer: 1 << 28,
  });
  if (archive.status !== 0) throw new Error(`git archive ${BEFORE} failed: ${archive.stderr.toString().trim()}`);
  const untar = spawnSync("tar", ["-x", "-C", before], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString().trim()}`);
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(before, "node_modules"));

  const COMMANDS: Record<string, string[]> = {
    version: ["--version"],
    keysShow: ["keys", "show", key],
    help: ["--help"],
  };
  const VARIANTS: Record<string, string[]> = {
    before: [TSX, path.join(before, "cli/main.ts")],
    tsx: [TSX, path.join(REPO_ROOT, "cli/main.ts")],
    compiled: [BIN],
  };
  const times: Record<string, Record<string, number[]>> = {};
  const cpu: Record<string, Record<string, number[]>> = {};
  const statuses: Record<string, Record<string, Set<number | null>>> = {};
  const floor: number[] = [];
  const floorCpu: number[] = [];
  const loadBefore = os.loadavg();
  for (let i = 0; i < RUNS; i++) {
    const f = run([NODE, "-e", ""], work);
    floor.push(f.ms);
    if (f.cpuMs !== undefined) floorCpu.push(f.cpuMs);
    for (const [c, cargs] of Object.entries(COMMANDS))
      for (const [v, vargv] of Object.entries(VARIANTS)) {
        const r = run([...vargv, ...cargs], work);
        ((times[c] ??= {})[v] ??= []).push(r.ms);
        if (r.cpuMs !== undefined) ((cpu[c] ??= {})[v] ??= []).push(r.cpuMs);
        ((statuses[c] ??= {})[v] ??= new Set()).add(r.status);
      }
  }
  const loadAfter = os.loadavg();

  const results: Record<string, Record<string, Stats & { cpu?: Stats; exit: (number | null)[] }>> = {};
  for (const [c, byVariant] of Object.entries(times))
    for (const [v, xs] of Object.entries(byVariant)) {
      const cpuXs = cpu[c]?.[v];
      (results[c] ??= {})[v] = {
        ...stats(xs, 0),
        ...(cpuXs ? { cpu: stats(cpuXs, 0) } : {}),
        exit: [...statuses[c]![v]!],
      };
    }
  const report = {
    benchmark: "cli-start",
    unit: "ms (whole process, spawn to exit, wall clock)",
    date: new Date().toISOString(),
    runs: RUNS,
    before: BEFORE,
    node: process.versions.node,
    cpus: os.cpus().length,
    loadavg: { start: loadBefore.map((x) => Number(x.toFixed(2))), end: loadAfter.map((x) => Number(x.toFixed(2))) },
    floor: { ...stats(floor, 0), ...(floorCpu.length ? { cpu: stats(floorCpu, 0) } : {}) },
    results,
  };
  if (JSON_OUT) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else {
    process.stdout.write(
      `CLI start-up, median (min-max) ms of ${RUNS} runs; load ${report.loadavg.start[0]} -> ${report.loadavg.end[0]}; ` +
        `node -e "" alone: ${report.floor.median} ms (CPU ${report.floor.cpu?.median ?? "-"} ms)\n`,
    );
    process.stdout.write(
      `${"command".padEnd(10)} ${Object.keys(VARIANTS)
        .map((v) => v.padStart(26))
        .join(" ")}\n`,
    );
    for (const [c, byVariant] of Object.entries(results))
      process.stdout.write(
        `${c.padEnd(10)} ${Object.values(byVariant)
          .map((s) => `${s.median} (${s.min}-${s.max}) cpu ${s.cpu?.median ?? "-"}`.padStart(26))
          .join(" ")}\n`,
      );
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

// Load on the prover service over loopback: N proof jobs submitted at once (saturation), each followed to
// the end, first against the embedded service (SQLite + worker threads, one per core), then against an API
// node with two BullMQ worker processes (one prover thread each) on a redis-server of its own; then the
// same N proofs made back to back by the snarkjs CLI (`snarkjs wtns calculate` + `snarkjs groth16 prove`
// as processes) on the same circuit. Reports proofs per minute, job latency p50/p95/p99 (accepted ->
// done, server clock), errors, and the ratios to the CLI. Bounded: --count jobs, --timeout seconds per
// phase. Prints a table, or with --json one object. Numbers only, no verdicts.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { REPO_ROOT, artifactPaths } from "../artifacts/paths.ts";
import { randomFieldElement } from "../prover/keys.ts";
import { SqliteStore } from "../service/sqlite-store.ts";
import { RedisStore } from "../service/redis-store.ts";
import { toCircuitInput, type ProofRequest } from "../service/schemas.ts";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    count: { type: "string", default: "20" },
    timeout: { type: "string", default: "300" },
  },
});
const count = Number(values.count);
const timeoutMs = Number(values.timeout) * 1000;
if (!Number.isInteger(count) || count < 1 || count > 500) throw new Error("--count must be an integer in 1..500");
const require = createRequire(import.meta.url);
const SNARKJS_CLI = path.join(path.dirname(require.resolve("snarkjs")), "cli.cjs");
const log = (s: string) => values.json || process.stderr.write(s + "\n");

function request(): ProofRequest {
  return {
    circuit: "royalty-claim",
    chainId: "31337",
    input: {
      secret: randomFieldElement().toString(),
      blinding: randomFieldElement().toString(),
      assetHash: (randomFieldElement() >> 3n).toString(),
      context: "42",
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
function start(cmd: string, args: string[]): ChildProcess {
  const p = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  children.push(p);
  return p;
}
const service = (args: string[]) =>
  start(process.execPath, [
    "--import",
    "tsx",
    path.join(REPO_ROOT, "cli/main.ts"),
    "serve",
    ...args,
    "--log-level",
    "warn",
  ]);
async function stop(p: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once("exit", r));
  p.kill(signal);
  await exited;
}

async function until(fn: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface PhaseResult {
  proofs: number;
  errors: number;
  wallSeconds: number;
  proofsPerMinute: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

// Submit `count` jobs at once, follow each to the end (long-poll), measure.
async function load(url: string, token: string): Promise<PhaseResult> {
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  const t0 = performance.now();
  const deadline = Date.now() + timeoutMs;
  let errors = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const r = await fetch(`${url}/v1/proofs`, { method: "POST", headers, body: JSON.stringify(request()) });
      if (r.status !== 202) {
        errors++;
        return;
      }
      const { id } = (await r.json()) as { id: string };
      while (Date.now() < deadline) {
        const g = await fetch(`${url}/v1/proofs/${id}?wait=30`, { headers });
        const job = (await g.json()) as { state: string; createdAt: string; finishedAt: string | null };
        if (job.state === "done") {
          latencies.push(Date.parse(job.finishedAt!) - Date.parse(job.createdAt));
          return;
        }
        if (job.state === "failed") {
          errors++;
          return;
        }
      }
      errors++;
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const s = latencies.sort((a, b) => a - b);
  return {
    proofs: s.length,
    errors,
    wallSeconds: +wall.toFixed(2),
    proofsPerMinute: +((s.length / wall) * 60).toFixed(1),
    latencyMs: s.length
      ? { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s.at(-1)! }
      : { p50: 0, p95: 0, p99: 0, max: 0 },
  };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-load-"));
const limits = ["--max-queue", String(count + 10), "--max-jobs-per-key", String(count + 10)];
try {
  // Embedded: one process, one prover thread per core.
  log(`embedded: ${count} royalty-claim jobs`);
  const dirA = path.join(tmp, "embedded");
  const storeA = new SqliteStore(dirA);
  const tokenA = (await storeA.createApiKey("bench")).token;
  await storeA.close();
  const portA = await freePort();
  const urlA = `http://127.0.0.1:${portA}`;
  const a = service(["--port", String(portA), "--data-dir", dirA, ...limits]);
  await until(async () => (await fetch(`${urlA}/ready`)).ok, 60_000, "the embedded service");
  const embedded = await load(urlA, tokenA);
  await stop(a);

  // Scale-out: redis-server, one API node, two worker processes with one prover thread each.
  log(`bullmq: ${count} royalty-claim jobs, 2 worker processes`);
  const redisPort = await freePort();
  const redisDir = path.join(tmp, "redis");
  fs.mkdirSync(redisDir);
  const redis = start("/usr/bin/redis-server", [
    ...["--port", String(redisPort), "--bind", "127.0.0.1", "--dir", redisDir],
    // As docs/SERVICE.md says to run it (the nodes refuse anything less durable).
    ...["--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction", "--save", ""],
  ]);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  await until(
    () =>
      new Promise((r) => {
        const s = net.connect(redisPort, "127.0.0.1", () => (s.end(), r(true))).on("error", () => r(false));
      }),
    10_000,
    "redis-server",
  );
  const dirB = path.join(tmp, "bullmq");
  const storeB = new RedisStore(redisUrl);
  await storeB.connect();
  const tokenB = (await storeB.createApiKey("bench")).token;
  await storeB.close();
  const portB = await freePort();
  const urlB = `http://127.0.0.1:${portB}`;
  const common = ["--redis", redisUrl, "--data-dir", dirB];
  const apiNode = service(["--mode", "api", "--port", String(portB), ...common, ...limits]);
  const workerPorts = [await freePort(), await freePort()];
  const workers = workerPorts.map((p) =>
    service(["--mode", "worker", "--port", String(p), "--workers", "1", ...common]),
  );
  await until(async () => (await fetch(`${urlB}/ready`)).ok, 60_000, "the API node");
  for (const p of workerPorts)
    await until(async () => (await fetch(`http://127.0.0.1:${p}/ready`)).ok, 60_000, "a worker node");
  const bullmq = await load(urlB, tokenB);
  for (const w of workers) await stop(w);
  await stop(apiNode);
  await stop(redis, "SIGKILL");

  // The snarkjs CLI, back to back, on the same circuit and the same kind of inputs.
  log(`snarkjs CLI: ${count} proofs back to back`);
  const p = artifactPaths("royaltyClaim");
  const times: number[] = [];
  const c0 = performance.now();
  for (let i = 0; i < count; i++) {
    const inFile = path.join(tmp, "input.json");
    fs.writeFileSync(inFile, JSON.stringify(toCircuitInput(request()).input));
    const t = performance.now();
    execFileSync(process.execPath, [SNARKJS_CLI, "wtns", "calculate", p.wasm, inFile, path.join(tmp, "w.wtns")]);
    execFileSync(process.execPath, [
      ...[SNARKJS_CLI, "groth16", "prove", p.zkey, path.join(tmp, "w.wtns")],
      ...[path.join(tmp, "proof.json"), path.join(tmp, "public.json")],
    ]);
    times.push(performance.now() - t);
  }
  const cliWall = (performance.now() - c0) / 1000;
  const cs = times.sort((x, y) => x - y).map(Math.round);
  const cli = {
    proofs: count,
    wallSeconds: +cliWall.toFixed(2),
    proofsPerMinute: +((count / cliWall) * 60).toFixed(1),
    perProofMs: { p50: pct(cs, 50), p95: pct(cs, 95), max: cs.at(-1)! },
  };

  const result = {
    machine: {
      cpus: os.availableParallelism(),
      model: os.cpus()[0]?.model,
      node: process.version,
      // The machine is shared: the 1-minute load average at the end of the run says how much.
      loadAverage1m: +os.loadavg()[0]!.toFixed(2),
    },
    circuit: "royaltyClaim",
    count,
    embedded: { workers: os.availableParallelism(), ...embedded },
    bullmq: { workerProcesses: 2, threadsPerWorker: 1, ...bullmq },
    snarkjsCli: cli,
    ratio: {
      embeddedToCli: +(embedded.proofsPerMinute / cli.proofsPerMinute).toFixed(2),
      bullmqToCli: +(bullmq.proofsPerMinute / cli.proofsPerMinute).toFixed(2),
    },
  };
  if (values.json) process.stdout.write(JSON.stringify(result) + "\n");
  else {
    const row = (name: string, r: { proofsPerMinute: number; wallSeconds: number }, extra: string) =>
      console.log(
        `${name.padEnd(12)} ${String(r.proofsPerMinute).padStart(8)} proofs/min  ${String(r.wallSeconds).padStart(7)} s  ${extra}`,
      );
    console.log(`royaltyClaim, ${count} proofs, ${result.machine.cpus} cores`);
    row(
      "embedded",
      embedded,
      `p50/p95/p99 ${embedded.latencyMs.p50}/${embedded.latencyMs.p95}/${embedded.latencyMs.p99} ms, errors ${embedded.errors}`,
    );
    row(
      "bullmq x2",
      bullmq,
      `p50/p95/p99 ${bullmq.latencyMs.p50}/${bullmq.latencyMs.p95}/${bullmq.latencyMs.p99} ms, errors ${bullmq.errors}`,
    );
    row("snarkjs CLI", cli, `per proof p50 ${cli.perProofMs.p50} ms`);
    console.log(`ratio to the CLI: embedded ${result.ratio.embeddedToCli}, bullmq ${result.ratio.bullmqToCli}`);
  }
} finally {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  fs.rmSync(tmp, { recursive: true, force: true });
}

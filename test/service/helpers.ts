// Shared pieces of the service tests: requests in the shapes the API takes, a free loopback port, a real
// redis-server of the test's own, service processes spawned with the repository's Node and tsx, and
// bundle verification against the built verification keys.
import { spawn, type ChildProcess } from "node:child_process";
import { Writable } from "node:stream";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT, artifactPaths } from "../../artifacts/paths.ts";
import { verifyBundle } from "../../verifier/bundle.ts";
import { registryRoots, type CircuitId } from "../../core/circuits.ts";
import type { VerificationKey } from "../../core/vkey.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import type { ProvenanceWitnessData } from "../../prover/inputs.ts";
import { makeScenario } from "../../fixtures/scenario.ts";
import { freePort } from "../helpers/net.ts";
import { unseal } from "../../service/seal.ts";
import { type ProofBundle } from "../../core/formats/bundle.ts";

/** A royalty-claim request with fresh secrets (the fastest circuit, ~1 s a proof). */
export function royaltyClaimRequest(): { circuit: "royalty-claim"; input: Record<string, string> } {
  return {
    circuit: "royalty-claim",
    input: {
      secret: randomFieldElement().toString(),
      blinding: randomFieldElement().toString(),
      assetHash: (randomFieldElement() >> 3n).toString(),
      context: "42",
    },
  };
}

// bigints to decimal strings, everything else as is.
function jsonable(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return v.map(jsonable);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonable(x)]));
  return v;
}

/** A provenance request for a consistent scenario (registries, attestation, license). */
export function provenanceRequest(): { circuit: "provenance"; input: unknown } {
  const data: ProvenanceWitnessData = makeScenario().data;
  return { circuit: "provenance", input: jsonable(data) };
}

export { freePort };

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Poll `fn` until it returns a value other than undefined, or fail after `ms`. */
export async function waitFor<T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The Redis configuration the service requires (docs/SERVICE.md, "Redis"). */
export const DURABLE_REDIS_ARGS = [
  "--appendonly",
  "yes",
  "--appendfsync",
  "always",
  "--maxmemory-policy",
  "noeviction",
  // The key Redis's: no RDB snapshot keeps erased data keys (old append-only files are removed by default).
  "--save",
  "",
];

/** A redis-server of the test's own on loopback, a free port and a temp dir; kill() and start() again on both. */
export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** kill -9 the server (nothing flushed beyond what its configuration already wrote). */
  kill(): Promise<void>;
  /** Start it again on the same port and directory (it replays its append-only file). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of the test's own, configured as the service requires (appendonly, fsync on every write,
 * noeviction), or with Redis's defaults for persistence (`durable: false`: RDB snapshots only).
 */
export async function startRedis(o: { durable?: boolean; args?: string[] } = {}): Promise<TestRedis> {
  const bin = "/usr/bin/redis-server";
  expect(fs.existsSync(bin), `${bin} is required (scripts install Debian's redis-server)`).to.equal(true);
  const port = await freePort();
  const tmp = tempDir("zkprov-redis-");
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--dir", tmp.dir],
    ...(o.durable === false ? [] : DURABLE_REDIS_ARGS),
    ...(o.args ?? []),
  ];
  let proc: ChildProcess | null = null;
  const start = async () => {
    const p = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    proc = p;
    let out = "";
    p.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    await waitFor(async () => (/Ready to accept connections/.test(out) ? true : undefined), 20_000, "redis-server");
  };
  const kill = async () => {
    const p = proc;
    if (p && p.exitCode === null && p.signalCode === null) {
      const exited = new Promise((r) => p.once("exit", r));
      p.kill("SIGKILL");
      await exited;
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir: tmp.dir,
    kill,
    start,
    stop: async () => {
      await kill();
      tmp.remove();
    },
  };
}

/** Collects the JSON log lines of an in-process service (buildServer's logStream). */
export function logSink(): { stream: Writable; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  let buf = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      buf += chunk.toString();
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) if (l) logs.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { stream, logs };
}

/** The test-only prover thread (fixtures/faulty-prover-worker.ts) and its control directory. */
export const FAULTY_PROVER_WORKER = path.join(REPO_ROOT, "test/service/fixtures/faulty-prover-worker.ts");

/** A service process (cli/main.ts serve, the same as `zkprov serve`) and its JSON log lines. */
export interface ServiceProcess {
  proc: ChildProcess;
  logs: Record<string, unknown>[];
  /** Lines on stdout that are not JSON, and everything on stderr (both should stay empty). */
  noise: string[];
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** Spawn the service with `args` under the repository's Node and tsx. */
export function spawnService(args: string[]): ServiceProcess {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "cli/main.ts"), "serve", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  const noise: string[] = [];
  let buf = "";
  proc.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split("\n");
    buf = lines.pop()!;
    for (const l of lines) {
      try {
        logs.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        noise.push(l);
      }
    }
  });
  proc.stderr!.on("data", (d: Buffer) =>
    noise.push(
      ...d
        .toString()
        .split("\n")
        .filter((l) => l.trim()),
    ),
  );
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));
  return { proc, logs, noise, exited };
}

/** Wait until a spawned service answers /ready. */
export async function waitReady(url: string, ms = 30_000): Promise<void> {
  await waitFor(
    async () => {
      try {
        return (await fetch(`${url}/ready`)).ok ? true : undefined;
      } catch {
        return undefined;
      }
    },
    ms,
    `${url}/ready`,
  );
}

const vkeys = new Map<CircuitId, VerificationKey>();

/**
 * Verify a bundle against the built verification key of its circuit; fail the test with the checks if a check
 * fails. No registry is given (the service has none): a circuit proving against registry roots gets the verdict
 * "proof verifies; registry membership not checked", which also shows its roots are the ones circuits.json names.
 */
export async function expectValidBundle(bundle: ProofBundle): Promise<void> {
  const id = bundle.circuit;
  if (!vkeys.has(id)) vkeys.set(id, JSON.parse(fs.readFileSync(artifactPaths(id).vkey, "utf8")) as VerificationKey);
  const report = await verifyBundle(bundle, { vkey: vkeys.get(id)! });
  const expected = registryRoots(id).length > 0 ? "unchecked" : "valid";
  expect(report.verdict, JSON.stringify(report.checks)).to.equal(expected);
  expect(report.checks.find((c) => c.name === "proof")!.status).to.equal("pass");
}

/** Long-poll job `id` until it is done or failed (at most `ms`), and return it as the API shows it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field
export async function waitJobEnd(url: string, token: string, id: string, ms = 120_000): Promise<any> {
  return waitFor(
    async () => {
      const r = await api(url, "GET", `/v1/proofs/${id}?wait=20`, { token });
      return r.body.state === "done" || r.body.state === "failed" ? r.body : undefined;
    },
    ms,
    `job ${id}`,
  );
}

/** A JSON request to the API. */
export async function api(
  url: string,
  method: string,
  route: string,
  o: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...o.headers,
    },
    body: o.body === undefined ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (metrics, SSE)
  }
  return { status: res.status, headers: res.headers, body };
}

/** Every file under `dir` (recursively), relative paths, sorted. */
export function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/** Length of a wrapped data key in base64: 12-byte IV, 16-byte tag, the 32-byte key as 44 base64 characters. */
const WRAPPED_KEY_CHARS = ((12 + 16 + 44) / 3) * 4;
/** How far a sealed input may be run together with its neighbours in a file (a database record's short columns). */
const RUN_SLACK = 128;

/**
 * What someone holding these files and the service key can recover of job `id`. Every run of base64 characters
 * in every file is searched: each 96-character window is tried as the job's wrapped data key, and with each data
 * key so opened, each run (trimmed by up to 128 characters at either end: a database record puts a few short
 * columns beside the sealed input) as its sealed input. Returns the inputs opened (none once the job's data key
 * is erased from every file).
 */
export function recoverInputs(dirs: string[], serviceKey: Buffer, id: string): string[] {
  const runs = new Set<string>();
  for (const dir of dirs) {
    for (const f of filesUnder(dir)) {
      for (const m of fs
        .readFileSync(path.join(dir, f))
        .toString("latin1")
        .matchAll(/[A-Za-z0-9+/]{40,}={0,2}/g)) {
        runs.add(m[0]);
      }
    }
  }
  const dataKeys = new Map<string, Buffer>();
  for (const run of runs) {
    for (let at = 0; at + WRAPPED_KEY_CHARS <= run.length; at++) {
      const window = run.slice(at, at + WRAPPED_KEY_CHARS);
      try {
        dataKeys.set(window, Buffer.from(unseal(serviceKey, `job key ${id}`, window), "base64"));
      } catch {
        // not this job's wrapped data key
      }
    }
  }
  const opened = new Set<string>();
  for (const k of dataKeys.values()) {
    for (const run of runs) {
      for (let from = 0; from < Math.min(RUN_SLACK, run.length); from++) {
        for (let to = run.length; to >= Math.max(from + 40, run.length - RUN_SLACK); to--) {
          if ((to - from) % 4 !== 0) continue;
          try {
            opened.add(unseal(k, id, run.slice(from, to)));
          } catch {
            // not this job's sealed input
          }
        }
      }
    }
  }
  return [...opened];
}

// The session chain: a `hardhat node` on loopback, started detached by `zkprov chain start` (pid, url and log
// file recorded in the project) and stopped by `zkprov chain stop`.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { DEV_CHAIN_ID } from "../../core/context.ts";
import { ChainError, InvalidInputError } from "../../core/errors.ts";
import { probeRpc } from "./connect.ts";
import { saveProject, type Project } from "./project.ts";

/** True if a process with `pid` exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The state of the project's node. */
export interface NodeStatus {
  running: boolean;
  pid?: number;
  url?: string;
  log?: string;
}

/**
 * Whether the node recorded in the project is running (its process exists and answers on its URL).
 *
 * @example (await nodeStatus(project)).running
 */
export async function nodeStatus(p: Project): Promise<NodeStatus> {
  const node = p.data.chain?.node;
  if (!node) return { running: false };
  if (!alive(node.pid)) return { running: false, pid: node.pid, url: node.url, log: node.log };
  try {
    await probeRpc(node.url, 2000);
    return { running: true, pid: node.pid, url: node.url, log: node.log };
  } catch {
    return { running: false, pid: node.pid, url: node.url, log: node.log };
  }
}

/**
 * Start a `hardhat node` on 127.0.0.1:`port`, detached, logging to the project's chain.log; wait until it answers;
 * record pid, url and log in project.json and make it the project's chain.
 *
 * @throws {InvalidInputError} if the project's node is already running.
 * @throws {ChainError} if the port is taken or the node does not come up within `timeoutMs` (the log is named).
 * @example const { url } = await startNode(project, { port: 8545 })
 */
export async function startNode(
  p: Project,
  o: { port?: number; timeoutMs?: number } = {},
): Promise<{ pid: number; url: string; log: string }> {
  const status = await nodeStatus(p);
  if (status.running)
    throw new InvalidInputError(
      `the project's chain is already running (pid ${status.pid}, ${status.url}): stop it first with \`zkprov chain stop\``,
    );
  const port = o.port ?? 8545;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidInputError(`--port ${port} is not a port`);
  const url = `http://127.0.0.1:${port}`;
  let taken = false;
  try {
    await probeRpc(url, 1000);
    taken = true;
  } catch {
    /* nothing answers there: the port is free for the node */
  }
  if (taken) throw new ChainError(`something already answers on ${url}: choose another --port`);
  const log = path.join(p.dir, "chain.log");
  const out = fs.openSync(log, "w");
  const hardhat = path.join(REPO_ROOT, "node_modules/.bin/hardhat");
  const child = spawn(hardhat, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, CI: "true", HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
  });
  fs.closeSync(out);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new ChainError(`could not start hardhat node (see ${log})`);
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    try {
      await probeRpc(url, 1000);
      break;
    } catch {
      if (!alive(pid)) throw new ChainError(`hardhat node exited during start-up: see ${log}`);
      if (Date.now() > deadline) {
        process.kill(-pid, "SIGTERM");
        throw new ChainError(
          `hardhat node did not answer on ${url} within ${(o.timeoutMs ?? 60_000) / 1000} s: see ${log}`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  p.data.chain = {
    rpc: url,
    chainId: DEV_CHAIN_ID.toString(),
    node: { pid, url, port, log, startedAt: new Date().toISOString() },
  };
  saveProject(p);
  return { pid, url, log };
}

/**
 * Stop the project's node (SIGTERM to its process group, then wait for it to end) and forget it. The
 * deployment recorded on it is forgotten too: a new node starts from an empty chain.
 *
 * @throws {InvalidInputError} if the project records no node.
 * @example await stopNode(project)
 */
export async function stopNode(p: Project): Promise<{ pid: number; wasRunning: boolean }> {
  const node = p.data.chain?.node;
  if (!node) throw new InvalidInputError(`project ${p.dir} has no chain started by \`zkprov chain start\``);
  const wasRunning = alive(node.pid);
  if (wasRunning) {
    try {
      process.kill(-node.pid, "SIGTERM");
    } catch {
      process.kill(node.pid, "SIGTERM");
    }
    for (let i = 0; i < 100 && alive(node.pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(node.pid)) process.kill(-node.pid, "SIGKILL");
  }
  if (p.data.deployment?.rpc === node.url) delete p.data.deployment;
  delete p.data.chain;
  saveProject(p);
  return { pid: node.pid, wasRunning };
}

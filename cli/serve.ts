// zkprov serve, and zkprov service key create | list | revoke: the prover service (service/) from the CLI.
import fs from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import type { FastifyInstance } from "fastify";
import { InvalidInputError } from "../core/errors.ts";
import type { ServiceConfigInput } from "../service/config.ts";
import { SERVICE_MODES } from "../service/modes.ts";
import { emit } from "./output.ts";

function int(value: string, name: string): number {
  if (!/^[0-9]+$/.test(value))
    throw new InvalidInputError(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

const storeOptions = (c: Command): Command =>
  c
    .option("--data-dir <dir>", "service data directory (embedded store)")
    .option("--redis <url>", "Redis URL (the store of api and worker nodes)");

// The service's modules (node:sqlite, fastify, piscina, bullmq) load only when a service command runs.
async function storeOf(o: { dataDir?: string; redis?: string }, cmd: Command) {
  const [{ openStore }, { parseServiceConfig }] = await Promise.all([
    import("../service/server.ts"),
    import("../service/config.ts"),
  ]);
  const config = parseServiceConfig({
    mode: o.redis ? "api" : "embedded",
    dataDir: await dataDirOf(o.dataDir, cmd),
    ...(o.redis ? { redisUrl: o.redis } : {}),
  });
  return openStore(config);
}

/** The service's data folder: --data-dir, else `service/` in the project folder (--project, $ZKPROV_PROJECT, ./zkprov-project). */
async function dataDirOf(explicit: string | undefined, cmd: Command): Promise<string> {
  if (explicit !== undefined) return explicit;
  const { projectDir } = await import("../prover/chain/project.ts");
  return path.join(projectDir((cmd.optsWithGlobals() as { project?: string }).project), "service");
}

/** The `serve` command: start the prover service (embedded SQLite + worker threads unless told otherwise). */
export function serveCommand(): Command {
  return new Command("serve")
    .description("run the prover service (HTTP API; embedded by default, api or worker nodes over Redis)")
    .option("--port <n>", "port to listen on", "8080")
    .option("--host <addr>", "address to listen on", "127.0.0.1")
    .addOption(new Option("--mode <mode>", "embedded, api or worker").choices(SERVICE_MODES).default("embedded"))
    .option("--redis <url>", "Redis URL (api and worker modes)")
    .option("--key-redis <url>", "api and worker modes: Redis for the jobs' data keys (default: --redis)")
    .option("--data-dir <dir>", "data directory: jobs database and service key (default: the project's service/)")
    .option("--workers <n>", "prover threads (default: the cores)")
    .option("--max-queue <n>", "queued + proving jobs before 429")
    .option("--max-jobs-per-key <n>", "unfinished jobs per API key")
    .option("--rate-limit <n>", "requests per minute per API key")
    .option("--body-limit <bytes>", "largest request body")
    .option("--max-attempts <n>", "tries of a job whose worker crashes")
    .option("--shutdown-timeout <ms>", "wait for in-flight proofs on SIGTERM before handing them back")
    .option("--stalled-interval <ms>", "worker nodes: how often to look for jobs of dead workers")
    .option("--lock-duration <ms>", "worker nodes: how long a dead worker's job stays locked")
    .option("--static <dir>", "folder served at / (default: web/dist if built)")
    .option(
      "--allow-volatile-redis",
      "api and worker nodes: run on a Redis that may lose jobs on a crash (throwaway setups)",
    )
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent")
    .action(async (o: Record<string, string | undefined> & { allowVolatileRedis?: boolean }, cmd: Command) => {
      const n = (k: string, name: string) => (o[k] === undefined ? undefined : int(o[k]!, name));
      const config: ServiceConfigInput = {
        mode: o.mode as ServiceConfigInput["mode"],
        host: o.host,
        port: n("port", "--port"),
        redisUrl: o.redis,
        keyRedisUrl: o.keyRedis,
        dataDir: await dataDirOf(o.dataDir, cmd),
        workers: n("workers", "--workers"),
        maxQueue: n("maxQueue", "--max-queue"),
        maxJobsPerKey: n("maxJobsPerKey", "--max-jobs-per-key"),
        rateLimit: o.rateLimit === undefined ? undefined : { max: int(o.rateLimit, "--rate-limit"), windowMs: 60_000 },
        bodyLimit: n("bodyLimit", "--body-limit"),
        maxAttempts: n("maxAttempts", "--max-attempts"),
        shutdownTimeoutMs: n("shutdownTimeout", "--shutdown-timeout"),
        stalledIntervalMs: n("stalledInterval", "--stalled-interval"),
        lockDurationMs: n("lockDuration", "--lock-duration"),
        allowVolatileRedis: o.allowVolatileRedis ? true : undefined,
        logLevel: o.logLevel as ServiceConfigInput["logLevel"],
      };
      const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
      const { startService } = await import("../service/start.ts");
      // The regulator's verification page at / (web/serve.ts, with its Content-Security-Policy), given to the
      // service as a plugin: the service itself knows nothing of web/.
      const { registerVerificationPage, WEB_DIST } = await import("../web/serve.ts");
      const root = o.static ?? (fs.existsSync(path.join(WEB_DIST, "index.html")) ? WEB_DIST : undefined);
      const page = root ? (app: FastifyInstance) => registerVerificationPage(app, { root }) : undefined;
      await startService({ ...defined, page });
    });
}

/** The `service` command group: API keys of the prover service (stored hashed; the key is shown once). */
export function serviceCommand(): Command {
  const service = new Command("service").description("administer the prover service");
  const key = service.command("key").description("API keys");
  storeOptions(key.command("create").description("create an API key; prints it once"))
    .requiredOption("--label <text>", "who the key is for")
    .action(async (o: { label: string; dataDir?: string; redis?: string }, cmd: Command) => {
      const store = await storeOf(o, cmd);
      try {
        const { info, token } = await store.createApiKey(o.label);
        emit(cmd, { id: info.id, label: info.label, key: token });
      } finally {
        await store.close();
      }
    });
  storeOptions(key.command("list").description("list API keys (ids and labels, never the keys)")).action(
    async (o: { dataDir?: string; redis?: string }, cmd: Command) => {
      const store = await storeOf(o, cmd);
      try {
        const keys = await store.listApiKeys();
        emit(cmd, { keys }, () => {
          for (const k of keys) process.stdout.write(`${k.id}  ${k.revokedAt ? "revoked" : "active "}  ${k.label}\n`);
        });
      } finally {
        await store.close();
      }
    },
  );
  storeOptions(key.command("revoke").description("revoke an API key").argument("<id>", "key id")).action(
    async (id: string, o: { dataDir?: string; redis?: string }, cmd: Command) => {
      const store = await storeOf(o, cmd);
      try {
        if (!(await store.revokeApiKey(id))) throw new InvalidInputError(`no active API key ${id}`);
        emit(cmd, { revoked: id });
      } finally {
        await store.close();
      }
    },
  );
  return service;
}

/** Both commands, for program.ts. */
export function serviceCommands(): Command[] {
  return [serveCommand(), serviceCommand()];
}

// The prover service's HTTP shell (fastify), composed of plugins: errors (the envelope, 404/405), body
// (JSON only, prototype keys refused), health routes, and in the /v1 scope auth (API keys, limits) and
// the job routes, over a store and an executor. It makes no proof itself (execute.ts, prover-worker.ts).
import type { ServerResponse } from "node:http";
import type { Writable } from "node:stream";
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from "fastify";
import fastifySwagger from "@fastify/swagger";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { parseServiceConfig, type ServiceConfig, type ServiceConfigInput } from "./config.ts";
import { EmbeddedExecutor, QueueExecutor, WorkerExecutor, type Executor } from "./executors.ts";
import { createMetrics, type ServiceMetrics } from "./metrics.ts";
import { ProverPool } from "./pool.ts";
import { authPlugin } from "./plugins/auth.ts";
import { bodyPlugin, schemaKeys } from "./plugins/body.ts";
import { errorsPlugin } from "./plugins/errors.ts";
import { RedisStore, type RedisLog } from "./redis-store.ts";
import { requireDurableRedis } from "./redis-durability.ts";
import { healthRoutes } from "./routes/health.ts";
import { jobRoutes } from "./routes/jobs.ts";
import { proofRequestSchema } from "./schemas.ts";
import { loadServiceKey } from "./seal.ts";
import { SqliteStore } from "./sqlite-store.ts";
import type { Store } from "./store.ts";

/** A running service: its fastify app and parts. */
export interface ProverService {
  app: FastifyInstance;
  config: ServiceConfig;
  store: Store;
  executor: Executor;
  metrics: ServiceMetrics;
  /** Listen on config.host:config.port; resolves to the base URL. */
  listen(): Promise<string>;
  /** Graceful shutdown: stop accepting, finish or hand back in-flight jobs, close the store. */
  close(): Promise<void>;
}

/** Options of buildServer beyond the configuration. */
export interface BuildServerOptions extends ServiceConfigInput {
  /** False for no logs (tests). Defaults to JSON logs at config.logLevel on stdout. */
  logger?: boolean;
  /** Write the JSON logs to this stream instead of stdout (tests read them). */
  logStream?: Writable;
  /** A fastify plugin serving pages at / (the CLI passes the regulator's verification page, web/serve.ts). */
  page?: FastifyPluginAsync;
  /** The prover threads' module (pool.ts ProverPoolOptions.workerFile): tests inject crashes through it. */
  proverWorker?: string | URL;
}

/**
 * The store a mode uses: SQLite in `dataDir` (embedded), or Redis (api, worker), connected.
 *
 * @throws {StoreUnavailableError} if Redis cannot be reached.
 * @example const store = await openStore({ mode: "embedded", dataDir: ".zkprov-service" })
 */
export async function openStore(
  config: Pick<ServiceConfig, "mode" | "dataDir" | "redisUrl"> & Partial<Pick<ServiceConfig, "keyRedisUrl">>,
  log?: RedisLog,
): Promise<Store> {
  if (config.mode === "embedded") return new SqliteStore(config.dataDir);
  const store = new RedisStore(config.redisUrl!, { log, keyUrl: config.keyRedisUrl });
  await store.connect();
  return store;
}

/**
 * Build the prover service for a configuration: the store and executor of its mode (api and worker nodes
 * refuse a Redis that would lose jobs on a crash, unless allowVolatileRedis), the prover pool (embedded and
 * worker modes), and the fastify app. Worker nodes serve only /health, /ready and /metrics.
 *
 * @throws {InvalidInputError} for an invalid configuration or a non-durable Redis.
 * @example const service = await buildServer({ port: 8080 }); await service.listen()
 */
export async function buildServer(options: BuildServerOptions = {}): Promise<ProverService> {
  const { logger, logStream, page, proverWorker, ...configInput } = options;
  const config = parseServiceConfig(configInput);
  const app = Fastify({
    logger:
      logger === false ? false : logStream ? { level: config.logLevel, stream: logStream } : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    forceCloseConnections: "idle",
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const serviceKey = loadServiceKey(config.dataDir);
  const store = await openStore(config, app.log);
  try {
    if (store instanceof RedisStore) {
      const keys = store.keyStore;
      await requireDurableRedis(store.connection, config.redisUrl!, config.allowVolatileRedis, app.log, {
        keys: !keys.separate,
      });
      if (keys.separate) {
        await requireDurableRedis(keys.connection, keys.url, config.allowVolatileRedis, app.log, { keys: true });
      }
      store.startShredder();
    }
  } catch (e) {
    await store.close();
    throw e;
  }
  const pool =
    config.mode === "api"
      ? null
      : new ProverPool({
          workers: config.workers,
          buildDir: config.buildDir,
          workerFile: proverWorker,
          onWorkerError: (e) => app.log.warn({ err: e.message }, "a prover thread died"),
        });
  const metrics = createMetrics(store, () => pool);
  const ctx = {
    store,
    pool: pool!,
    serviceKey,
    maxAttempts: config.maxAttempts,
    metrics,
    log: app.log,
    storeRetryMs: config.storeRetryMs,
  };
  const executor: Executor =
    config.mode === "embedded"
      ? new EmbeddedExecutor(ctx)
      : config.mode === "api"
        ? new QueueExecutor(ctx, config.redisUrl!, config.queueName)
        : new WorkerExecutor(ctx, config.redisUrl!, config.queueName, config);

  await app.register(errorsPlugin, { bodyLimit: config.bodyLimit });
  await app.register(bodyPlugin, { knownKeys: schemaKeys(proofRequestSchema) });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "zkprov prover service", version: "1.0.0" },
      components: {
        securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "zkprov service key create" } },
      },
    },
    transform: jsonSchemaTransform,
  });

  // Open SSE streams, ended when the service closes.
  const streams = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const s of streams) s.end();
  });
  app.addHook("onClose", async () => {
    await executor.close(config.shutdownTimeoutMs);
    await store.close();
  });

  await app.register(healthRoutes, { store, executor, metrics, mode: config.mode });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  if (config.mode !== "worker") {
    await app.register(async (v1) => {
      await v1.register(authPlugin, {
        store,
        rateLimit: config.rateLimit,
        authFailureLimit: config.authFailureLimit,
      });
      await v1.register(jobRoutes, {
        store,
        executor,
        serviceKey,
        maxQueue: config.maxQueue,
        maxJobsPerKey: config.maxJobsPerKey,
        workers: config.workers,
        streams,
      });
    });
  }
  if (page) await app.register(page);

  try {
    await executor.start();
  } catch (e) {
    await app.close();
    throw e;
  }
  let closing: Promise<void> | null = null;
  return {
    app,
    config,
    store,
    executor,
    metrics,
    async listen() {
      return app.listen({ host: config.host, port: config.port });
    },
    close() {
      executor.pause();
      closing ??= app.close();
      return closing;
    },
  };
}

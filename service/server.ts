// The prover service's HTTP shell (fastify): authentication, limits, validation and the job API over a
// store and an executor. It makes no proof itself; see execute.ts and prover-worker.ts.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import type { ServerResponse } from "node:http";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import { InvalidInputError } from "../core/errors.ts";
import { parseServiceConfig, type ServiceConfig, type ServiceConfigInput } from "./config.ts";
import { ServiceError } from "./errors.ts";
import { EmbeddedExecutor, QueueExecutor, WorkerExecutor, type Executor } from "./executors.ts";
import { createMetrics, type ServiceMetrics } from "./metrics.ts";
import { ProverPool } from "./pool.ts";
import { RedisStore } from "./redis-store.ts";
import { errorSchema, jobViewSchema, proofRequestSchema, toCircuitInput, type JobView } from "./schemas.ts";
import { loadServiceKey, seal } from "./seal.ts";
import { SqliteStore } from "./sqlite-store.ts";
import type { JobRecord, Store } from "./store.ts";
import { registerVerificationPage } from "../web/serve.ts";

declare module "fastify" {
  interface FastifyRequest {
    apiKeyId?: string;
  }
}

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
  /** Pino logger options, or false for none (tests). Defaults to JSON logs at config.logLevel. */
  logger?: boolean;
}

/** The store a mode uses. */
export function openStore(config: Pick<ServiceConfig, "mode" | "dataDir" | "redisUrl">): Store {
  return config.mode === "embedded" ? new SqliteStore(config.dataDir) : new RedisStore(config.redisUrl!);
}

const TERMINAL = new Set(["done", "failed"]);

function view(j: JobRecord): JobView {
  return {
    id: j.id,
    circuit: j.circuit,
    state: j.state,
    progress: { stage: j.stage, fraction: j.fraction },
    attempts: j.attempts,
    createdAt: new Date(j.createdAt).toISOString(),
    finishedAt: j.finishedAt ? new Date(j.finishedAt).toISOString() : null,
    error: j.error,
    bundle: j.bundle,
  };
}

// Canonical JSON (sorted keys) so that the same request hashes the same whatever the key order.
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

function tokenOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice(7).trim();
  const h = req.headers["x-api-key"];
  return typeof h === "string" ? h.trim() : undefined;
}

/**
 * Build the prover service for a configuration: the store and executor of its mode, the prover pool
 * (embedded and worker modes), and the fastify app. Worker nodes serve only /health, /ready and /metrics.
 *
 * @throws {InvalidInputError} for an invalid configuration.
 * @example const service = await buildServer({ port: 8080, staticRoot: "web/dist" }); await service.listen()
 */
export async function buildServer(options: BuildServerOptions = {}): Promise<ProverService> {
  const { logger, ...configInput } = options;
  const config = parseServiceConfig(configInput);
  const serviceKey = loadServiceKey(config.dataDir);
  const store = openStore(config);
  const pool =
    config.mode === "api"
      ? null
      : new ProverPool({
          workers: config.workers,
          buildDir: config.buildDir,
          onWorkerError: (e) => app.log.warn({ err: e.message }, "a prover thread died"),
        });
  const metrics = createMetrics(store, () => pool);

  const app = Fastify({
    logger: logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    forceCloseConnections: "idle",
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ctx = { store, pool: pool!, serviceKey, maxAttempts: config.maxAttempts, metrics, log: app.log };
  const executor: Executor =
    config.mode === "embedded"
      ? new EmbeddedExecutor(ctx)
      : config.mode === "api"
        ? new QueueExecutor(ctx, config.redisUrl!, config.queueName)
        : new WorkerExecutor(ctx, config.redisUrl!, config.queueName, config);

  app.setErrorHandler((err: Error, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        path: [err.validationContext, ...v.instancePath.split("/").filter(Boolean)].join("."),
        message: v.message,
      }));
      return reply.status(400).send({
        error: {
          code: "INVALID_REQUEST",
          message: fields.map((f) => `${f.path}: ${f.message}`).join("; "),
          fields,
        },
      });
    }
    if (err instanceof ServiceError) {
      if (err.retryAfter !== undefined) void reply.header("retry-after", String(err.retryAfter));
      return reply.status(err.status).send({ error: { code: err.code, message: err.shortMessage } });
    }
    if (err instanceof InvalidInputError) {
      return reply.status(400).send({ error: { code: err.code, message: err.shortMessage } });
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) {
      return reply.status(413).send({
        error: { code: "BODY_TOO_LARGE", message: `the request body is larger than ${config.bodyLimit} bytes` },
      });
    }
    if (status === 429) {
      return reply.status(429).send({ error: { code: "RATE_LIMITED", message: err.message } });
    }
    if (status >= 400 && status < 500) {
      return reply
        .status(status)
        .send({ error: { code: (err as { code?: string }).code ?? "BAD_REQUEST", message: err.message } });
    }
    req.log.error({ err }, "internal error");
    return reply.status(500).send({ error: { code: "INTERNAL", message: "internal error" } });
  });

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

  app.get("/health", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/ready", { schema: { hide: true } }, async (_req, reply) => {
    try {
      await store.countByState();
    } catch {
      return reply.status(503).send({ status: "store unreachable" });
    }
    return executor.accepting ? { status: "ready", mode: config.mode } : reply.status(503).send({ status: "closing" });
  });
  app.get("/metrics", { schema: { hide: true } }, async (_req, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  if (config.mode !== "worker") {
    await app.register(async (v1) => {
      v1.addHook("onRequest", async (req) => {
        const token = tokenOf(req);
        const keyId = token ? await store.authenticate(token) : null;
        if (!keyId) {
          throw new ServiceError(401, "UNAUTHORIZED", "a valid API key is required (Authorization: Bearer <key>)");
        }
        req.apiKeyId = keyId;
      });
      await v1.register(fastifyRateLimit, {
        max: config.rateLimit.max,
        timeWindow: config.rateLimit.windowMs,
        hook: "preHandler",
        keyGenerator: (req) => req.apiKeyId ?? req.ip,
        errorResponseBuilder: (_req, c) => ({
          statusCode: 429,
          message: `rate limit of ${c.max} requests per ${c.after} for this API key exceeded`,
        }),
      });
      registerJobRoutes(v1.withTypeProvider<ZodTypeProvider>());
    });
  }

  if (config.staticRoot) {
    if (!fs.existsSync(config.staticRoot)) {
      throw new InvalidInputError(`staticRoot ${config.staticRoot} does not exist`);
    }
    // The regulator's verification page, with its Content-Security-Policy (web/serve.ts).
    await registerVerificationPage(app, { root: config.staticRoot });
  }

  function registerJobRoutes(r: FastifyInstance & ReturnType<FastifyInstance["withTypeProvider"]>): void {
    const sec = [{ apiKey: [] }];
    const ownJob = async (req: FastifyRequest, id: string): Promise<JobRecord> => {
      const job = await store.getJob(id);
      if (!job || job.keyId !== req.apiKeyId) throw new ServiceError(404, "NOT_FOUND", `no job ${id} for this API key`);
      return job;
    };
    const idParams = z.object({ id: z.string().uuid() });

    r.withTypeProvider<ZodTypeProvider>().post(
      "/v1/proofs",
      {
        schema: {
          summary: "Submit a proof job",
          security: sec,
          headers: z.object({ "idempotency-key": z.string().min(1).max(255).optional() }),
          body: proofRequestSchema,
          response: { 200: jobViewSchema, 202: jobViewSchema, "4xx": errorSchema },
        },
      },
      async (req, reply) => {
        if (!executor.accepting)
          throw new ServiceError(503, "SHUTTING_DOWN", "the service is shutting down", { retryAfter: 5 });
        const keyId = req.apiKeyId!;
        const idem = req.headers["idempotency-key"] ?? null;
        const requestHash = createHash("sha256").update(canonical(req.body)).digest("hex");
        const replay = (job: JobRecord) => {
          if (job.requestHash !== requestHash) {
            throw new ServiceError(
              422,
              "IDEMPOTENCY_KEY_REUSED",
              `Idempotency-Key ${JSON.stringify(idem)} was used for a different request`,
            );
          }
          return reply.status(200).header("idempotent-replayed", "true").send(view(job));
        };
        if (idem) {
          const existing = await store.findByIdempotencyKey(keyId, idem);
          if (existing) return replay(existing);
        }
        const { circuit, input } = toCircuitInput(req.body);
        const counts = await store.countByState();
        const backlog = counts.queued + counts.proving;
        if (backlog >= config.maxQueue) {
          throw new ServiceError(429, "QUEUE_FULL", `the queue is full (${backlog} jobs): retry later`, {
            // A rough wait: the jobs ahead at ~2 s each (a royalty claim) over the provers.
            retryAfter: Math.max(1, Math.ceil(((counts.queued + 1) * 2) / Math.max(1, config.workers))),
          });
        }
        const mine = await store.countUnfinishedForKey(keyId);
        if (mine >= config.maxJobsPerKey) {
          throw new ServiceError(
            429,
            "KEY_JOB_LIMIT",
            `this API key has ${mine} unfinished jobs, the limit is ${config.maxJobsPerKey}`,
            { retryAfter: 2 },
          );
        }
        const id = randomUUID();
        const job: JobRecord = {
          id,
          keyId,
          circuit: req.body.circuit,
          chainId: req.body.chainId,
          state: "queued",
          stage: "queued",
          fraction: 0,
          attempts: 0,
          error: null,
          bundle: null,
          sealedInput: seal(serviceKey, id, JSON.stringify({ circuit, input })),
          idempotencyKey: idem,
          requestHash,
          createdAt: Date.now(),
          startedAt: null,
          finishedAt: null,
        };
        const stored = await store.insertJob(job);
        if (!stored.created) return replay(stored.job);
        await executor.submit(id);
        return reply.status(202).header("location", `/v1/proofs/${id}`).send(view(job));
      },
    );

    r.withTypeProvider<ZodTypeProvider>().get(
      "/v1/proofs/:id",
      {
        schema: {
          summary: "A job's state, progress and, when done, its bundle; ?wait=s long-polls until it finishes",
          security: sec,
          params: idParams,
          querystring: z.object({ wait: z.coerce.number().min(0).max(60).optional() }),
          response: { 200: jobViewSchema, "4xx": errorSchema },
        },
      },
      async (req) => {
        let job = await ownJob(req, req.params.id);
        const until = Date.now() + (req.query.wait ?? 0) * 1000;
        while (!TERMINAL.has(job.state) && Date.now() < until && executor.accepting) {
          await new Promise((r) => setTimeout(r, 200));
          job = (await store.getJob(job.id))!;
        }
        return view(job);
      },
    );

    r.withTypeProvider<ZodTypeProvider>().get(
      "/v1/proofs/:id/events",
      {
        schema: {
          summary: "Server-sent events: one `progress` event per change, then `done` or `failed` with the job",
          security: sec,
          params: idParams,
        },
      },
      async (req, reply) => {
        let job = await ownJob(req, req.params.id);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
        });
        streams.add(res);
        let closed = false;
        res.on("close", () => ((closed = true), streams.delete(res)));
        let last = "";
        while (!closed) {
          const v = view(job);
          const sig = `${v.state}|${v.progress.stage}|${v.progress.fraction}`;
          if (sig !== last) {
            last = sig;
            const event = TERMINAL.has(v.state) ? v.state : "progress";
            res.write(
              `event: ${event}\ndata: ${JSON.stringify(TERMINAL.has(v.state) ? v : { ...v, bundle: null })}\n\n`,
            );
            if (TERMINAL.has(v.state)) break;
          }
          await new Promise((r) => setTimeout(r, 200));
          job = (await store.getJob(job.id)) ?? job;
        }
        streams.delete(res);
        res.end();
      },
    );
  }

  await executor.start();
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

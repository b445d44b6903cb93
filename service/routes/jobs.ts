// The job API: POST /v1/proofs, GET /v1/proofs/:id (?wait long-polls), GET /v1/proofs/:id/events (SSE).
// Registered inside the /v1 scope after the auth plugin, which sets req.apiKeyId.
import { createHash, randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ServiceError, reasonOf } from "../errors.ts";
import type { Executor } from "../executors.ts";
import { errorSchema, jobViewSchema, proofRequestSchema, toCircuitInput, type JobView } from "../schemas.ts";
import { sealJob } from "../seal.ts";
import type { JobRecord, Store } from "../store.ts";

/** Options of the job routes. */
export interface JobRoutesOptions {
  store: Store;
  executor: Executor;
  serviceKey: Buffer;
  maxQueue: number;
  maxJobsPerKey: number;
  workers: number;
  /** Open event streams, ended by the server when it closes. */
  streams: Set<ServerResponse>;
}

const TERMINAL = new Set(["done", "failed"]);

/** A job as the API shows it. */
export function view(j: JobRecord): JobView {
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

/** Canonical JSON (sorted keys), so that the same request hashes the same whatever the key order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

const jobs: FastifyPluginAsync<JobRoutesOptions> = async (app: FastifyInstance, o) => {
  const { store, executor } = o;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const sec = [{ apiKey: [] }];
  const ownJob = async (req: FastifyRequest, id: string): Promise<JobRecord> => {
    const job = await store.getJob(id);
    if (!job || job.keyId !== req.apiKeyId) throw new ServiceError(404, "NOT_FOUND", `no job ${id} for this API key`);
    return job;
  };
  const idParams = z.object({ id: z.string().uuid() });

  r.post(
    "/v1/proofs",
    {
      schema: {
        summary: "Submit a proof job",
        security: sec,
        headers: z.object({ "idempotency-key": z.string().min(1).max(255).optional() }),
        body: proofRequestSchema,
        response: { 200: jobViewSchema, 202: jobViewSchema, "4xx": errorSchema, "5xx": errorSchema },
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
      if (backlog >= o.maxQueue) {
        throw new ServiceError(429, "QUEUE_FULL", `the queue is full (${backlog} jobs): retry later`, {
          // A rough wait: the jobs ahead at ~2 s each (a royalty claim) over the provers.
          retryAfter: Math.max(1, Math.ceil(((counts.queued + 1) * 2) / Math.max(1, o.workers))),
        });
      }
      const mine = await store.countUnfinishedForKey(keyId);
      if (mine >= o.maxJobsPerKey) {
        throw new ServiceError(
          429,
          "KEY_JOB_LIMIT",
          `this API key has ${mine} unfinished jobs, the limit is ${o.maxJobsPerKey}`,
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
        ...sealJob(o.serviceKey, id, JSON.stringify({ circuit, input })),
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

  r.get(
    "/v1/proofs/:id",
    {
      schema: {
        summary: "A job's state, progress and, when done, its bundle; ?wait=s long-polls until it finishes",
        security: sec,
        params: idParams,
        querystring: z.object({ wait: z.coerce.number().min(0).max(60).optional() }),
        response: { 200: jobViewSchema, "4xx": errorSchema, "5xx": errorSchema },
      },
    },
    async (req) => {
      let job = await ownJob(req, req.params.id);
      const until = Date.now() + (req.query.wait ?? 0) * 1000;
      while (!TERMINAL.has(job.state) && Date.now() < until && executor.accepting) {
        await new Promise((res) => setTimeout(res, 200));
        job = (await store.getJob(job.id))!;
      }
      return view(job);
    },
  );

  r.get(
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
      o.streams.add(res);
      let closed = false;
      res.on("close", () => ((closed = true), o.streams.delete(res)));
      let last = "";
      try {
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
          await new Promise((res) => setTimeout(res, 200));
          job = (await store.getJob(job.id)) ?? job;
        }
      } catch (e) {
        // The store went away mid-stream: say so in the stream's own envelope, then end it.
        const err = e instanceof ServiceError ? e : new ServiceError(500, "INTERNAL", "internal error");
        if (!(e instanceof ServiceError)) req.log.error({ err: reasonOf(e) }, "event stream");
        res.write(
          `event: error\ndata: ${JSON.stringify({ error: { code: err.code, message: err.shortMessage } })}\n\n`,
        );
      }
      o.streams.delete(res);
      res.end();
    },
  );
};

/** The job routes. */
export const jobRoutes = jobs;

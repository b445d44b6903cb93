// The service's configuration: one zod schema (also its type) with the defaults of the embedded mode, so
// `zkprov serve` needs no set-up. Scale-out is the same service with `mode` api or worker and a Redis URL.
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { projectDir } from "../prover/chain/project.ts";
import { formatIssues, InvalidInputError } from "../core/errors.ts";
import { SERVICE_MODES } from "./modes.ts";

export { SERVICE_MODES, type ServiceMode } from "./modes.ts";

/** The configuration schema; every field has a default except redisUrl, which api and worker modes need. */
export const serviceConfigSchema = z
  .object({
    mode: z.enum(SERVICE_MODES).default("embedded"),
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(8080),
    /**
     * Jobs database (embedded), service key file, nothing else. Default: `service/` in the project folder
     * (--project, $ZKPROV_PROJECT, ./zkprov-project), beside every other piece of the project's state.
     */
    dataDir: z.string().default(() => path.join(projectDir(), "service")),
    redisUrl: z.string().url().optional(),
    /**
     * The key Redis: where api and worker nodes keep each job's wrapped data key (docs/SERVICE.md, "Secrets").
     * Default: the job Redis. A server of its own holds only the keys of unfinished jobs, so the rewrite of
     * its append-only file that erasing forces is small.
     */
    keyRedisUrl: z.string().url().optional(),
    /** BullMQ queue name (api and worker nodes of one deployment share it). */
    queueName: z.string().default("zkprov-proofs"),
    /** Prover worker threads; each keeps its circuits loaded. Defaults to the number of cores. */
    workers: z.number().int().min(1).default(Math.max(1, os.availableParallelism())),
    /** Queued + proving jobs accepted before 429. */
    maxQueue: z.number().int().min(1).default(64),
    /** Unfinished jobs one API key may have at a time. */
    maxJobsPerKey: z.number().int().min(1).default(16),
    /** Requests per key per window on /v1. */
    rateLimit: z.object({ max: z.number().int().min(1), windowMs: z.number().int().min(1) }).default({
      max: 600,
      windowMs: 60_000,
    }),
    /** Failed authentications per client address per window before 429 (a key cannot be guessed at speed). */
    authFailureLimit: z.object({ max: z.number().int().min(1), windowMs: z.number().int().min(1) }).default({
      max: 20,
      windowMs: 60_000,
    }),
    /** Largest request body, bytes. */
    bodyLimit: z
      .number()
      .int()
      .min(1024)
      .default(256 * 1024),
    /** Tries of a job whose worker crashes (or whose process dies) before it fails. */
    maxAttempts: z.number().int().min(1).default(3),
    /** How long SIGTERM waits for in-flight proofs before handing them back to the queue. */
    shutdownTimeoutMs: z.number().int().min(0).default(60_000),
    /** BullMQ: how often a worker node looks for jobs whose worker died (ms). */
    stalledIntervalMs: z.number().int().min(1000).default(30_000),
    /** BullMQ: a worker node's lock on a job, renewed while it proves; a dead worker's lapses after this (ms). */
    lockDurationMs: z.number().int().min(1000).default(30_000),
    /**
     * Run api and worker nodes on a Redis that would lose accepted jobs on a crash (no appendonly, no fsync
     * on every write, or an eviction policy). For throwaway setups only; says what it risks at start-up.
     */
    allowVolatileRedis: z.boolean().default(false),
    /** How long the outcome of a finished proof is retried while the store is unavailable (ms). */
    storeRetryMs: z.number().int().min(0).default(300_000),
    /** Circuit build directory. */
    buildDir: z.string().optional(),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .strict();

/** A complete service configuration. */
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
/** What callers give: any subset. */
export type ServiceConfigInput = z.input<typeof serviceConfigSchema>;

/**
 * Validate a configuration and fill in the defaults.
 *
 * @throws {InvalidInputError} naming each bad field; api and worker modes without redisUrl.
 * @example const config = parseServiceConfig({ port: 8080 })
 */
export function parseServiceConfig(input: ServiceConfigInput): ServiceConfig {
  const parsed = serviceConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidInputError("invalid service configuration", {
      details: formatIssues(parsed.error.issues),
    });
  }
  if (parsed.data.mode !== "embedded" && !parsed.data.redisUrl) {
    throw new InvalidInputError(`the ${parsed.data.mode} mode needs redisUrl (--redis redis://host:port)`);
  }
  return parsed.data;
}

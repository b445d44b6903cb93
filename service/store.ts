// What the service persists: jobs (with their sealed inputs until they finish), idempotency keys and
// hashed API keys. Two implementations of one interface: SQLite for the embedded mode, Redis for
// API and worker nodes.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ApiCircuit, JobState } from "./schemas.ts";
import { type ProofBundle } from "../core/formats/bundle.ts";

/**
 * A job as stored. `sealedInput` (under the job's own data key) and `sealedKey` (that data key under the service
 * key, kept where its erase is real: service/seal.ts) are null once the job is done or failed.
 */
export interface JobRecord {
  id: string;
  keyId: string;
  circuit: ApiCircuit;
  chainId: string;
  state: JobState;
  stage: string;
  fraction: number;
  attempts: number;
  error: { code: string; message: string } | null;
  bundle: ProofBundle | null;
  sealedInput: string | null;
  sealedKey: string | null;
  idempotencyKey: string | null;
  requestHash: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** An API key as listed (never its secret, never its hash). */
export interface ApiKeyInfo {
  id: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/** Counts by state. */
export type StateCounts = Record<JobState, number>;

/**
 * The persistence the service needs; every method is atomic on its own. A write that the store could not make
 * durable rejects with StoreUnavailableError (never resolves as if it had been made); reads that cannot reach
 * the store reject the same way.
 */
export interface Store {
  /** Insert a job; with an idempotency key already used by the same API key, return that job instead. */
  insertJob(job: JobRecord): Promise<{ job: JobRecord; created: boolean }>;
  getJob(id: string): Promise<JobRecord | null>;
  findByIdempotencyKey(keyId: string, idempotencyKey: string): Promise<JobRecord | null>;
  /**
   * queued -> proving, counting the attempt; null if the job is not queued (already taken or finished). With
   * `run`, a token of the caller's run: a retry after an error whose first try took effect (an answer lost
   * with the connection) returns the job started by that run instead of null.
   */
  startJob(id: string, run?: string): Promise<JobRecord | null>;
  setProgress(id: string, stage: string, fraction: number): Promise<void>;
  /**
   * proving -> done with the bundle, erasing the sealed input, if the job is still in the run that started
   * it as attempt `attempt`. True if recorded now or already recorded by that run (a retried write whose first
   * try took effect); false if another run owns the job (it was taken over).
   */
  finishJob(id: string, attempt: number, bundle: ProofBundle): Promise<boolean>;
  /** queued or proving -> failed with a reason, erasing the sealed input; with `attempt`, only in that run. */
  failJob(id: string, error: { code: string; message: string }, attempt?: number): Promise<boolean>;
  /** proving -> queued (handed back at shutdown, after a crash); with `attempt`, only from that run. */
  requeueJob(id: string, attempt?: number): Promise<boolean>;
  /** Jobs not finished, oldest first (to resume after a restart). */
  unfinishedJobs(): Promise<JobRecord[]>;
  countByState(): Promise<StateCounts>;
  countUnfinishedForKey(keyId: string): Promise<number>;
  createApiKey(label: string): Promise<{ info: ApiKeyInfo; token: string }>;
  listApiKeys(): Promise<ApiKeyInfo[]>;
  /** True if a live key was revoked. */
  revokeApiKey(id: string): Promise<boolean>;
  /** The key id of a live token, else null. */
  authenticate(token: string): Promise<string | null>;
  /**
   * Readiness probe: rejects with StoreUnavailableError if the store cannot be reached, or, after a write
   * failed, if it still cannot be written (a small probe write), so that /ready turns 503 on a full disk.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** API tokens: `zkp_<id>_<secret>`; only SHA-256(secret) is stored (the secret is 256 random bits). */
export function newApiToken(): { id: string; token: string; hash: string } {
  const id = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { id, token: `zkp_${id}_${secret}`, hash: hashSecret(secret) };
}

/** The id and secret of a token, or null if it is not one. */
export function parseApiToken(token: string): { id: string; secret: string } | null {
  const m = /^zkp_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

/** SHA-256 of a token secret, hex. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Zero counts for every state. */
export const zeroCounts = (): StateCounts => ({ queued: 0, proving: 0, done: 0, failed: 0 });

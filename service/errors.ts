// Service errors: zkprov errors that carry the HTTP status they answer with.
import { ZkprovError, type ZkprovErrorOptions } from "../core/errors.ts";

/** An error the API answers with `status`; `code` is stable for clients. */
export class ServiceError extends ZkprovError {
  override name = "ServiceError";
  override readonly code: string;
  readonly status: number;
  /** Seconds a client should wait before retrying (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    code: string,
    shortMessage: string,
    options: ZkprovErrorOptions & { retryAfter?: number } = {},
  ) {
    super(shortMessage, options);
    this.status = status;
    this.code = code;
    this.retryAfter = options.retryAfter;
  }
}

/**
 * The store (SQLite file, Redis) cannot be read or written now: disk full, I/O error, Redis down or out of
 * memory. Requests that need the store answer 503 `STORE_UNAVAILABLE` with Retry-After; the executors keep
 * the job and retry the write later. Never a worker crash: no attempt is spent on it.
 */
export class StoreUnavailableError extends ServiceError {
  override name = "StoreUnavailableError";

  constructor(shortMessage: string, options: ZkprovErrorOptions = {}) {
    super(503, "STORE_UNAVAILABLE", shortMessage, { ...options, retryAfter: 5 });
  }
}

/** True for a StoreUnavailableError. */
export const isStoreUnavailable = (e: unknown): e is StoreUnavailableError => e instanceof StoreUnavailableError;

/** The first line of an error's message, at most 200 characters (for logs and job errors). */
export function reasonOf(e: unknown): string {
  const m = e instanceof ZkprovError ? e.shortMessage : e instanceof Error ? e.message : String(e);
  return m.split("\n")[0]!.slice(0, 200);
}

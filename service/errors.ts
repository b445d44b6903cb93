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

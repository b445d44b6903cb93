// Authentication and request limits of the job API (registered inside the /v1 scope): an API key per
// request (Authorization: Bearer <key> or X-API-Key), failed authentications limited per client address
// (so keys cannot be guessed at speed), then requests limited per key (@fastify/rate-limit).
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from "fastify";
import fastifyRateLimit from "@fastify/rate-limit";
import fp from "fastify-plugin";
import { ServiceError } from "../errors.ts";
import type { Store } from "../store.ts";

declare module "fastify" {
  interface FastifyRequest {
    apiKeyId?: string;
  }
}

/** A limit: `max` per `windowMs`. */
export interface Limit {
  max: number;
  windowMs: number;
}

/** Options of the auth plugin. */
export interface AuthPluginOptions {
  store: Store;
  /** Requests per API key. */
  rateLimit: Limit;
  /** Failed authentications per client address. */
  authFailureLimit: Limit;
}

/** A window in words: "60 s", "2 min". */
export const windowText = (ms: number): string =>
  ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;

function tokenOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice(7).trim();
  const h = req.headers["x-api-key"];
  return typeof h === "string" ? h.trim() : undefined;
}

/** Failed authentications per address in fixed windows; at most `cap` addresses are tracked at once. */
class FailureCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: Limit,
    private readonly cap = 10_000,
  ) {}

  /** Seconds until the address may try again, or 0 if it may now. */
  blockedFor(address: string, now = Date.now()): number {
    const w = this.windows.get(address);
    if (!w || w.resetAt <= now || w.count < this.limit.max) return 0;
    return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  }

  fail(address: string, now = Date.now()): void {
    let w = this.windows.get(address);
    if (!w || w.resetAt <= now) {
      if (this.windows.size >= this.cap) {
        for (const [a, x] of this.windows) if (x.resetAt <= now) this.windows.delete(a);
        // Still full of live windows: forget the oldest (Map keeps insertion order).
        if (this.windows.size >= this.cap) this.windows.delete(this.windows.keys().next().value!);
      }
      w = { count: 0, resetAt: now + this.limit.windowMs };
      this.windows.delete(address);
      this.windows.set(address, w);
    }
    w.count++;
  }
}

const auth: FastifyPluginAsync<AuthPluginOptions> = async (app: FastifyInstance, o) => {
  const failures = new FailureCounter(o.authFailureLimit);
  app.addHook("onRequest", async (req) => {
    const wait = failures.blockedFor(req.ip);
    if (wait > 0) {
      throw new ServiceError(
        429,
        "RATE_LIMITED",
        `more than ${o.authFailureLimit.max} failed authentications from this address per ` +
          `${windowText(o.authFailureLimit.windowMs)}: retry in ${wait} s`,
        { retryAfter: wait },
      );
    }
    const token = tokenOf(req);
    // A store that cannot answer is a 503 (StoreUnavailableError), never a 401.
    const keyId = token ? await o.store.authenticate(token) : null;
    if (!keyId) {
      failures.fail(req.ip);
      throw new ServiceError(401, "UNAUTHORIZED", "a valid API key is required (Authorization: Bearer <key>)");
    }
    req.apiKeyId = keyId;
  });
  await app.register(fastifyRateLimit, {
    max: o.rateLimit.max,
    timeWindow: o.rateLimit.windowMs,
    hook: "preHandler",
    keyGenerator: (req) => req.apiKeyId ?? req.ip,
    errorResponseBuilder: (_req, c) => ({
      statusCode: 429,
      message:
        `rate limit of ${c.max} requests per ${windowText(o.rateLimit.windowMs)} for this API key exceeded: ` +
        `retry in ${Math.max(1, Math.ceil(c.ttl / 1000))} s`,
    }),
  });
};

/** Authentication and limits for the scope it is registered in (not encapsulated: the scope's routes get them). */
export const authPlugin = fp(auth, { name: "zkprov-auth" });

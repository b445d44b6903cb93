// Operations routes: /health (the process runs), /ready (the store answers, writes included after a write
// failed, within 800 ms, and the node accepts jobs) and /metrics (Prometheus).
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import { reasonOf } from "../errors.ts";
import type { Executor } from "../executors.ts";
import type { ServiceMetrics } from "../metrics.ts";
import type { Store } from "../store.ts";

/** Options of the health routes. */
export interface HealthRoutesOptions {
  store: Store;
  executor: Executor;
  metrics: ServiceMetrics;
  mode: string;
  /** /ready gives the store this long to answer (ms). */
  readyTimeoutMs?: number;
}

const health: FastifyPluginAsync<HealthRoutesOptions> = async (app: FastifyInstance, o) => {
  const timeoutMs = o.readyTimeoutMs ?? 800;
  app.get("/health", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/ready", { schema: { hide: true } }, async (_req, reply) => {
    if (!o.executor.accepting) return reply.status(503).header("retry-after", "5").send({ status: "closing" });
    let timer: NodeJS.Timeout | undefined;
    const problem = await Promise.race([
      o.store.ping().then(
        () => null,
        (e: unknown) => reasonOf(e),
      ),
      new Promise<string>(
        (r) => (timer = setTimeout(() => r(`the store did not answer within ${timeoutMs} ms`), timeoutMs)),
      ),
    ]);
    clearTimeout(timer);
    if (problem) {
      return reply.status(503).header("retry-after", "5").send({ status: "store unavailable", reason: problem });
    }
    return { status: "ready", mode: o.mode };
  });
  app.get("/metrics", { schema: { hide: true } }, async (_req, reply) =>
    reply.type(o.metrics.registry.contentType).send(await o.metrics.registry.metrics()),
  );
};

/** The operations routes (every mode, worker nodes included). */
export const healthRoutes = health;

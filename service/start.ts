// Start the service from the command line (zkprov serve, npm run serve): listen, and on SIGTERM or SIGINT
// stop accepting, finish or hand back in-flight jobs, and exit.
import { buildServer, type BuildServerOptions, type ProverService } from "./server.ts";

/**
 * Build and start the service (with `options.page` at / when given), and graceful shutdown on SIGTERM and
 * SIGINT. Resolves once listening.
 *
 * @example const { url } = await startService({ port: 8080 })
 */
export async function startService(options: BuildServerOptions): Promise<{ url: string; service: ProverService }> {
  const service = await buildServer(options);
  const url = await service.listen();
  service.app.log.info({ url, mode: service.config.mode, workers: service.config.workers }, "zkprov service listening");
  const stop = (signal: string) => {
    service.app.log.info({ signal }, "shutting down: no new jobs; finishing in-flight proofs");
    service.close().then(
      () => process.exit(0),
      (e: unknown) => {
        service.app.log.error({ err: e }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  return { url, service };
}

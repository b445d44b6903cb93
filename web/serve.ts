// Serving the built verification page (web/dist) from a fastify app: `zkprov serve` mounts it at `/`.
// Static files only, with a Content-Security-Policy that keeps the page to its own files (no external
// scripts, styles or fonts); connect-src allows http(s) only for the chain RPC URL the regulator types in.
import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { ArtifactIntegrityError } from "../core/errors.ts";
import { WEB_DIST_DIR } from "../artifacts/paths.ts";

/** Where `npm run build` writes the page. */
export const WEB_DIST = WEB_DIST_DIR;

/** The page's Content-Security-Policy (snarkjs needs WebAssembly and blob: workers). */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' http: https:",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Options of registerVerificationPage. */
export interface VerificationPageOptions {
  /** The built page (default web/dist). */
  root?: string;
  /** URL prefix to serve it under (default "/"). */
  prefix?: string;
}

/**
 * Serve the regulator's verification page from `app` (static files of the Vite build).
 *
 * @throws {ArtifactIntegrityError} if the page is not built (no index.html in `root`).
 * @example const app = fastify(); await registerVerificationPage(app); await app.listen({ host: "127.0.0.1", port: 8080 })
 */
export async function registerVerificationPage(app: FastifyInstance, o: VerificationPageOptions = {}): Promise<void> {
  const root = path.resolve(o.root ?? WEB_DIST);
  if (!fs.existsSync(path.join(root, "index.html")))
    throw new ArtifactIntegrityError(
      `the verification page is not built (no ${path.join(root, "index.html")}): run npm run build`,
    );
  await app.register(fastifyStatic, {
    root,
    prefix: o.prefix ?? "/",
    index: "index.html",
    decorateReply: false,
    setHeaders: (reply) => {
      reply.header("Content-Security-Policy", PAGE_CSP);
      reply.header("X-Content-Type-Options", "nosniff");
      reply.header("Referrer-Policy", "no-referrer");
    },
  });
}

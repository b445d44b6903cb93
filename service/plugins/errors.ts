// The error envelope, at the root of the app: every error answer is { error: { code, message, fields? } }
// with the status the API documents (docs/SERVICE.md, "Errors"). Unknown routes are 404 NOT_FOUND, a known
// path with another method 405 METHOD_NOT_ALLOWED (with Allow). Messages never carry the request's values
// or the names of keys the schema does not define (a secret sent as a key name must not come back).
import type { FastifyError, FastifyInstance, FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { InvalidInputError } from "../../core/errors.ts";
import { ServiceError, StoreUnavailableError } from "../errors.ts";

/** Options of the errors plugin. */
export interface ErrorsPluginOptions {
  bodyLimit: number;
}

/** One field-level problem in an INVALID_REQUEST answer. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A 400 INVALID_REQUEST naming the fields (thrown by the body parser, answered by the handler below). */
export class InvalidRequestError extends ServiceError {
  override name = "InvalidRequestError";
  readonly fields: FieldProblem[];

  constructor(fields: FieldProblem[]) {
    super(400, "INVALID_REQUEST", fields.map((f) => `${f.path}: ${f.message}`).join("; "));
    this.fields = fields;
  }
}

// A route pattern (/v1/proofs/:id) as a regular expression over concrete paths.
const patternOf = (url: string): RegExp =>
  new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[^/]+/g, "[^/]+")}/?$`);

const send = (status: number, code: string, message: string, fields?: FieldProblem[]) => ({
  status,
  body: { error: { code, message, ...(fields ? { fields } : {}) } },
});

// The answer for an error: status and envelope.
function answer(err: FastifyError, bodyLimit: number): ReturnType<typeof send> {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields = err.validation.map((v) => {
      const path = [err.validationContext, ...v.instancePath.split("/").filter(Boolean)].join(".");
      const issue = (v.params as { issue?: { code?: string; keys?: string[] } }).issue;
      // zod names unrecognized keys in its message; say how many instead.
      const message =
        issue?.code === "unrecognized_keys"
          ? `has ${issue.keys?.length ?? 1} key(s) the schema does not define (not echoed)`
          : v.message;
      return { path, message };
    });
    return send(400, "INVALID_REQUEST", fields.map((f) => `${f.path}: ${f.message}`).join("; "), fields);
  }
  if (err instanceof InvalidRequestError) return send(400, err.code, err.shortMessage, err.fields);
  if (err instanceof ServiceError) return send(err.status, err.code, err.shortMessage);
  if (err instanceof InvalidInputError) return send(400, err.code, err.shortMessage);
  const status = err.statusCode ?? 500;
  if (status === 413) return send(413, "BODY_TOO_LARGE", `the request body is larger than ${bodyLimit} bytes`);
  if (status === 415) {
    return send(415, "UNSUPPORTED_MEDIA_TYPE", "the request body must be application/json (Content-Type)");
  }
  if (status === 429) return send(429, "RATE_LIMITED", err.message);
  if (err.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || err.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return send(400, "INVALID_REQUEST", "the request body is not valid JSON", [
      { path: "body", message: "not valid JSON" },
    ]);
  }
  if (status >= 400 && status < 500) {
    // Fastify's own refusals (bad headers, malformed URL): a fixed message per status, never the request's text.
    return send(status, "INVALID_REQUEST", `the request was refused (${status})`);
  }
  return send(500, "INTERNAL", "internal error");
}

const errors: FastifyPluginAsync<ErrorsPluginOptions> = async (app: FastifyInstance, o) => {
  const routes: { pattern: RegExp; method: string }[] = [];
  app.addHook("onRoute", (r) => {
    for (const m of [r.method].flat()) routes.push({ pattern: patternOf(r.url), method: String(m) });
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const a = answer(err, o.bodyLimit);
    if (a.status >= 500) {
      if (err instanceof StoreUnavailableError) req.log.warn({ err: err.message }, "store unavailable");
      else req.log.error({ err }, "internal error");
    }
    const retryAfter = err instanceof ServiceError ? err.retryAfter : undefined;
    if (retryAfter !== undefined) void reply.header("retry-after", String(retryAfter));
    return reply.status(a.status).send(a.body);
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split("?")[0]!;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length > 0) {
      return reply
        .status(405)
        .header("allow", allowed.join(", "))
        .send(send(405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed here; use ${allowed.join(", ")}`).body);
    }
    return reply.status(404).send(send(404, "NOT_FOUND", `no route ${req.method} for this path`).body);
  });
};

/** The error handler and not-found handler of the whole app (registered first, not encapsulated). */
export const errorsPlugin = fp(errors, { name: "zkprov-errors" });

// Request bodies: JSON only (text/plain and every other type answer 415), parsed with JSON.parse (which
// makes `__proto__` an own key, never the prototype) and then refused when any object carries a prototype
// key (`__proto__`, or `prototype` under `constructor`), naming where. A path names only keys the API
// defines; any other key shows as `(unknown key)`, so a secret sent as a key name is never echoed.
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import { z } from "zod";
import { InvalidRequestError } from "./errors.ts";

/** Options of the body plugin: the key names the API defines (shown in paths; others are not). */
export interface BodyPluginOptions {
  knownKeys: ReadonlySet<string>;
}

/** Every object key in a zod schema (to tell the API's own key names from a client's). */
export function schemaKeys(schema: z.ZodTypeAny, into = new Set<string>()): Set<string> {
  const def = schema._def as { typeName?: string } & Record<string, unknown>;
  switch (def.typeName) {
    case "ZodObject":
      for (const [k, v] of Object.entries((schema as z.AnyZodObject).shape)) {
        into.add(k);
        schemaKeys(v as z.ZodTypeAny, into);
      }
      break;
    case "ZodDiscriminatedUnion":
      for (const o of (schema as z.ZodDiscriminatedUnion<string, z.AnyZodObject[]>).options) schemaKeys(o, into);
      break;
    case "ZodArray":
      schemaKeys((schema as z.ZodArray<z.ZodTypeAny>).element, into);
      break;
    case "ZodTuple":
      for (const t of (schema as z.ZodTuple).items) schemaKeys(t as z.ZodTypeAny, into);
      break;
    case "ZodOptional":
    case "ZodNullable":
    case "ZodDefault":
      schemaKeys((def.innerType ?? (def as { schema?: z.ZodTypeAny }).schema) as z.ZodTypeAny, into);
      break;
    case "ZodEffects":
      schemaKeys(def.schema as z.ZodTypeAny, into);
      break;
  }
  return into;
}

interface PathNode {
  key: string;
  parent: PathNode | null;
}
const pathText = (n: PathNode | null): string => {
  const parts: string[] = [];
  for (let p = n; p; p = p.parent) parts.push(p.key);
  return parts.reverse().join(".");
};

/**
 * The path of the first prototype key in `value`, or null. Iterative, with parent links: deep nesting costs
 * neither stack nor quadratic memory.
 *
 * @example prototypeKeyPath(JSON.parse('{"input":{"__proto__":{}}}'), new Set(["input"])) // "body.input.__proto__"
 */
export function prototypeKeyPath(value: unknown, known: ReadonlySet<string>): string | null {
  const stack: { v: unknown; at: PathNode }[] = [{ v: value, at: { key: "body", parent: null } }];
  while (stack.length > 0) {
    const { v, at } = stack.pop()!;
    if (!v || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, at: { key: String(i), parent: at } }));
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k === "__proto__" || (k === "prototype" && at.key === "constructor")) {
        return pathText({ key: k, parent: at });
      }
      const shown = known.has(k) || k === "constructor" ? k : "(unknown key)";
      stack.push({ v: x, at: { key: shown, parent: at } });
    }
  }
  return null;
}

const body: FastifyPluginAsync<BodyPluginOptions> = async (app: FastifyInstance, o) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, text, done) => {
    let value: unknown;
    try {
      value = JSON.parse(text as string);
    } catch {
      // V8's message quotes the body: a fixed one instead.
      done(new InvalidRequestError([{ path: "body", message: "not valid JSON" }]), undefined);
      return;
    }
    const at = prototypeKeyPath(value, o.knownKeys);
    if (at) done(new InvalidRequestError([{ path: at, message: "prototype keys are not accepted" }]), undefined);
    else done(null, value);
  });
};

/** The app's body parsing (registered before the routes, not encapsulated). */
export const bodyPlugin = fp(body, { name: "zkprov-body" });

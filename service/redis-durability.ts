// Refusing a Redis that would lose accepted jobs. API and worker nodes keep every job, idempotency key and
// API key in Redis; a 202 promises the job survives a crash. Redis's defaults (RDB snapshots every few
// minutes, no append-only file) lose everything written since the last snapshot when the server is killed
// or the host fails, and an eviction policy other than noeviction drops keys when memory runs out. So a
// node checks the server's configuration at start and refuses to run unless told it is a throwaway setup.
// The key Redis (the job Redis unless --key-redis names another) must also really erase: a finished job's data
// key is gone from its files only when no snapshot and no old append-only file keeps it.
import type { Redis } from "ioredis";
import { InvalidInputError } from "../core/errors.ts";
import { redactRedisUrl } from "./redis-store.ts";

/** The settings a node requires, each with why (also shown in docs/SERVICE.md). */
export const REQUIRED_REDIS_SETTINGS = [
  { name: "appendonly", want: "yes", why: "every write is logged to the append-only file, replayed at restart" },
  {
    name: "appendfsync",
    want: "always",
    why: "the append-only file is fsync'ed before Redis answers, as the embedded mode's synchronous=FULL",
  },
  { name: "maxmemory-policy", want: "noeviction", why: "a full Redis refuses writes (503) instead of evicting jobs" },
] as const;

/** What the key Redis also requires, so that a finished job's data key is erased from its files. */
export const REQUIRED_KEY_REDIS_SETTINGS = [
  {
    name: "save",
    want: "",
    why: "an RDB snapshot keeps the data keys of the jobs unfinished when it was taken until the next one; the append-only file is the persistence",
  },
  {
    name: "aof-disable-auto-gc",
    want: "no",
    why: "the append-only files a rewrite replaces, which still hold erased data keys, are deleted",
  },
] as const;

/**
 * What in the server's configuration would lose accepted jobs on a crash: one sentence per setting, naming
 * the setting and the value to set; empty when durable.
 *
 * @example const problems = await redisDurabilityProblems(store.connection)
 */
export async function redisDurabilityProblems(
  redis: Redis,
  settings: readonly { name: string; want: string; why: string }[] = REQUIRED_REDIS_SETTINGS,
): Promise<string[]> {
  const problems: string[] = [];
  for (const s of settings) {
    let value: string | undefined;
    try {
      const r = (await redis.config("GET", s.name)) as string[];
      value = r[1];
    } catch (e) {
      problems.push(
        `cannot read ${s.name} (CONFIG GET ${s.name}: ${(e as Error).message}); it must be ${JSON.stringify(s.want)}`,
      );
      continue;
    }
    if (value !== s.want) {
      problems.push(
        `${s.name} is ${JSON.stringify(value ?? "")}: set ${s.name} ${s.want === "" ? '""' : s.want} (${s.why})`,
      );
    }
  }
  return problems;
}

/**
 * Refuse a non-durable Redis (and a key Redis that would keep erased data keys in its files), or, with
 * `allowVolatile`, say at start-up what it risks.
 *
 * @throws {InvalidInputError} naming each setting to change and the opt-out flag.
 * @example await requireDurableRedis(store.connection, url, false, log, { keys: true })
 */
export async function requireDurableRedis(
  redis: Redis,
  url: string,
  allowVolatile: boolean,
  log: { warn(obj: object, msg: string): void },
  role: { keys: boolean } = { keys: false },
): Promise<void> {
  // A lost data key loses its job: the key Redis must be as durable as the job Redis.
  const lost = await redisDurabilityProblems(redis);
  const kept = role.keys ? await redisDurabilityProblems(redis, REQUIRED_KEY_REDIS_SETTINGS) : [];
  if (lost.length === 0 && kept.length === 0) return;
  const where = redactRedisUrl(url);
  if (allowVolatile) {
    log.warn(
      { redis: where, problems: [...lost, ...kept] },
      "--allow-volatile-redis: this Redis is not durable, or keeps erased secrets; a Redis crash or restart " +
        "loses accepted jobs, their proofs, idempotency keys and API keys (clients then get 404 and 401), and " +
        "the files of the key Redis may keep the data keys of finished jobs. Use it for throwaway setups only",
    );
    return;
  }
  const said = [
    ...(lost.length ? [`Redis at ${where} would lose accepted jobs on a crash: ${lost.join("; ")}.`] : []),
    ...(kept.length
      ? [`Redis at ${where} would keep the data keys of finished jobs in its files: ${kept.join("; ")}.`]
      : []),
  ];
  throw new InvalidInputError(
    `${said.join(" ")} Set these in redis.conf (docs/SERVICE.md, "Redis"), or, for a throwaway setup that ` +
      `may lose every job and keep its secrets, start with --allow-volatile-redis`,
  );
}

// The scale-out store: jobs, idempotency keys and hashed API keys in Redis, shared by API and worker
// nodes. A job is a hash of JSON-encoded fields; each change (insert, every state change) is one Lua
// script (atomic), which also keeps the per-state and per-key sets that the counts read.
//
// Failing fast: commands are not queued while Redis is unreachable (enableOfflineQueue off) and time out
// after commandTimeoutMs, so a request that needs the store answers 503 at once instead of waiting for a
// reconnection; connection errors go to the logger, never to stderr.
import { Redis } from "ioredis";
import { StoreUnavailableError } from "./errors.ts";
import {
  hashSecret,
  newApiToken,
  parseApiToken,
  sameHash,
  zeroCounts,
  type ApiKeyInfo,
  type JobRecord,
  type StateCounts,
  type Store,
} from "./store.ts";
import { JOB_STATES } from "./schemas.ts";
import { type ProofBundle } from "../core/formats/bundle.ts";

// KEYS[1] job hash; ARGV: prefix, id, allowed from-states (comma list), to-state, incr attempts (0/1),
// erase sealed input (0/1), required attempts ('' for any: the run that started the job), then field/value
// pairs. Returns the job's fields, or nil if not in a from-state (or in another run). Every check, the
// server's ACL for each key to be written among them, comes before the first write, and Redis refuses a
// script's first write when it is out of memory: a refused change leaves nothing half-written.
const TRANSITION = `
local cur = redis.call('HGET', KEYS[1], 'state')
if not cur then return nil end
cur = cjson.decode(cur)
if not string.find(',' .. ARGV[3] .. ',', ',' .. cur .. ',', 1, true) then return nil end
local attempts = cjson.decode(redis.call('HGET', KEYS[1], 'attempts'))
if ARGV[7] ~= '' and attempts ~= tonumber(ARGV[7]) then return nil end
local keyId = cjson.decode(redis.call('HGET', KEYS[1], 'keyId'))
local p, id, to = ARGV[1], ARGV[2], ARGV[4]
local finished = to == 'done' or to == 'failed'
local writes = { { 'HSET', KEYS[1], 'state', '' } }
if cur ~= to then
  table.insert(writes, { 'SREM', p .. ':state:' .. cur, id })
  table.insert(writes, { 'SADD', p .. ':state:' .. to, id })
end
if finished then
  table.insert(writes, { 'SREM', p .. ':open:' .. keyId, id })
  table.insert(writes, { 'ZREM', p .. ':unfinished', id })
end
for _, w in ipairs(writes) do
  if not redis.acl_check_cmd(unpack(w)) then
    return redis.error_reply('NOPERM this user may not write ' .. w[2])
  end
end
redis.call('HSET', KEYS[1], 'state', cjson.encode(to))
if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'attempts', tostring(attempts + 1)) end
if ARGV[6] == '1' then redis.call('HSET', KEYS[1], 'sealedInput', 'null') end
for i = 8, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if cur ~= to then
  redis.call('SREM', p .. ':state:' .. cur, id)
  redis.call('SADD', p .. ':state:' .. to, id)
end
if finished then
  redis.call('SREM', p .. ':open:' .. keyId, id)
  redis.call('ZREM', p .. ':unfinished', id)
end
return redis.call('HGETALL', KEYS[1])
`;

// KEYS[1] job hash; ARGV: prefix, id, keyId, createdAt, state, idempotency key ('' for none), then field/value
// pairs. Returns '' when inserted, or the id of the job that already holds the idempotency key. Checks first,
// as above.
const INSERT = `
local idem = ARGV[6]
if idem ~= '' then
  local holder = redis.call('GET', idem)
  if holder then return holder end
end
local p, id = ARGV[1], ARGV[2]
local writes = {
  { 'HSET', KEYS[1], 'state', '' },
  { 'SADD', p .. ':state:' .. ARGV[5], id },
  { 'SADD', p .. ':open:' .. ARGV[3], id },
  { 'ZADD', p .. ':unfinished', ARGV[4], id },
}
if idem ~= '' then table.insert(writes, { 'SET', idem, id }) end
for _, w in ipairs(writes) do
  if not redis.acl_check_cmd(unpack(w)) then
    return redis.error_reply('NOPERM this user may not write ' .. w[2])
  end
end
for i = 7, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if idem ~= '' then redis.call('SET', idem, id) end
redis.call('SADD', p .. ':state:' .. ARGV[5], id)
redis.call('SADD', p .. ':open:' .. ARGV[3], id)
redis.call('ZADD', p .. ':unfinished', ARGV[4], id)
return ''
`;

const encode = (job: Partial<JobRecord> & { runner?: string }): string[] =>
  Object.entries(job).flatMap(([k, v]) => [k, JSON.stringify(v ?? null)]);

function decode(flat: string[]): JobRecord {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < flat.length; i += 2) o[flat[i]!] = JSON.parse(flat[i + 1]!);
  return o as unknown as JobRecord;
}

/** A Redis URL without its user name and password (for messages and logs). */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return "(unparseable Redis URL)";
  }
}

/** Where the store and the BullMQ connections report connection trouble (a pino logger in the service). */
export interface RedisLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Send a Redis connection's errors to `log`: one line when it is lost, one when it is back (ioredis would
 * print an "Unhandled error event" stack to stderr for each reconnection attempt without a listener).
 */
export function logRedisErrors(redis: Redis, url: string, what: string, log?: RedisLog): void {
  let down = false;
  redis.on("error", (e: Error) => {
    if (down) return;
    down = true;
    log?.warn({ redis: redactRedisUrl(url), connection: what, err: e.message }, "redis unreachable");
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    log?.info({ redis: redactRedisUrl(url), connection: what }, "redis reachable again");
  });
}

/** Options of the Redis store. */
export interface RedisStoreOptions {
  prefix?: string;
  log?: RedisLog;
  /** A command that has no answer after this long fails (ms). */
  commandTimeoutMs?: number;
}

/** Redis store; every key starts with `prefix`. Call connect() before use. */
export class RedisStore implements Store {
  private readonly redis: Redis;
  private readonly prefix: string;
  private writeFailing = false;

  constructor(
    private readonly url: string,
    o: RedisStoreOptions = {},
  ) {
    this.prefix = o.prefix ?? "zkprov";
    this.redis = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: o.commandTimeoutMs ?? 2000,
      connectTimeout: 2000,
      retryStrategy: (n) => Math.min(100 * n, 1000),
    });
    logRedisErrors(this.redis, url, "store", o.log);
    this.redis.defineCommand("zkTransition", { numberOfKeys: 1, lua: TRANSITION });
    this.redis.defineCommand("zkInsert", { numberOfKeys: 1, lua: INSERT });
  }

  /**
   * Connect (once, at start).
   *
   * @throws {StoreUnavailableError} if Redis cannot be reached.
   */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (e) {
      this.redis.disconnect();
      throw new StoreUnavailableError(`cannot reach Redis at ${redactRedisUrl(this.url)}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  /** The raw connection (the durability check and tests read the server's configuration through it). */
  get connection(): Redis {
    return this.redis;
  }

  private k(...parts: string[]): string {
    return [this.prefix, ...parts].join(":");
  }

  // Every Redis error (unreachable, timed out, out of memory, AOF write failing: MISCONF) is a store error.
  private async op<T>(what: string, write: boolean, fn: () => Promise<T>): Promise<T> {
    try {
      const r = await fn();
      if (write) this.writeFailing = false;
      return r;
    } catch (e) {
      if (write) this.writeFailing = true;
      throw new StoreUnavailableError(`Redis cannot ${what}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async transition(
    id: string,
    from: string[],
    to: string,
    opts: { attempt?: boolean; erase?: boolean; run?: number; fields?: Partial<JobRecord> & { runner?: string } } = {},
  ): Promise<JobRecord | null> {
    const r = (await (
      this.redis as unknown as { zkTransition: (...a: (string | number)[]) => Promise<string[] | null> }
    ).zkTransition(
      this.k("job", id),
      this.prefix,
      id,
      from.join(","),
      to,
      opts.attempt ? "1" : "0",
      opts.erase ? "1" : "0",
      opts.run === undefined ? "" : String(opts.run),
      ...encode(opts.fields ?? {}),
    )) as string[] | null;
    return r ? decode(r) : null;
  }

  async insertJob(job: JobRecord): Promise<{ job: JobRecord; created: boolean }> {
    const holder = await this.op("store the job", true, () =>
      (this.redis as unknown as { zkInsert: (...a: (string | number)[]) => Promise<string> }).zkInsert(
        this.k("job", job.id),
        this.prefix,
        job.id,
        job.keyId,
        job.createdAt,
        job.state,
        job.idempotencyKey ? this.k("idem", job.keyId, job.idempotencyKey) : "",
        ...encode(job),
      ),
    );
    if (holder === "") return { job, created: true };
    return { job: (await this.getJob(holder))!, created: false };
  }

  async getJob(id: string): Promise<JobRecord | null> {
    const flat = (await this.op("read the job", false, () =>
      this.redis.call("HGETALL", this.k("job", id)),
    )) as string[];
    return flat.length ? decode(flat) : null;
  }

  async findByIdempotencyKey(keyId: string, idempotencyKey: string): Promise<JobRecord | null> {
    const id = await this.op("read the job", false, () => this.redis.get(this.k("idem", keyId, idempotencyKey)));
    return id ? this.getJob(id) : null;
  }

  async startJob(id: string, run?: string): Promise<JobRecord | null> {
    const started = await this.op("record the job's start", true, () =>
      this.transition(id, ["queued"], "proving", {
        attempt: true,
        fields: { startedAt: Date.now(), stage: "started", fraction: 0, ...(run ? { runner: run } : {}) },
      }),
    );
    if (started || !run) return started;
    // Not queued: perhaps this run's earlier try took effect and its answer was lost.
    const now = await this.getJob(id);
    return now?.state === "proving" && (now as JobRecord & { runner?: string }).runner === run ? now : null;
  }

  async setProgress(id: string, stage: string, fraction: number): Promise<void> {
    await this.op("record the job's progress", true, () =>
      this.transition(id, ["proving"], "proving", { fields: { stage, fraction } }),
    );
  }

  async finishJob(id: string, attempt: number, bundle: ProofBundle): Promise<boolean> {
    const r = await this.op("record the finished proof", true, () =>
      this.transition(id, ["proving"], "done", {
        erase: true,
        run: attempt,
        fields: { bundle, stage: "done", fraction: 1, finishedAt: Date.now() },
      }),
    );
    if (r) return true;
    // A first try that timed out may have taken effect.
    const now = await this.getJob(id);
    return now?.state === "done" && now.attempts === attempt;
  }

  async failJob(id: string, error: { code: string; message: string }, attempt?: number): Promise<boolean> {
    const r = await this.op("record the job's failure", true, () =>
      this.transition(id, attempt === undefined ? ["queued", "proving"] : ["proving"], "failed", {
        erase: true,
        run: attempt,
        fields: { error, finishedAt: Date.now() },
      }),
    );
    if (r) return true;
    const now = await this.getJob(id);
    return now?.state === "failed" && (attempt === undefined || now.attempts === attempt);
  }

  async requeueJob(id: string, attempt?: number): Promise<boolean> {
    const r = await this.op("hand the job back to the queue", true, () =>
      this.transition(id, ["proving"], "queued", { run: attempt, fields: { stage: "queued", fraction: 0 } }),
    );
    if (r) return true;
    return (await this.getJob(id))?.state === "queued";
  }

  async unfinishedJobs(): Promise<JobRecord[]> {
    const ids = await this.op("list unfinished jobs", false, () => this.redis.zrange(this.k("unfinished"), "0", "-1"));
    const jobs = await Promise.all(ids.map((id) => this.getJob(id)));
    return jobs.filter((j): j is JobRecord => j !== null);
  }

  async countByState(): Promise<StateCounts> {
    const counts = zeroCounts();
    const n = await this.op("count jobs", false, () =>
      Promise.all(JOB_STATES.map((s) => this.redis.scard(this.k("state", s)))),
    );
    JOB_STATES.forEach((s, i) => (counts[s] = n[i]!));
    return counts;
  }

  async countUnfinishedForKey(keyId: string): Promise<number> {
    return this.op("count jobs", false, () => this.redis.scard(this.k("open", keyId)));
  }

  async createApiKey(label: string): Promise<{ info: ApiKeyInfo; token: string }> {
    const t = newApiToken();
    const info: ApiKeyInfo = { id: t.id, label, createdAt: Date.now(), revokedAt: null };
    await this.op("store the API key", true, () =>
      this.redis
        .multi()
        .hset(this.k("apikey", t.id), "info", JSON.stringify(info), "hash", t.hash)
        .zadd(this.k("apikeys"), info.createdAt, t.id)
        .exec(),
    );
    return { info, token: t.token };
  }

  async listApiKeys(): Promise<ApiKeyInfo[]> {
    const ids = await this.op("list API keys", false, () => this.redis.zrange(this.k("apikeys"), "0", "-1"));
    const infos = await this.op("list API keys", false, () =>
      Promise.all(ids.map((id) => this.redis.hget(this.k("apikey", id), "info"))),
    );
    return infos.filter((s): s is string => s !== null).map((s) => JSON.parse(s) as ApiKeyInfo);
  }

  async revokeApiKey(id: string): Promise<boolean> {
    const s = await this.op("read the API key", false, () => this.redis.hget(this.k("apikey", id), "info"));
    if (!s) return false;
    const info = JSON.parse(s) as ApiKeyInfo;
    if (info.revokedAt !== null) return false;
    await this.op("revoke the API key", true, () =>
      this.redis.hset(this.k("apikey", id), "info", JSON.stringify({ ...info, revokedAt: Date.now() })),
    );
    return true;
  }

  async authenticate(token: string): Promise<string | null> {
    const t = parseApiToken(token);
    if (!t) return null;
    const [info, hash] = await this.op("read API keys", false, () =>
      this.redis.hmget(this.k("apikey", t.id), "info", "hash"),
    );
    if (!info || !hash || (JSON.parse(info) as ApiKeyInfo).revokedAt !== null) return null;
    return sameHash(hash, hashSecret(t.secret)) ? t.id : null;
  }

  async ping(): Promise<void> {
    if (this.writeFailing) await this.op("be written", true, () => this.redis.set(this.k("probe"), String(Date.now())));
    else await this.op("be reached", false, () => this.redis.ping());
  }

  async close(): Promise<void> {
    if (this.redis.status === "end") return;
    await Promise.race([this.redis.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
    this.redis.disconnect();
  }
}

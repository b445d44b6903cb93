// The scale-out store: jobs, idempotency keys and hashed API keys in Redis, shared by API and worker
// nodes. A job is a hash of JSON-encoded fields; each change (insert, every state change) is one Lua
// script (atomic), which also keeps the per-state and per-key sets that the counts read.
//
// Failing fast: commands are not queued while Redis is unreachable (enableOfflineQueue off) and time out
// after commandTimeoutMs, so a request that needs the store answers 503 at once instead of waiting for a
// reconnection; connection errors go to the logger, never to stderr.
//
// Crypto-shredding (docs/SERVICE.md, "Secrets"): a job's sealed input is in its hash, its data key (wrapped
// under the service key) in a record of its own, `<prefix>:jobkey:<id>`, on the key Redis (the job Redis
// unless keyUrl names another server). Finishing or failing a job nulls its sealed input and, in the same
// script, adds its id to `<prefix>:shred`; the shredder then deletes the data keys listed there, forces a
// rewrite of the key Redis's append-only file (BGREWRITEAOF, which replaces the files that still hold the
// deleted records), and only then takes the ids off the list, so a node that dies mid-way leaves the work to
// the next shredder. Once that rewrite is done no file of either server holds the data key, and the sealed
// input left in the job Redis's append-only file opens with nothing.
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
if ARGV[6] == '1' then table.insert(writes, { 'SADD', p .. ':shred', id }) end
for _, w in ipairs(writes) do
  if not redis.acl_check_cmd(unpack(w)) then
    return redis.error_reply('NOPERM this user may not write ' .. w[2])
  end
end
redis.call('HSET', KEYS[1], 'state', cjson.encode(to))
if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'attempts', tostring(attempts + 1)) end
if ARGV[6] == '1' then
  redis.call('HSET', KEYS[1], 'sealedInput', 'null')
  redis.call('SADD', p .. ':shred', id)
end
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

// The data key never goes into the job hash: it is kept in its own record (on the key Redis).
const encode = (job: Partial<JobRecord> & { runner?: string }): string[] =>
  Object.entries(job)
    .filter(([k]) => k !== "sealedKey")
    .flatMap(([k, v]) => [k, JSON.stringify(v ?? null)]);

function decode(flat: string[]): JobRecord {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < flat.length; i += 2) o[flat[i]!] = JSON.parse(flat[i + 1]!);
  return { ...(o as unknown as JobRecord), sealedKey: null };
}

/** The fields of an INFO section. */
function infoFields(text: string): Record<string, string> {
  const o: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at > 0) o[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  /** The key Redis: where the jobs' wrapped data keys are kept (default: the job Redis). */
  keyUrl?: string;
}

/** Redis store; every key starts with `prefix`. Call connect() before use. */
export class RedisStore implements Store {
  private readonly redis: Redis;
  /** The key Redis (the same connection as `redis` unless keyUrl names another server). */
  private readonly keys: Redis;
  private readonly keyUrl: string;
  private readonly prefix: string;
  private readonly log?: RedisLog;
  private writeFailing = false;
  private shredding: Promise<void> | null = null;
  private shredAgain = false;
  private shredWarned = false;
  private shredTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    o: RedisStoreOptions = {},
  ) {
    this.prefix = o.prefix ?? "zkprov";
    this.log = o.log;
    const connect = (u: string, what: string) => {
      const r = new Redis(u, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: o.commandTimeoutMs ?? 2000,
        connectTimeout: 2000,
        retryStrategy: (n) => Math.min(100 * n, 1000),
      });
      logRedisErrors(r, u, what, o.log);
      return r;
    };
    this.redis = connect(url, "store");
    this.keyUrl = o.keyUrl ?? url;
    this.keys = this.keyUrl === url ? this.redis : connect(this.keyUrl, "key store");
    this.redis.defineCommand("zkTransition", { numberOfKeys: 1, lua: TRANSITION });
    this.redis.defineCommand("zkInsert", { numberOfKeys: 1, lua: INSERT });
  }

  /**
   * Connect (once, at start).
   *
   * @throws {StoreUnavailableError} if Redis cannot be reached.
   */
  async connect(): Promise<void> {
    for (const [r, u] of this.keys === this.redis
      ? ([[this.redis, this.url]] as const)
      : ([
          [this.redis, this.url],
          [this.keys, this.keyUrl],
        ] as const)) {
      try {
        await r.connect();
      } catch (e) {
        this.redis.disconnect();
        this.keys.disconnect();
        throw new StoreUnavailableError(`cannot reach Redis at ${redactRedisUrl(u)}: ${(e as Error).message}`, {
          cause: e,
        });
      }
    }
  }

  /** The raw connection (the durability check and tests read the server's configuration through it). */
  get connection(): Redis {
    return this.redis;
  }

  /** The key Redis's connection and URL (its own server, or the job Redis's connection). */
  get keyStore(): { connection: Redis; url: string; separate: boolean } {
    return { connection: this.keys, url: this.keyUrl, separate: this.keys !== this.redis };
  }

  /**
   * Erase the data keys of finished jobs now and then: at once after each erase, and every `intervalMs`
   * for what a node that died left on the list. API and worker nodes run it; admin commands do not.
   */
  startShredder(intervalMs = 5000): void {
    if (this.shredTimer) return;
    this.shredTimer = setInterval(() => this.shred(), intervalMs);
    this.shredTimer.unref();
    this.shred();
  }

  /** Run the shredder (one run at a time; a request during a run makes one more run). Never rejects. */
  shred(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.shredding) {
      this.shredAgain = true;
      return this.shredding;
    }
    this.shredding = (async () => {
      do {
        this.shredAgain = false;
        try {
          await this.shredOnce();
          this.shredWarned = false;
        } catch (e) {
          // Once per outage, and not for a run cut short by close().
          if (!this.shredWarned && !this.closed) {
            this.log?.warn(
              { err: (e as Error).message },
              "could not erase the data keys of finished jobs yet; retried every few seconds",
            );
          }
          this.shredWarned = true;
          return;
        }
      } while (this.shredAgain && !this.closed);
    })().finally(() => (this.shredding = null));
    return this.shredding;
  }

  /** Ids of finished jobs whose data keys are not yet erased from the key Redis's files. */
  async shredPending(): Promise<string[]> {
    return this.op("read the erase list", false, () => this.redis.smembers(this.k("shred")));
  }

  private async shredOnce(): Promise<void> {
    const ids = await this.redis.smembers(this.k("shred"));
    if (ids.length === 0) return;
    await this.keys.del(...ids.map((id) => this.k("jobkey", id)));
    await this.rewriteKeyLog();
    await this.redis.srem(this.k("shred"), ...ids);
  }

  // Force a rewrite of the key Redis's append-only file that starts after the deletes above, and wait for it:
  // the new file holds the data as it is (without the deleted records); the old files are removed.
  private async rewriteKeyLog(): Promise<void> {
    const persistence = async () => infoFields(await this.keys.info("persistence"));
    if ((await persistence()).aof_enabled !== "1") return; // no append-only file (a volatile setup)
    const until = Date.now() + 120_000;
    for (;;) {
      try {
        await this.keys.bgrewriteaof(); // "started", or "scheduled" (after a snapshot in progress)
        break;
      } catch (e) {
        // A rewrite that began before the deletes does not count: wait for it and start one of our own.
        if (!/already in progress/i.test((e as Error).message) || Date.now() > until) throw e;
        await sleep(50);
      }
    }
    for (;;) {
      const p = await persistence();
      if (p.aof_rewrite_in_progress === "0" && p.aof_rewrite_scheduled === "0") {
        if (p.aof_last_bgrewrite_status !== "ok") {
          throw new Error(`the key Redis could not rewrite its append-only file (${p.aof_last_bgrewrite_status})`);
        }
        return;
      }
      if (Date.now() > until) throw new Error("the key Redis's append-only file rewrite took over 120 s");
      await sleep(20);
    }
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
    // The data key first: a job is never stored without it.
    if (job.sealedKey !== null) {
      await this.op("store the job's data key", true, () => this.keys.set(this.k("jobkey", job.id), job.sealedKey!));
    }
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
    // Not stored (the idempotency key is another job's): its data key goes too (nothing it opens was stored).
    await this.keys.del(this.k("jobkey", job.id)).catch(() => undefined);
    return { job: (await this.getJob(holder))!, created: false };
  }

  async getJob(id: string): Promise<JobRecord | null> {
    const flat = (await this.op("read the job", false, () =>
      this.redis.call("HGETALL", this.k("job", id)),
    )) as string[];
    if (!flat.length) return null;
    const job = decode(flat);
    if (job.sealedInput !== null) {
      job.sealedKey = await this.op("read the job's data key", false, () => this.keys.get(this.k("jobkey", id)));
    }
    return job;
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
    if (started) {
      started.sealedKey = await this.op("read the job's data key", false, () => this.keys.get(this.k("jobkey", id)));
      return started;
    }
    if (!run) return null;
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
    void this.shred();
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
    void this.shred();
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
    if (this.keys !== this.redis) await this.op("reach the key Redis", false, () => this.keys.ping());
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.shredTimer) clearInterval(this.shredTimer);
    this.shredTimer = null;
    for (const r of this.keys === this.redis ? [this.redis] : [this.redis, this.keys]) {
      if (r.status === "end") continue;
      await Promise.race([r.quit().catch(() => undefined), new Promise((done) => setTimeout(done, 1000).unref())]);
      r.disconnect();
    }
  }
}

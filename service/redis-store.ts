// The scale-out store: jobs, idempotency keys and hashed API keys in Redis, shared by API and worker
// nodes. A job is a hash of JSON-encoded fields; each state change is one Lua script (atomic), which also
// keeps the per-state and per-key sets that the counts read.
import { Redis } from "ioredis";
import type { ProofBundle } from "../verifier/bundle.ts";
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

// KEYS[1] job hash; ARGV: prefix, id, allowed from-states (comma list), to-state, incr attempts (0/1),
// erase sealed input (0/1), then field/value pairs. Returns the job's fields, or nil if not in a from-state.
const TRANSITION = `
local cur = redis.call('HGET', KEYS[1], 'state')
if not cur then return nil end
cur = cjson.decode(cur)
if not string.find(',' .. ARGV[3] .. ',', ',' .. cur .. ',', 1, true) then return nil end
local p, id, to = ARGV[1], ARGV[2], ARGV[4]
redis.call('HSET', KEYS[1], 'state', cjson.encode(to))
if ARGV[5] == '1' then
  local n = cjson.decode(redis.call('HGET', KEYS[1], 'attempts')) + 1
  redis.call('HSET', KEYS[1], 'attempts', tostring(n))
end
if ARGV[6] == '1' then redis.call('HSET', KEYS[1], 'sealedInput', 'null') end
for i = 7, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('SREM', p .. ':state:' .. cur, id)
redis.call('SADD', p .. ':state:' .. to, id)
if to == 'done' or to == 'failed' then
  redis.call('SREM', p .. ':open:' .. cjson.decode(redis.call('HGET', KEYS[1], 'keyId')), id)
  redis.call('ZREM', p .. ':unfinished', id)
end
return redis.call('HGETALL', KEYS[1])
`;

const encode = (job: Partial<JobRecord>): string[] =>
  Object.entries(job).flatMap(([k, v]) => [k, JSON.stringify(v ?? null)]);

function decode(flat: string[]): JobRecord {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < flat.length; i += 2) o[flat[i]!] = JSON.parse(flat[i + 1]!);
  return o as unknown as JobRecord;
}

/** Redis store; every key starts with `prefix`. */
export class RedisStore implements Store {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = "zkprov",
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
    this.redis.defineCommand("zkTransition", { numberOfKeys: 1, lua: TRANSITION });
  }

  private k(...parts: string[]): string {
    return [this.prefix, ...parts].join(":");
  }

  private async transition(
    id: string,
    from: string[],
    to: string,
    opts: { attempt?: boolean; erase?: boolean; fields?: Partial<JobRecord> } = {},
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
      ...encode(opts.fields ?? {}),
    )) as string[] | null;
    return r ? decode(r) : null;
  }

  async insertJob(job: JobRecord): Promise<{ job: JobRecord; created: boolean }> {
    // The job's hash is written before its idempotency key is claimed, so a request that loses the claim
    // always finds the winner's job; the loser's hash is removed.
    await this.redis.hset(this.k("job", job.id), ...encode(job));
    if (job.idempotencyKey) {
      const claimed = await this.redis.set(this.k("idem", job.keyId, job.idempotencyKey), job.id, "NX");
      if (claimed !== "OK") {
        await this.redis.del(this.k("job", job.id));
        return { job: (await this.findByIdempotencyKey(job.keyId, job.idempotencyKey))!, created: false };
      }
    }
    await this.redis
      .multi()
      .sadd(this.k("state", job.state), job.id)
      .sadd(this.k("open", job.keyId), job.id)
      .zadd(this.k("unfinished"), job.createdAt, job.id)
      .exec();
    return { job, created: true };
  }

  async getJob(id: string): Promise<JobRecord | null> {
    const flat = await this.redis.call("HGETALL", this.k("job", id));
    const arr = flat as string[];
    return arr.length ? decode(arr) : null;
  }

  async findByIdempotencyKey(keyId: string, idempotencyKey: string): Promise<JobRecord | null> {
    const id = await this.redis.get(this.k("idem", keyId, idempotencyKey));
    return id ? this.getJob(id) : null;
  }

  async startJob(id: string): Promise<JobRecord | null> {
    return this.transition(id, ["queued"], "proving", {
      attempt: true,
      fields: { startedAt: Date.now(), stage: "started", fraction: 0 },
    });
  }

  async setProgress(id: string, stage: string, fraction: number): Promise<void> {
    await this.transition(id, ["proving"], "proving", { fields: { stage, fraction } });
  }

  async finishJob(id: string, bundle: ProofBundle): Promise<void> {
    await this.transition(id, ["queued", "proving"], "done", {
      erase: true,
      fields: { bundle, stage: "done", fraction: 1, finishedAt: Date.now() },
    });
  }

  async failJob(id: string, error: { code: string; message: string }): Promise<void> {
    await this.transition(id, ["queued", "proving"], "failed", {
      erase: true,
      fields: { error, finishedAt: Date.now() },
    });
  }

  async requeueJob(id: string): Promise<void> {
    await this.transition(id, ["proving"], "queued", { fields: { stage: "queued", fraction: 0 } });
  }

  async unfinishedJobs(): Promise<JobRecord[]> {
    const ids = await this.redis.zrange(this.k("unfinished"), "0", "-1");
    const jobs = await Promise.all(ids.map((id) => this.getJob(id)));
    return jobs.filter((j): j is JobRecord => j !== null);
  }

  async countByState(): Promise<StateCounts> {
    const counts = zeroCounts();
    const n = await Promise.all(JOB_STATES.map((s) => this.redis.scard(this.k("state", s))));
    JOB_STATES.forEach((s, i) => (counts[s] = n[i]!));
    return counts;
  }

  async countUnfinishedForKey(keyId: string): Promise<number> {
    return this.redis.scard(this.k("open", keyId));
  }

  async createApiKey(label: string): Promise<{ info: ApiKeyInfo; token: string }> {
    const t = newApiToken();
    const info: ApiKeyInfo = { id: t.id, label, createdAt: Date.now(), revokedAt: null };
    await this.redis.hset(this.k("apikey", t.id), "info", JSON.stringify(info), "hash", t.hash);
    await this.redis.zadd(this.k("apikeys"), info.createdAt, t.id);
    return { info, token: t.token };
  }

  async listApiKeys(): Promise<ApiKeyInfo[]> {
    const ids = await this.redis.zrange(this.k("apikeys"), "0", "-1");
    const infos = await Promise.all(ids.map((id) => this.redis.hget(this.k("apikey", id), "info")));
    return infos.filter((s): s is string => s !== null).map((s) => JSON.parse(s) as ApiKeyInfo);
  }

  async revokeApiKey(id: string): Promise<boolean> {
    const s = await this.redis.hget(this.k("apikey", id), "info");
    if (!s) return false;
    const info = JSON.parse(s) as ApiKeyInfo;
    if (info.revokedAt !== null) return false;
    await this.redis.hset(this.k("apikey", id), "info", JSON.stringify({ ...info, revokedAt: Date.now() }));
    return true;
  }

  async authenticate(token: string): Promise<string | null> {
    const t = parseApiToken(token);
    if (!t) return null;
    const [info, hash] = await this.redis.hmget(this.k("apikey", t.id), "info", "hash");
    if (!info || !hash || (JSON.parse(info) as ApiKeyInfo).revokedAt !== null) return null;
    return sameHash(hash, hashSecret(t.secret)) ? t.id : null;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

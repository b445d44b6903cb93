// The embedded store: one SQLite file (node:sqlite, built into Node 22) in WAL mode with synchronous=FULL,
// so a job acknowledged with 202 survives kill -9 of the service.
//
// Every write goes through run() or all(), which step the statement to its end, so a commit that fails
// (disk full, I/O error) throws. StatementSync.get() on an UPDATE ... RETURNING returns the row after the
// first step and swallows the failed commit: never use it for a write.
import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
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
import type { ApiCircuit, JobState } from "./schemas.ts";
import { StoreUnavailableError } from "./errors.ts";
import { type ProofBundle } from "../core/formats/bundle.ts";

interface Row {
  id: string;
  key_id: string;
  circuit: string;
  chain_id: string;
  state: string;
  stage: string;
  fraction: number;
  attempts: number;
  error: string | null;
  bundle: string | null;
  sealed_input: string | null;
  sealed_key: string | null;
  idempotency_key: string | null;
  request_hash: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const fromRow = (r: Row): JobRecord => ({
  id: r.id,
  keyId: r.key_id,
  circuit: r.circuit as ApiCircuit,
  chainId: r.chain_id,
  state: r.state as JobState,
  stage: r.stage,
  fraction: r.fraction,
  attempts: r.attempts,
  error: r.error ? (JSON.parse(r.error) as { code: string; message: string }) : null,
  bundle: r.bundle ? (JSON.parse(r.bundle) as ProofBundle) : null,
  sealedInput: r.sealed_input,
  sealedKey: r.sealed_key,
  idempotencyKey: r.idempotency_key,
  requestHash: r.request_hash,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** SQLite store in `dataDir/service.db`. */
export class SqliteStore implements Store {
  private readonly db: DatabaseSync;
  /** A write failed and none has succeeded since: ping() then probes with a write. */
  private writeFailing = false;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dataDir, "service.db");
    // Created 0600 before SQLite opens it (its -wal and -shm files take the database file's mode).
    fs.closeSync(fs.openSync(file, "a", 0o600));
    this.db = new DatabaseSync(file);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      PRAGMA busy_timeout = 5000;
      PRAGMA secure_delete = ON;
      CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY, key_id TEXT NOT NULL, circuit TEXT NOT NULL, chain_id TEXT NOT NULL,
        state TEXT NOT NULL, stage TEXT NOT NULL, fraction REAL NOT NULL, attempts INTEGER NOT NULL,
        error TEXT, bundle TEXT, sealed_input TEXT, idempotency_key TEXT, request_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER,
        UNIQUE (key_id, idempotency_key)
      );
      CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, created_at);
      CREATE TABLE IF NOT EXISTS api_keys (
        id TEXT PRIMARY KEY, label TEXT NOT NULL, secret_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL, revoked_at INTEGER
      );
      CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL);
    `);
    // The job's data key (wrapped under the service key), erased with the sealed input: a database made before
    // crypto-shredding gets the column (its unfinished jobs then fail with SEALED_INPUT: no data key).
    const columns = this.db.prepare(`PRAGMA table_info(jobs)`).all() as { name: string }[];
    if (!columns.some((c) => c.name === "sealed_key")) this.db.exec(`ALTER TABLE jobs ADD COLUMN sealed_key TEXT`);
  }

  // Any error of the database (full disk, I/O error, locked past busy_timeout, a failed constraint) is a
  // store error where it happens: StoreUnavailableError naming what was being done, SQLite's reason as details.
  private guard<T>(what: string, write: boolean, fn: () => T): T {
    try {
      const r = fn();
      if (write) this.writeFailing = false;
      return r;
    } catch (e) {
      if (write) this.writeFailing = true;
      const reason = e instanceof Error ? e.message : String(e);
      throw new StoreUnavailableError(`the job database cannot ${what}: ${reason}`, { cause: e });
    }
  }

  private read<T>(what: string, fn: () => T): T {
    return this.guard(what, false, fn);
  }

  private write<T>(what: string, fn: () => T): T {
    return this.guard(what, true, fn);
  }

  private one(sql: string, ...args: (string | number | null)[]): Row | undefined {
    return this.db.prepare(sql).get(...args) as Row | undefined;
  }

  async insertJob(job: JobRecord): Promise<{ job: JobRecord; created: boolean }> {
    const r = this.write("store the job", () =>
      this.db
        .prepare(
          `INSERT INTO jobs (id, key_id, circuit, chain_id, state, stage, fraction, attempts, error, bundle,
           sealed_input, idempotency_key, request_hash, created_at, started_at, finished_at, sealed_key)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key_id, idempotency_key) DO NOTHING`,
        )
        .run(
          job.id,
          job.keyId,
          job.circuit,
          job.chainId,
          job.state,
          job.stage,
          job.fraction,
          job.attempts,
          job.error ? JSON.stringify(job.error) : null,
          job.bundle ? JSON.stringify(job.bundle) : null,
          job.sealedInput,
          job.idempotencyKey,
          job.requestHash,
          job.createdAt,
          job.startedAt,
          job.finishedAt,
          job.sealedKey,
        ),
    );
    if (r.changes === 1) return { job, created: true };
    return { job: (await this.findByIdempotencyKey(job.keyId, job.idempotencyKey!))!, created: false };
  }

  async getJob(id: string): Promise<JobRecord | null> {
    const r = this.read("read the job", () => this.one(`SELECT * FROM jobs WHERE id = ?`, id));
    return r ? fromRow(r) : null;
  }

  async findByIdempotencyKey(keyId: string, idempotencyKey: string): Promise<JobRecord | null> {
    const r = this.read("read the job", () =>
      this.one(`SELECT * FROM jobs WHERE key_id = ? AND idempotency_key = ?`, keyId, idempotencyKey),
    );
    return r ? fromRow(r) : null;
  }

  async startJob(id: string): Promise<JobRecord | null> {
    // all(), not get(): the statement runs to its end and a failed commit throws.
    const rows = this.write("record the job's start", () =>
      this.db
        .prepare(
          `UPDATE jobs SET state = 'proving', attempts = attempts + 1, started_at = ?, stage = 'started', fraction = 0
           WHERE id = ? AND state = 'queued' RETURNING *`,
        )
        .all(Date.now(), id),
    ) as unknown as Row[];
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async setProgress(id: string, stage: string, fraction: number): Promise<void> {
    this.write("record the job's progress", () =>
      this.db
        .prepare(`UPDATE jobs SET stage = ?, fraction = ? WHERE id = ? AND state = 'proving'`)
        .run(stage, fraction, id),
    );
  }

  // Erasing a job's data key (and its sealed input) must leave nothing to recover: secure_delete (set at open)
  // zeroes the freed bytes in the database pages, but the write-ahead log still holds the page as it was before the erase until it is
  // checkpointed, so each erase is checkpointed and the log truncated at once. If that write fails the caller
  // sees the store error and retries (finishJob and failJob are idempotent for the run that made them).
  private scrubLog(): void {
    this.write("erase the sealed input from the write-ahead log", () =>
      this.db.exec("PRAGMA wal_checkpoint(TRUNCATE)"),
    );
  }

  // The run that started the job as attempt `attempt`: the job is proving and its attempts still say so.
  private static readonly RUN = `state = 'proving' AND attempts = ?`;

  async finishJob(id: string, attempt: number, bundle: ProofBundle): Promise<boolean> {
    const r = this.write("record the finished proof", () =>
      this.db
        .prepare(
          `UPDATE jobs SET state = 'done', stage = 'done', fraction = 1, bundle = ?, sealed_input = NULL, sealed_key = NULL,
           finished_at = ? WHERE id = ? AND ${SqliteStore.RUN}`,
        )
        .run(JSON.stringify(bundle), Date.now(), id, attempt),
    );
    if (r.changes === 1) {
      this.scrubLog();
      return true;
    }
    const now = await this.getJob(id);
    return now?.state === "done" && now.attempts === attempt;
  }

  async failJob(id: string, error: { code: string; message: string }, attempt?: number): Promise<boolean> {
    const r = this.write("record the job's failure", () =>
      attempt === undefined
        ? this.db
            .prepare(
              `UPDATE jobs SET state = 'failed', error = ?, sealed_input = NULL, sealed_key = NULL, finished_at = ?
               WHERE id = ? AND state IN ('queued', 'proving')`,
            )
            .run(JSON.stringify(error), Date.now(), id)
        : this.db
            .prepare(
              `UPDATE jobs SET state = 'failed', error = ?, sealed_input = NULL, sealed_key = NULL, finished_at = ?
               WHERE id = ? AND ${SqliteStore.RUN}`,
            )
            .run(JSON.stringify(error), Date.now(), id, attempt),
    );
    if (r.changes === 1) {
      this.scrubLog();
      return true;
    }
    const now = await this.getJob(id);
    return now?.state === "failed" && (attempt === undefined || now.attempts === attempt);
  }

  async requeueJob(id: string, attempt?: number): Promise<boolean> {
    const r = this.write("hand the job back to the queue", () =>
      attempt === undefined
        ? this.db
            .prepare(
              `UPDATE jobs SET state = 'queued', stage = 'queued', fraction = 0 WHERE id = ? AND state = 'proving'`,
            )
            .run(id)
        : this.db
            .prepare(
              `UPDATE jobs SET state = 'queued', stage = 'queued', fraction = 0 WHERE id = ? AND ${SqliteStore.RUN}`,
            )
            .run(id, attempt),
    );
    if (r.changes === 1) return true;
    const now = await this.getJob(id);
    return now?.state === "queued";
  }

  async unfinishedJobs(): Promise<JobRecord[]> {
    const rows = this.read(
      "list unfinished jobs",
      () =>
        this.db
          .prepare(`SELECT * FROM jobs WHERE state IN ('queued', 'proving') ORDER BY created_at, rowid`)
          .all() as unknown as Row[],
    );
    return rows.map(fromRow);
  }

  async countByState(): Promise<StateCounts> {
    const counts = zeroCounts();
    const rows = this.read(
      "count jobs",
      () =>
        this.db.prepare(`SELECT state, COUNT(*) AS n FROM jobs GROUP BY state`).all() as {
          state: JobState;
          n: number;
        }[],
    );
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  }

  async countUnfinishedForKey(keyId: string): Promise<number> {
    const r = this.read(
      "count jobs",
      () =>
        this.db
          .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE key_id = ? AND state IN ('queued', 'proving')`)
          .get(keyId) as { n: number },
    );
    return r.n;
  }

  async createApiKey(label: string): Promise<{ info: ApiKeyInfo; token: string }> {
    const t = newApiToken();
    const info: ApiKeyInfo = { id: t.id, label, createdAt: Date.now(), revokedAt: null };
    this.write("store the API key", () =>
      this.db.prepare(`INSERT INTO api_keys VALUES (?,?,?,?,NULL)`).run(info.id, label, t.hash, info.createdAt),
    );
    return { info, token: t.token };
  }

  async listApiKeys(): Promise<ApiKeyInfo[]> {
    const rows = this.read(
      "list API keys",
      () =>
        this.db.prepare(`SELECT * FROM api_keys ORDER BY created_at`).all() as {
          id: string;
          label: string;
          created_at: number;
          revoked_at: number | null;
        }[],
    );
    return rows.map((r) => ({ id: r.id, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at }));
  }

  async revokeApiKey(id: string): Promise<boolean> {
    const r = this.write("revoke the API key", () =>
      this.db.prepare(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`).run(Date.now(), id),
    );
    return r.changes === 1;
  }

  async authenticate(token: string): Promise<string | null> {
    const t = parseApiToken(token);
    if (!t) return null;
    const r = this.read(
      "read API keys",
      () =>
        this.db.prepare(`SELECT secret_hash FROM api_keys WHERE id = ? AND revoked_at IS NULL`).get(t.id) as
          | { secret_hash: string }
          | undefined,
    );
    return r && sameHash(r.secret_hash, hashSecret(t.secret)) ? t.id : null;
  }

  async ping(): Promise<void> {
    if (this.writeFailing) {
      this.write("be written", () => this.db.prepare(`INSERT OR REPLACE INTO probe VALUES (1, ?)`).run(Date.now()));
    } else {
      this.read("be read", () => this.db.prepare(`SELECT 1`).get());
    }
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}

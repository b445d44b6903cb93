// Job secrets at rest (service/seal.ts, docs/SERVICE.md "Secrets"): a sealed input opens only with the service
// key it was sealed with and only for its own job, any altered byte is refused, and once a job is finished or
// failed nothing is left on disk to open it with the service key: in SQLite (database, write-ahead log) neither
// the sealed input nor its data key; in Redis (append-only files, snapshots of the job and key servers) the
// sealed input may remain but its data key is gone (crypto-shredding), while before the erase the same read of
// the same files does recover the input.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { InvalidInputError } from "../../core/errors.ts";
import { requireDurableRedis } from "../../service/redis-durability.ts";
import { RedisStore } from "../../service/redis-store.ts";
import { loadServiceKey, openJob, seal, sealJob, unseal } from "../../service/seal.ts";
import { buildServer } from "../../service/server.ts";
import { SqliteStore } from "../../service/sqlite-store.ts";
import type { JobRecord } from "../../service/store.ts";
import type { ProofBundle } from "../../core/formats/bundle.ts";
import {
  api,
  filesUnder,
  recoverInputs,
  royaltyClaimRequest,
  startRedis,
  tempDir,
  waitFor,
  type TestRedis,
} from "./helpers.ts";

const SECRET = "8123456789012345678901234567890123456789012345678901234567890123456789";
const INPUT = JSON.stringify({ circuit: "royaltyClaim", input: { secret: SECRET, blinding: "77" } });

function refused(fn: () => unknown, jobId: string): void {
  expect(fn)
    .to.throw(InvalidInputError)
    .with.property("shortMessage")
    .that.equals(`the sealed input of job ${jobId} does not open with this service key`);
}

function queuedJob(id: string, sealed: { sealedInput: string; sealedKey: string }): JobRecord {
  return {
    id,
    keyId: "key",
    circuit: "royalty-claim",
    chainId: "31337",
    state: "queued",
    stage: "queued",
    fraction: 0,
    attempts: 0,
    error: null,
    bundle: null,
    ...sealed,
    idempotencyKey: null,
    requestHash: "hash",
    createdAt: Date.now(),
    startedAt: null,
    finishedAt: null,
  };
}

/** Every file under the directories that holds `needle` (or its first 16 characters: a fragment of it). */
function filesHolding(dirs: string | string[], needle: string): string[] {
  return [dirs]
    .flat()
    .flatMap((dir) => filesUnder(dir).map((f) => path.join(dir, f)))
    .filter((f) => {
      const bytes = fs.readFileSync(f);
      return bytes.includes(Buffer.from(needle)) || bytes.includes(Buffer.from(needle.slice(0, 16)));
    })
    .map((f) => path.basename(f))
    .sort();
}

describe("job secrets sealed at rest", function () {
  let tmp: ReturnType<typeof tempDir>;
  let key: Buffer;
  beforeEach(function () {
    tmp = tempDir("zkprov-seal-");
    key = loadServiceKey(tmp.dir);
  });
  afterEach(function () {
    tmp.remove();
  });

  describe("# seal and unseal", function () {
    it("Should open what it sealed, for the same job and key, and hold no plaintext", function () {
      const id = randomUUID();
      const sealed = seal(key, id, INPUT);
      expect(unseal(key, id, sealed)).to.equal(INPUT);
      expect(Buffer.from(sealed, "base64").includes(Buffer.from(SECRET))).to.equal(false);
      expect(sealed).to.not.include(SECRET);
      // A fresh IV each time: sealing the same input twice gives two different ciphertexts.
      expect(seal(key, id, INPUT)).to.not.equal(sealed);
    });

    it("Should refuse a sealed input with any byte altered (IV, tag or ciphertext) or cut short", function () {
      const id = randomUUID();
      const raw = Buffer.from(seal(key, id, INPUT), "base64");
      for (const at of [0, 11, 12, 27, 28, raw.length - 1]) {
        const altered = Buffer.from(raw);
        altered[at]! ^= 0x01;
        refused(() => unseal(key, id, altered.toString("base64")), id);
      }
      refused(() => unseal(key, id, raw.subarray(0, raw.length - 1).toString("base64")), id);
      refused(() => unseal(key, id, ""), id);
    });

    it("Should refuse a sealed input moved to another job", function () {
      const id = randomUUID();
      const other = randomUUID();
      const sealed = seal(key, id, INPUT);
      refused(() => unseal(key, other, sealed), other);
      refused(() => unseal(key, id.toUpperCase(), sealed), id.toUpperCase());
    });

    it("Should refuse a sealed input under another service's key", function () {
      const id = randomUUID();
      const sealed = seal(key, id, INPUT);
      const elsewhere = tempDir("zkprov-seal-other-");
      try {
        const otherKey = loadServiceKey(elsewhere.dir);
        expect(otherKey.equals(key)).to.equal(false);
        refused(() => unseal(otherKey, id, sealed), id);
        // The same data directory gives the same key back (a restart can open its unfinished jobs).
        expect(loadServiceKey(tmp.dir).equals(key)).to.equal(true);
        expect(unseal(loadServiceKey(tmp.dir), id, sealed)).to.equal(INPUT);
      } finally {
        elsewhere.remove();
      }
    });
  });

  describe("# a data key per job (sealJob, openJob)", function () {
    it("Should open what it sealed only with its own wrapped data key, for its own job, under the same service key", function () {
      const id = randomUUID();
      const sealed = sealJob(key, id, INPUT);
      expect(openJob(key, id, sealed.sealedInput, sealed.sealedKey)).to.equal(INPUT);
      expect(sealed.sealedInput).to.not.include(SECRET);
      // The input is not under the service key itself: only its data key is.
      refused(() => unseal(key, id, sealed.sealedInput), id);
      // Each job has its own data key: another job's key, even one sealed for the same id, does not open it.
      const again = sealJob(key, id, INPUT);
      refused(() => openJob(key, id, sealed.sealedInput, again.sealedKey), id);
      const other = randomUUID();
      refused(() => openJob(key, other, sealed.sealedInput, sealed.sealedKey), other);
      const elsewhere = tempDir("zkprov-seal-other-");
      try {
        refused(() => openJob(loadServiceKey(elsewhere.dir), id, sealed.sealedInput, sealed.sealedKey), id);
      } finally {
        elsewhere.remove();
      }
      const raw = Buffer.from(sealed.sealedKey, "base64");
      raw[raw.length - 1]! ^= 0x01;
      refused(() => openJob(key, id, sealed.sealedInput, raw.toString("base64")), id);
    });

    it("Should say the data key is erased when it is gone", function () {
      const id = randomUUID();
      const sealed = sealJob(key, id, INPUT);
      expect(() => openJob(key, id, sealed.sealedInput, null))
        .to.throw(InvalidInputError)
        .with.property("shortMessage")
        .that.equals(`the data key of job ${id} is erased: its sealed input cannot be opened`);
    });
  });

  describe("# erased when the job ends (SQLite store)", function () {
    for (const ending of ["done", "failed"] as const) {
      it(`Should leave nothing of the sealed input or its data key in the data directory once the job is ${ending}`, async function () {
        const store = new SqliteStore(tmp.dir);
        try {
          const id = randomUUID();
          const sealed = sealJob(key, id, INPUT);
          await store.insertJob(queuedJob(id, sealed));
          // Stored sealed, and openable with the service key while the job is unfinished.
          const stored = (await store.getJob(id))!;
          expect(stored.sealedInput).to.equal(sealed.sealedInput);
          expect(stored.sealedKey).to.equal(sealed.sealedKey);
          expect(filesHolding(tmp.dir, SECRET)).to.deep.equal([]);
          expect(filesHolding(tmp.dir, sealed.sealedInput)).to.not.deep.equal([]);
          expect(recoverInputs([tmp.dir], key, id), "what the files open while the job is queued").to.include(INPUT);
          const started = await store.startJob(id);
          expect(openJob(key, id, started!.sealedInput!, started!.sealedKey)).to.equal(INPUT);
          if (ending === "done") {
            expect(await store.finishJob(id, started!.attempts, { circuit: "royaltyClaim" } as ProofBundle)).to.equal(
              true,
            );
          } else {
            expect(await store.failJob(id, { code: "WITNESS", message: "rejected" }, started!.attempts)).to.equal(true);
          }
          const ended = await store.getJob(id);
          expect(ended!.state).to.equal(ending);
          expect(ended!.sealedInput).to.equal(null);
          expect(ended!.sealedKey).to.equal(null);
          // Neither the ciphertext nor the data key (which the service key next to them would open) nor a
          // fragment of either is left in the database, its write-ahead log or its shared memory file, while
          // open and after closing.
          for (const erased of [sealed.sealedInput, sealed.sealedKey]) {
            expect(filesHolding(tmp.dir, erased), "files holding what was erased").to.deep.equal([]);
          }
          await store.close();
          for (const erased of [sealed.sealedInput, sealed.sealedKey]) {
            expect(filesHolding(tmp.dir, erased), "files holding it after close").to.deep.equal([]);
          }
          expect(filesHolding(tmp.dir, SECRET)).to.deep.equal([]);
          expect(recoverInputs([tmp.dir], key, id)).to.deep.equal([]);
        } finally {
          await store.close();
        }
      });
    }
  });

  describe("# erased when the job ends (Redis store: crypto-shredding)", function () {
    // The scan of recoverInputs reads strings as stored: snapshots (the RDB preamble of a rewritten
    // append-only file) are written uncompressed so that compression cannot hide a string from it.
    const SCAN = ["--rdbcompression", "no"];
    const servers: TestRedis[] = [];
    const start = async (args: string[] = []) => {
      const r = await startRedis({ args: [...SCAN, ...args] });
      servers.push(r);
      return r;
    };
    afterEach(async function () {
      for (const r of servers.splice(0)) await r.stop();
    });

    // Rewrite a server's append-only file now (what Redis does by itself as the file grows) and wait for it.
    async function rewrite(store: RedisStore, which: "jobs" | "keys"): Promise<void> {
      const c = which === "jobs" ? store.connection : store.keyStore.connection;
      await c.bgrewriteaof();
      await waitFor(
        async () => (/aof_rewrite_in_progress:0/.test(await c.info("persistence")) ? true : undefined),
        30_000,
        "the rewrite of the append-only file",
      );
    }

    for (const layout of ["one server", "a key server of its own"] as const) {
      for (const ending of ["done", "failed"] as const) {
        it(`Should leave no data key in any file of Redis (${layout}, appendonly, appendfsync always) once the job is ${ending}, while the same read recovers the input before`, async function () {
          const jobs = await start();
          const keys = layout === "one server" ? jobs : await start();
          const dirs = [...new Set([jobs.dir, keys.dir])];
          const store = new RedisStore(jobs.url, { keyUrl: keys.url });
          await store.connect();
          try {
            await requireDurableRedis(store.connection, jobs.url, false, console, { keys: keys === jobs });
            await requireDurableRedis(store.keyStore.connection, keys.url, false, console, { keys: true });
            const id = randomUUID();
            const sealed = sealJob(key, id, INPUT);
            await store.insertJob(queuedJob(id, sealed));
            // Not yet erased: the append-only files hold the sealed input and its wrapped data key, and the
            // service key opens them (from the log as written, and again from the snapshot a rewrite makes).
            expect(recoverInputs(dirs, key, id), "what the files open while the job is queued").to.include(INPUT);
            await rewrite(store, "jobs");
            if (keys !== jobs) await rewrite(store, "keys");
            expect(recoverInputs(dirs, key, id), "what the rewritten files open").to.include(INPUT);
            expect(filesHolding(dirs, SECRET)).to.deep.equal([]);
            const started = (await store.startJob(id))!;
            expect(openJob(key, id, started.sealedInput!, started.sealedKey)).to.equal(INPUT);
            const rewritesBefore = /aof_rewrites:(\d+)/.exec(await store.keyStore.connection.info("persistence"));
            if (ending === "done") {
              expect(await store.finishJob(id, started.attempts, { circuit: "royaltyClaim" } as ProofBundle)).to.equal(
                true,
              );
            } else {
              expect(await store.failJob(id, { code: "WITNESS", message: "rejected" }, started.attempts)).to.equal(
                true,
              );
            }
            // The shredder deletes the data key and forces a rewrite of the key server's append-only file.
            await waitFor(
              async () => ((await store.shredPending()).length === 0 ? true : undefined),
              60_000,
              "the shredder",
            );
            const ended = (await store.getJob(id))!;
            expect(ended.state).to.equal(ending);
            expect([ended.sealedInput, ended.sealedKey]).to.deep.equal([null, null]);
            expect(await store.keyStore.connection.exists(`zkprov:jobkey:${id}`)).to.equal(0);
            // No file of either server holds the wrapped data key, or the secret; the service key opens nothing.
            expect(filesHolding(dirs, sealed.sealedKey), "files holding the erased data key").to.deep.equal([]);
            expect(filesHolding(dirs, SECRET)).to.deep.equal([]);
            expect(recoverInputs(dirs, key, id), "what the files open once the job is " + ending).to.deep.equal([]);
            if (rewritesBefore) {
              const after = /aof_rewrites:(\d+)/.exec(await store.keyStore.connection.info("persistence"));
              expect(Number(after![1])).to.be.greaterThan(Number(rewritesBefore[1]));
            }
            if (keys !== jobs) {
              // The job server's append-only file still holds the sealed input (it keeps every write until it
              // is rewritten): without its data key that copy is noise.
              expect(
                filesHolding(jobs.dir, sealed.sealedInput),
                "the sealed input left in the job log",
              ).to.not.deep.equal([]);
            }
            // Durable: after kill -9 and a restart of both, the job is still ended and its key still gone.
            await store.close();
            for (const r of dirs.length === 2 ? [jobs, keys] : [jobs]) {
              await r.kill();
              await r.start();
            }
            const again = new RedisStore(jobs.url, { keyUrl: keys.url });
            await again.connect();
            try {
              const j = (await again.getJob(id))!;
              expect([j.state, j.sealedInput, j.sealedKey]).to.deep.equal([ending, null, null]);
            } finally {
              await again.close();
            }
            expect(recoverInputs(dirs, key, id)).to.deep.equal([]);
          } finally {
            await store.close();
          }
        });
      }
    }

    it("Should erase the data keys a node left on the erase list when it died, at the next node's start", async function () {
      const jobs = await start();
      const id = randomUUID();
      const sealed = sealJob(key, id, INPUT);
      // The erase list as a node leaves it when it dies between the job's end and the shredding.
      const c = new RedisStore(jobs.url);
      await c.connect();
      try {
        await c.connection.set(`zkprov:jobkey:${id}`, sealed.sealedKey);
        await c.connection.sadd("zkprov:shred", id);
      } finally {
        await c.close();
      }
      expect(filesHolding(jobs.dir, sealed.sealedKey)).to.not.deep.equal([]);
      const node = new RedisStore(jobs.url);
      await node.connect();
      try {
        node.startShredder(60_000);
        await waitFor(
          async () => ((await node.shredPending()).length === 0 ? true : undefined),
          60_000,
          "the shredder",
        );
        expect(await node.connection.exists(`zkprov:jobkey:${id}`)).to.equal(0);
        expect(filesHolding(jobs.dir, sealed.sealedKey)).to.deep.equal([]);
      } finally {
        await node.close();
      }
    });

    it("Should keep an API node's data keys on the --key-redis server only, and refuse one that snapshots", async function () {
      const jobs = await start();
      const keys = await start();
      const snapshots = await start(["--save", "3600 1"]);
      const dir = tempDir("zkprov-seal-api-");
      try {
        let said = "";
        await buildServer({
          mode: "api",
          redisUrl: jobs.url,
          keyRedisUrl: snapshots.url,
          dataDir: dir.dir,
          logger: false,
        })
          .then((s) => s.close())
          .catch((e: InvalidInputError) => (said = e.message));
        expect(said).to.include(`Redis at ${snapshots.url} would keep the data keys of finished jobs in its files`);
        const node = await buildServer({
          mode: "api",
          redisUrl: jobs.url,
          keyRedisUrl: keys.url,
          dataDir: dir.dir,
          port: 0,
          logger: false,
        });
        try {
          const url = await node.listen();
          const { token } = await node.store.createApiKey("seal");
          const body = royaltyClaimRequest();
          const r = await api(url, "POST", "/v1/proofs", { token, body });
          expect(r.status, JSON.stringify(r.body)).to.equal(202);
          const id = r.body.id as string;
          const serviceKey = loadServiceKey(dir.dir);
          const stored = (await node.store.getJob(id))!;
          expect(JSON.parse(openJob(serviceKey, id, stored.sealedInput!, stored.sealedKey)).input.secret).to.equal(
            body.input.secret,
          );
          // The job (and its sealed input) on the job Redis, its data key on the key Redis only.
          expect(filesHolding(jobs.dir, stored.sealedInput!)).to.not.deep.equal([]);
          expect(filesHolding(jobs.dir, stored.sealedKey!)).to.deep.equal([]);
          expect(filesHolding(keys.dir, stored.sealedKey!)).to.not.deep.equal([]);
          expect(recoverInputs([jobs.dir], serviceKey, id)).to.deep.equal([]);
          expect(recoverInputs([jobs.dir, keys.dir], serviceKey, id)).to.have.length(1);
        } finally {
          await node.close();
        }
      } finally {
        dir.remove();
      }
    });

    it("Should refuse a key Redis that takes RDB snapshots, naming save", async function () {
      const r = await start(["--save", "3600 1"]);
      const store = new RedisStore(r.url);
      await store.connect();
      try {
        let said = "";
        await requireDurableRedis(store.connection, r.url, false, console, { keys: true }).catch(
          (e: InvalidInputError) => (said = e.message),
        );
        expect(said).to.match(/would keep the data keys of finished jobs in its files: save is "3600 1": set save ""/);
        expect(said).to.not.match(/would lose accepted jobs/);
        // The job Redis alone (a key server of its own elsewhere) may snapshot.
        await requireDurableRedis(store.connection, r.url, false, console, { keys: false });
      } finally {
        await store.close();
      }
    });
  });
});

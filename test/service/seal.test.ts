// Job secrets at rest (service/seal.ts, docs/SERVICE.md "Secrets"): a sealed input opens only with the service
// key it was sealed with and only for its own job, any altered byte is refused, and once a job is finished or
// failed nothing of its sealed input is left in the data directory (database, write-ahead log) to open.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { InvalidInputError } from "../../core/errors.ts";
import { loadServiceKey, seal, unseal } from "../../service/seal.ts";
import { SqliteStore } from "../../service/sqlite-store.ts";
import type { JobRecord } from "../../service/store.ts";
import type { ProofBundle } from "../../core/formats/bundle.ts";
import { tempDir } from "./helpers.ts";

const SECRET = "8123456789012345678901234567890123456789012345678901234567890123456789";
const INPUT = JSON.stringify({ circuit: "royaltyClaim", input: { secret: SECRET, blinding: "77" } });

function refused(fn: () => unknown, jobId: string): void {
  expect(fn)
    .to.throw(InvalidInputError)
    .with.property("shortMessage")
    .that.equals(`the sealed input of job ${jobId} does not open with this service key`);
}

function queuedJob(id: string, sealedInput: string): JobRecord {
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
    sealedInput,
    idempotencyKey: null,
    requestHash: "hash",
    createdAt: Date.now(),
    startedAt: null,
    finishedAt: null,
  };
}

/** Every file of the data directory that holds `needle` (or its first 16 characters: a fragment of it). */
function filesHolding(dir: string, needle: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => {
      const bytes = fs.readFileSync(path.join(dir, f));
      return bytes.includes(Buffer.from(needle)) || bytes.includes(Buffer.from(needle.slice(0, 16)));
    })
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

  describe("# erased when the job ends (SQLite store)", function () {
    for (const ending of ["done", "failed"] as const) {
      it(`Should leave nothing of the sealed input in the data directory once the job is ${ending}`, async function () {
        const store = new SqliteStore(tmp.dir);
        try {
          const id = randomUUID();
          const sealed = seal(key, id, INPUT);
          await store.insertJob(queuedJob(id, sealed));
          // Stored sealed, and openable with the service key while the job is unfinished.
          expect((await store.getJob(id))!.sealedInput).to.equal(sealed);
          expect(filesHolding(tmp.dir, SECRET)).to.deep.equal([]);
          expect(filesHolding(tmp.dir, sealed)).to.not.deep.equal([]);
          const started = await store.startJob(id);
          expect(unseal(key, id, started!.sealedInput!)).to.equal(INPUT);
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
          // Neither the ciphertext (which the service key next to it would open) nor a fragment of it is left
          // in the database, its write-ahead log or its shared memory file, while open and after closing.
          expect(filesHolding(tmp.dir, sealed), "files holding the erased sealed input").to.deep.equal([]);
          await store.close();
          expect(filesHolding(tmp.dir, sealed), "files holding it after close").to.deep.equal([]);
          expect(filesHolding(tmp.dir, SECRET)).to.deep.equal([]);
        } finally {
          await store.close();
        }
      });
    }
  });
});

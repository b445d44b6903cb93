// Job secrets at rest, by crypto-shredding: each job's input is sealed (AES-256-GCM) under a data key of its
// own, 32 random bytes made for that job; the data key is stored wrapped (AES-256-GCM under the service key,
// a 32-byte file, 0600, in the data directory, created on first start) apart from the input, in a place whose
// erase is real (docs/SERVICE.md, "Secrets"). Erasing a finished job's wrapped data key is enough: whatever
// copy of the sealed input is left (Redis's append-only file keeps every write until it is rewritten) opens
// with nothing. The job id is the associated data of both layers, so neither can be moved to another job.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../core/errors.ts";

const KEY_FILE = "service.key";

/**
 * Load the service key from `dataDir`, creating it (0600, written to a temp file then renamed) if absent.
 *
 * @throws {InvalidInputError} if the file exists but is not 32 bytes, or is readable by others.
 * @example const key = loadServiceKey("/var/lib/zkprov")
 */
export function loadServiceKey(dataDir: string): Buffer {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, KEY_FILE);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(tmp, randomBytes(32), { mode: 0o600, flag: "wx" });
    try {
      fs.linkSync(tmp, file); // fails if another process created it first; theirs wins
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const st = fs.statSync(file);
  if ((st.mode & 0o077) !== 0) {
    throw new InvalidInputError(`the service key ${file} is readable by others: chmod 600 it`);
  }
  const key = fs.readFileSync(file);
  if (key.length !== 32) throw new InvalidInputError(`the service key ${file} must be 32 bytes, it has ${key.length}`);
  return key;
}

/**
 * Encrypt `plaintext` for job `jobId`: base64 of iv (12) | tag (16) | ciphertext.
 *
 * @example const sealed = seal(key, jobId, JSON.stringify(input))
 */
export function seal(key: Buffer, jobId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(jobId));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64");
}

/**
 * Decrypt what `seal` made for the same job.
 *
 * @throws {InvalidInputError} if the data was altered, belongs to another job, or the key differs.
 * @example const input = JSON.parse(unseal(key, jobId, sealed))
 */
export function unseal(key: Buffer, jobId: string, sealed: string): string {
  const raw = Buffer.from(sealed, "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(jobId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch (cause) {
    throw new InvalidInputError(`the sealed input of job ${jobId} does not open with this service key`, { cause });
  }
}

/** A job's sealed input and its data key wrapped under the service key, stored apart. */
export interface SealedJob {
  /** The input under the job's data key (AES-256-GCM, job id as associated data). */
  sealedInput: string;
  /** The job's data key under the service key (AES-256-GCM, `job key <id>` as associated data). */
  sealedKey: string;
}

const keyAad = (jobId: string): string => `job key ${jobId}`;

/**
 * Seal `plaintext` for job `jobId` under a fresh data key, and wrap that key under the service key.
 *
 * @example const { sealedInput, sealedKey } = sealJob(serviceKey, jobId, JSON.stringify(input))
 */
export function sealJob(serviceKey: Buffer, jobId: string, plaintext: string): SealedJob {
  const dataKey = randomBytes(32);
  try {
    return {
      sealedInput: seal(dataKey, jobId, plaintext),
      sealedKey: seal(serviceKey, keyAad(jobId), dataKey.toString("base64")),
    };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Open what `sealJob` made for the same job: unwrap its data key with the service key, then the input.
 *
 * @throws {InvalidInputError} if the data key is gone (erased), either part was altered or belongs to another
 *   job, or the service key differs.
 * @example const input = JSON.parse(openJob(serviceKey, job.id, job.sealedInput, job.sealedKey))
 */
export function openJob(serviceKey: Buffer, jobId: string, sealedInput: string, sealedKey: string | null): string {
  if (sealedKey === null) {
    throw new InvalidInputError(`the data key of job ${jobId} is erased: its sealed input cannot be opened`);
  }
  let dataKey: Buffer;
  try {
    dataKey = Buffer.from(unseal(serviceKey, keyAad(jobId), sealedKey), "base64");
  } catch (cause) {
    throw new InvalidInputError(`the sealed input of job ${jobId} does not open with this service key`, { cause });
  }
  try {
    if (dataKey.length !== 32) {
      throw new InvalidInputError(`the sealed input of job ${jobId} does not open with this service key`);
    }
    return unseal(dataKey, jobId, sealedInput);
  } finally {
    dataKey.fill(0);
  }
}

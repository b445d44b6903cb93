// Reading and writing files in Node, once for the whole house: JSON files read with the file named in every
// error, secret files refused when others can read them, and atomic writes (a temporary sibling, then a
// rename), so that no reader ever sees half a file. The build pipeline (artifacts/) and the CLI's libraries
// (prover/, service/, cli/) both write through writeFilesAtomic.
//
// Why here: core/ and verifier/ run in a browser (no node:fs), prover/ may not be imported by artifacts/, and
// artifacts/ imports only core/; so artifacts/ is the lowest layer that may use node:fs. Like artifacts/paths.ts,
// this one file of artifacts/ is open to the runtime layers (eslint.config.js LAYERS).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../core/errors.ts";

let tmpCounter = 0;
/**
 * A hidden temporary name beside `file`, unique within and across processes.
 *
 * @example tmpName("circuits/build/provenance/provenance.zkey") // "circuits/build/provenance/.provenance.zkey.4242.1.9f3a0c1d.tmp"
 */
export function tmpName(file: string): string {
  const unique = `${process.pid}.${++tmpCounter}.${randomBytes(4).toString("hex")}`;
  return path.join(path.dirname(file), `.${path.basename(file)}.${unique}.tmp`);
}

/** Options of the atomic writers. */
export interface WriteOptions {
  /** Replace an existing file. */
  force?: boolean;
  /** File mode (default 0o644; key files 0o600). */
  mode?: number;
}

/** A system error in words with its code, e.g. "permission denied (EACCES)". */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    ENOENT: "no such file or folder",
    ENOTDIR: "a part of the path is not a folder",
    EISDIR: "is a folder",
    ERR_FS_FILE_TOO_LARGE: "the file is too large to read at once",
  };
  if (err && typeof err.code === "string") return `${words[err.code] ?? err.message.split("\n")[0]} (${err.code})`;
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}

/**
 * Check before long work that `files` can be written: none is a folder or named twice, (unless `force`) none
 * exists, and each one's folder exists (missing folders are created, as `mkdir -p` would) and takes a new file
 * (probed by creating and removing a temporary file there, so a read-only folder or file system, a full disk or
 * missing permissions are found now, not after the work).
 *
 * @throws {InvalidInputError} naming the first file that exists, is a folder, is named twice, or whose folder
 * cannot be created or written, with the system's reason (e.g. EACCES).
 * @example requireWritable(["bundle.json", "proof.json"], false)
 */
export function requireWritable(files: string[], force = false): void {
  const seen = new Set<string>();
  for (const file of files) {
    const resolved = path.resolve(file);
    // Two outputs on one path would leave only the last (e.g. `--out proof.json` beside proof.json).
    if (seen.has(resolved)) throw new InvalidInputError(`${file} is named twice among the files to write`);
    seen.add(resolved);
    // A folder cannot be replaced by a file: refuse it before anything is written, not halfway through.
    if (fs.existsSync(file) && fs.statSync(file).isDirectory())
      throw new InvalidInputError(`${file} is a folder: name a file to write`);
    if (!force && fs.existsSync(file))
      throw new InvalidInputError(`${file} already exists: pass --force to overwrite it`);
    const dir = path.dirname(resolved);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (cause) {
      throw new InvalidInputError(`cannot write ${file}: its folder ${dir} cannot be created (${errnoText(cause)})`, {
        cause,
      });
    }
    const probe = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.probe`);
    try {
      fs.closeSync(fs.openSync(probe, "wx", 0o600));
    } catch (cause) {
      throw new InvalidInputError(`cannot write ${file}: ${errnoText(cause)}`, { cause });
    } finally {
      fs.rmSync(probe, { force: true });
    }
  }
}

/**
 * Write several files all-or-nothing (a third entry element sets that file's mode): every file goes to a
 * temporary sibling first, then all are renamed. Refuses (before writing anything) if a target exists and
 * `force` is not set; missing folders are created.
 *
 * @throws {InvalidInputError} naming the first target that exists or cannot be written (never the temporary sibling).
 * @example writeFilesAtomic([["bundle.json", json]], { force: false })
 */
export function writeFilesAtomic(files: [string, string | Uint8Array, number?][], o: WriteOptions = {}): void {
  requireWritable(
    files.map(([f]) => f),
    o.force,
  );
  const temps: [string, string][] = [];
  try {
    for (const [file, data, mode] of files) {
      const m = mode ?? o.mode ?? 0o644;
      const tmp = tmpName(path.resolve(file));
      temps.push([tmp, file]);
      fs.writeFileSync(tmp, data, { mode: m, flag: "wx" });
      fs.chmodSync(tmp, m);
    }
    for (const [tmp, file] of temps) fs.renameSync(tmp, file);
  } catch (e) {
    for (const [tmp] of temps) fs.rmSync(tmp, { force: true });
    // Name the file the user asked for, never the temporary sibling.
    const failed = temps.at(-1)?.[1] ?? files[0]?.[0];
    throw new InvalidInputError(`cannot write ${failed}: ${errnoText(e)}`, { cause: e });
  }
}

/**
 * Write one file atomically, replacing it if it exists (the build pipeline's outputs).
 *
 * @throws {InvalidInputError} naming the file if it cannot be written.
 * @example writeAtomic("circuits/build/manifest.json", JSON.stringify(manifest, null, 2) + "\n")
 */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  writeFilesAtomic([[file, data]], { force: true });
}

/**
 * Read and parse a JSON file, naming the file (and what it should be) in every error.
 *
 * @throws {InvalidInputError} if the file is missing, unreadable or not JSON.
 * @example readJsonFile("bundle.json", "proof bundle")
 */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (cause) {
    throw new InvalidInputError(`cannot read ${what} ${file}: ${errnoText(cause)}`, { cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new InvalidInputError(`${what} ${file} is not valid JSON (corrupt or truncated?)`, { cause });
  }
}

/**
 * Read a JSON document file and parse it with its format (core/formats/), naming the file in every error.
 *
 * @throws {InvalidInputError} if the file is missing, not JSON, or not a valid document of the format.
 * @example const license = readDocument("license.json", licenseFormat, "license file")
 */
export function readDocument<T>(file: string, format: { parse(value: unknown, where: string): T }, what: string): T {
  return format.parse(readJsonFile(file, what), file);
}

/**
 * Refuse a secret-holding file that others can read or write (as ssh refuses an unprotected private key):
 * every zkprov key file holds a secret, and zkprov writes them 0600.
 *
 * @throws {InvalidInputError} naming the file, its mode and the `chmod 600` to run.
 * @example requirePrivateFile("creator.key.json", "key file")
 */
export function requirePrivateFile(file: string, what: string): void {
  let mode: number;
  try {
    mode = fs.statSync(file).mode;
  } catch (cause) {
    throw new InvalidInputError(`cannot read ${what} ${file}: ${errnoText(cause)}`, { cause });
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, "0");
    throw new InvalidInputError(
      `${what} ${file} is open to other users (mode ${octal}) and holds a secret: run chmod 600 ${file}`,
    );
  }
}

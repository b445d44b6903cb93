// Writing build outputs so that a reader never sees half a file: the pipeline's one atomic writer.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

let tmpCounter = 0;
/**
 * A temporary name beside `file`, unique within and across processes.
 *
 * @example tmpName("circuits/build/provenance/provenance.zkey") // ".../provenance.zkey.4242.1.9f3a0c1d.tmp"
 */
export function tmpName(file: string): string {
  return `${file}.${process.pid}.${++tmpCounter}.${randomBytes(4).toString("hex")}.tmp`;
}

/**
 * Write a file via a temporary name and an atomic rename (its folder is created if missing).
 *
 * @example writeAtomic("circuits/build/manifest.json", JSON.stringify(manifest, null, 2) + "\n")
 */
export function writeAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tmpName(file);
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

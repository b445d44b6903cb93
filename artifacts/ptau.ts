// Powers of tau: find the file, refuse a wrong one with a clear reason, verify it once per file content.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { SetupError } from "../core/errors.ts";
import { REPO_ROOT } from "./paths.ts";
import { ptauInfo, type PtauInfo } from "./binfile.ts";
import { withCurve } from "../core/curve.ts";

/** The development powers of tau CI and tests use when present (../shared/ptau beside the repo). */
export const SHARED_DEV_PTAU = path.resolve(REPO_ROOT, "../shared/ptau/pot15_dev_INSECURE.ptau");

/**
 * Which ptau to use: the explicit path (CLI --ptau), else $ZKPROV_PTAU, else the shared development file.
 *
 * @throws {SetupError} when none is given and the shared file is absent.
 */
export function resolvePtauPath(explicit?: string): string {
  const chosen = explicit ?? process.env.ZKPROV_PTAU;
  if (chosen) return path.resolve(chosen);
  if (fs.existsSync(SHARED_DEV_PTAU)) return SHARED_DEV_PTAU;
  throw new SetupError("no powers of tau file given", {
    details:
      "pass --ptau FILE or set ZKPROV_PTAU=FILE (a public ceremony file such as powersOfTau28_hez_final_15.ptau), " +
      "or make an INSECURE development one with `npm run ptau:dev`",
  });
}

/** A ptau file that passed the header checks. */
export interface CheckedPtau extends PtauInfo {
  path: string;
  sha256: string;
  blake2b: string;
  /** True unless the file's blake2b is pinned in circuits/trusted-ptau.json as a public ceremony file. */
  insecure: boolean;
}

function hashes(file: string): { sha256: string; blake2b: string } {
  const sha = createHash("sha256");
  const b2 = createHash("blake2b512");
  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(1 << 22);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      sha.update(buf.subarray(0, n));
      b2.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: sha.digest("hex"), blake2b: b2.digest("hex") };
}

function trustedBlake2b(): Set<string> {
  const file = path.join(REPO_ROOT, "circuits/trusted-ptau.json");
  const list = JSON.parse(fs.readFileSync(file, "utf8")) as { files: { blake2b: string }[] };
  return new Set(list.files.map((f) => f.blake2b.toLowerCase()));
}

/**
 * Check a ptau file's header against what a circuit needs: it exists, is a ptau, is prepared for phase 2
 * (snarkjs's setup loops forever on an unprepared one) and is large enough.
 *
 * @throws {SetupError} naming the file, what is wrong and the required power.
 */
export function checkPtau(file: string, requiredPower: number): CheckedPtau {
  if (!fs.existsSync(file)) {
    throw new SetupError(`powers of tau file ${file} does not exist`, {
      details: `a file of power ${requiredPower} or more is required`,
    });
  }
  const info = ptauInfo(file);
  if (!info.preparedPhase2) {
    throw new SetupError(`powers of tau file ${file} is not prepared for phase 2`, {
      details: `run \`snarkjs powersoftau prepare phase2 ${path.basename(file)} OUT.ptau\` first (power ${info.power}; this build needs ${requiredPower})`,
    });
  }
  if (info.power < requiredPower) {
    throw new SetupError(
      `powers of tau file ${file} is too small: power ${info.power}, this build needs power ${requiredPower}`,
      {
        details: `use a file of power ${requiredPower} or more (for example powersOfTau28_hez_final_${requiredPower}.ptau)`,
      },
    );
  }
  const { sha256, blake2b } = hashes(file);
  const insecure = /INSECURE/i.test(path.basename(file)) || !trustedBlake2b().has(blake2b);
  return { ...info, path: file, sha256, blake2b, insecure };
}

/**
 * Run `snarkjs powersoftau verify` on the file once per content: a successful verification is cached under
 * the build directory by SHA-256, so an unchanged file is not verified again.
 *
 * @throws {SetupError} if snarkjs rejects the file.
 */
export async function verifyPtau(ptau: CheckedPtau, buildDir: string, log: (m: string) => void): Promise<void> {
  const cache = path.join(buildDir, "ptau-verified.json");
  const verified: Record<string, string> = fs.existsSync(cache) ? JSON.parse(fs.readFileSync(cache, "utf8")) : {};
  if (verified[ptau.sha256]) return;
  log(`verifying powers of tau ${ptau.path} (once per file)`);
  const ok = await withCurve(() => snarkjs.powersOfTau.verify(ptau.path));
  if (!ok) throw new SetupError(`powers of tau file ${ptau.path} failed verification (snarkjs powersoftau verify)`);
  verified[ptau.sha256] = new Date().toISOString();
  fs.mkdirSync(buildDir, { recursive: true });
  fs.writeFileSync(cache, JSON.stringify(verified, null, 2));
}

// A development powers of tau made on this machine: INSECURE (whoever runs it could keep tau), labeled so
// in its file name, and so in every artifact built from it. Production uses a public ceremony file.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { InvalidInputError, SetupError } from "../core/errors.ts";
import { withCurve } from "../core/curve.ts";

/** Options of makeDevPtau. */
export interface DevPtauOptions {
  power: number;
  /** Output file; its name must contain INSECURE. */
  out: string;
  log?: (m: string) => void;
}

/**
 * Make a prepared (phase-2 ready) development ptau: new accumulator, one random contribution, a random
 * beacon, prepare phase 2. Intermediate files are removed; the output appears only when complete.
 *
 * @throws {InvalidInputError} if the power is outside 1..28 or the file name lacks "INSECURE".
 * @example await makeDevPtau({ power: 14, out: "ptau/pot14_dev_INSECURE.ptau" })
 */
export async function makeDevPtau(o: DevPtauOptions): Promise<string> {
  const log = o.log ?? (() => {});
  if (!Number.isInteger(o.power) || o.power < 1 || o.power > 28) {
    throw new InvalidInputError(`--power must be an integer from 1 to 28, got ${o.power}`);
  }
  if (!/INSECURE/.test(path.basename(o.out))) {
    throw new InvalidInputError(`the development ptau's file name must contain INSECURE, got ${path.basename(o.out)}`);
  }
  const out = path.resolve(o.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tag = `${process.pid}.${randomBytes(4).toString("hex")}`;
  const step = (n: number) => `${out}.${tag}.step${n}.tmp`;
  try {
    await withCurve(async () => {
      const curve = await snarkjs.curves.getCurveFromName("bn128");
      log(`powers of tau: new accumulator (power ${o.power})`);
      await snarkjs.powersOfTau.newAccumulator(curve, o.power, step(0));
      log("powers of tau: contribution (random entropy, not stored)");
      await snarkjs.powersOfTau.contribute(
        step(0),
        step(1),
        "zkprov INSECURE development contribution",
        randomBytes(32).toString("hex"),
      );
      log("powers of tau: beacon");
      await snarkjs.powersOfTau.beacon(
        step(1),
        step(2),
        "zkprov INSECURE development beacon",
        randomBytes(32).toString("hex"),
        10,
      );
      log("powers of tau: prepare phase 2 (single-threaded; 2^14 takes about 8 minutes on 2 cores)");
      await snarkjs.powersOfTau.preparePhase2(step(2), step(3));
    });
    if (!fs.existsSync(step(3))) throw new SetupError("snarkjs did not write the prepared ptau");
    fs.renameSync(step(3), out);
    return out;
  } finally {
    for (let i = 0; i < 4; i++) fs.rmSync(step(i), { force: true });
  }
}

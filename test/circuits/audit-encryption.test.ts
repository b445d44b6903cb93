// AuditEncryption(N) (circuits/src/lib/audit.circom) compiled alone for N = 4 and N = 5: the pads are the ones
// its header states (written out here with poseidon-lite directly, not through core/hashes.ts auditPads), the
// 5-element record of the provenance circuit decrypts with the regulator's secret to the five elements, N = 4
// keeps the width-5 pads it had before the fifth element (other users of the template keep their ciphers), and
// a witness with one cipher element, or a pad of the sponge, changed breaks a constraint.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Base8, mulPointEscalar, type Point } from "@zk-kit/baby-jubjub";
import { poseidon4 } from "poseidon-lite/poseidon4";
import { poseidon5 } from "poseidon-lite/poseidon5";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { libraryDirs, runCircom } from "../../artifacts/compile.ts";
import { TAGS } from "../../core/domain.ts";
import { FIELD_MODULUS } from "../../core/field.ts";
import { auditPads } from "../../core/hashes.ts";
import { AUDIT_FIELDS, decryptAudit, regulatorPublicKey } from "../../verifier/audit.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { computeWitness, firstFailingConstraint, loadR1cs, loadSym, type R1cs } from "../helpers/witness.ts";

interface Harness {
  r1cs: R1cs;
  sym: Map<string, number>;
  wasm: string;
}

/** Compile `AuditEncryption(n)` as the main component (the message, k and the key as inputs). */
async function compileHarness(dir: string, n: number): Promise<Harness> {
  const main = path.join(dir, `audit${n}.circom`);
  fs.writeFileSync(
    main,
    `pragma circom 2.1.5;\ninclude "lib/audit.circom";\ncomponent main {public [regulatorKey]} = AuditEncryption(${n});\n`,
  );
  const out = path.join(dir, `out${n}`);
  fs.mkdirSync(out);
  const rel = (p: string) => path.relative(REPO_ROOT, p);
  const includes = [path.join(REPO_ROOT, "circuits", "src"), ...libraryDirs()].flatMap((d) => ["-l", rel(d)]);
  const { code, output } = await runCircom([
    rel(main),
    "--r1cs",
    "--sym",
    "--wasm",
    "--O2",
    ...includes,
    "-o",
    rel(out),
  ]);
  expect(code, output).to.equal(0);
  return {
    r1cs: loadR1cs(path.join(out, `audit${n}.r1cs`)),
    sym: loadSym(path.join(out, `audit${n}.sym`)),
    wasm: path.join(out, `audit${n}_js`, `audit${n}.wasm`),
  };
}

const mod = (v: bigint) => ((v % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS;

describe("AuditEncryption(N) (circuits/src/lib/audit.circom)", function () {
  this.timeout(600_000);
  let dir: string;
  const h: Record<4 | 5, Harness> = {} as never;
  const secret = 123_456_789_012_345_678_901_234_567_890n;
  const key = regulatorPublicKey(secret);
  const k = randomFieldElement() >> 8n; // fits the 253 bits the template range-checks
  const shared = mulPointEscalar(key as Point<bigint>, k);
  const message = Array.from({ length: 5 }, () => randomFieldElement());

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-audit-enc-"));
    h[4] = await compileHarness(dir, 4);
    h[5] = await compileHarness(dir, 5);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const input = (n: number) => ({
    message: message.slice(0, n).map(String),
    k: k.toString(),
    regulatorKey: key.map(String),
  });
  const value = (x: Harness, w: bigint[], name: string) => {
    const i = x.sym.get(name);
    expect(i, name).to.not.equal(undefined);
    return w[i!]!;
  };

  it("Should encrypt 5 elements with the width-6 sponge's pads [TAG_ENC, Kx, Ky, 5, 0] and decrypt to them", async function () {
    const w = await computeWitness(h[5].wasm, input(5));
    const state = poseidon5([TAGS.TAG_ENC, shared[0], shared[1], 5n, 0n], 6) as unknown as bigint[];
    const cipher = message.map((_, i) => value(h[5], w, `main.cipher[${i}]`));
    cipher.forEach((c, i) => expect(c, `cipher[${i}]`).to.equal(mod(message[i]! + state[i + 1]!)));
    expect(auditPads([shared[0], shared[1]], 5)).to.deep.equal(state.slice(1));
    const ephemeral = [value(h[5], w, "main.ephemeral[0]"), value(h[5], w, "main.ephemeral[1]")];
    expect(ephemeral).to.deep.equal(mulPointEscalar(Base8, k));
    const record = decryptAudit(secret, ephemeral, cipher);
    expect(AUDIT_FIELDS.map((f) => record[f])).to.deep.equal(message);
    // Another secret decrypts to unrelated values.
    const wrong = decryptAudit(secret + 1n, ephemeral, cipher);
    expect(AUDIT_FIELDS.map((f) => wrong[f]).filter((v) => message.includes(v))).to.deep.equal([]);
  });

  it("Should keep the width-5 pads for N = 4 (PoseidonEx([TAG_ENC, Kx, Ky, 4]), as before the fifth element)", async function () {
    const w = await computeWitness(h[4].wasm, input(4));
    const state = poseidon4([TAGS.TAG_ENC, shared[0], shared[1], 4n], 5) as unknown as bigint[];
    for (let i = 0; i < 4; i++)
      expect(value(h[4], w, `main.cipher[${i}]`), `cipher[${i}]`).to.equal(mod(message[i]! + state[i + 1]!));
    expect(auditPads([shared[0], shared[1]], 4)).to.deep.equal(state.slice(1));
    // The width-6 sponge's first four pads are other values: the two widths are distinct pads.
    const wide = poseidon5([TAGS.TAG_ENC, shared[0], shared[1], 4n, 0n], 5) as unknown as bigint[];
    expect(wide.slice(1)).to.not.deep.equal(state.slice(1));
  });

  for (const n of [4, 5] as const)
    it(`Should reject a witness of N = ${n} with a cipher element or a sponge output changed`, async function () {
      const x = h[n];
      const w = await computeWitness(x.wasm, input(n));
      expect(firstFailingConstraint(x.r1cs, w), "the unedited witness").to.equal(-1);
      for (let i = 0; i < n; i++) {
        const edited = [...w];
        const at = x.sym.get(`main.cipher[${i}]`)!;
        edited[at] = (edited[at]! + 1n) % FIELD_MODULUS;
        expect(firstFailingConstraint(x.r1cs, edited), `cipher[${i}] + 1`).to.not.equal(-1);
      }
      // The sponge's squeezed pads, where --O2 kept them as wires.
      const pads = [...x.sym.keys()].filter((s) => /^main\.sponge\.out\[[1-9]\]$/.test(s));
      for (const name of pads) {
        const edited = [...w];
        const at = x.sym.get(name)!;
        edited[at] = (edited[at]! + 1n) % FIELD_MODULUS;
        expect(firstFailingConstraint(x.r1cs, edited), `${name} + 1`).to.not.equal(-1);
      }
    });

  it("Should refuse a record of 6 elements in auditPads (one permutation squeezes at most 5)", function () {
    expect(() => auditPads([shared[0], shared[1]], 6)).to.throw(/1 to 5 elements/);
  });
});

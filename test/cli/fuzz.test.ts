// Hostile inputs for the CLI (docs/SECURITY.md, interfaces): the library parsers it is a thin shell over
// (prover/files.ts readers, verifier/bundle.ts parseBundle) fuzzed in-process with many cases, then
// the binary with a representative dozen. Each case must fail with an InvalidInputError (the CLI: exit code
// 1 and one `zkprov: error:` line), never a crash or stack trace, never echo a secret, and leave nothing
// half-written.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { FIELD_MODULUS as P } from "../../core/field.ts";
import {
  newKey,
  readAttestationFile,
  readBlindingFile,
  readKeyFile,
  readLicenseFile,
  readSnapshotFile,
  writeKeyFile,
} from "../../prover/files.ts";
import { parseBundle } from "../../core/formats/bundle.ts";
import { writeFilesAtomic } from "../../artifacts/files.ts";

const BIN = path.join(REPO_ROOT, "bin/zkprov");

/** Numbers an attacker writes where a field element is expected. */
const BAD_NUMBERS: unknown[] = [
  "",
  " 1",
  "1 ",
  "-1",
  "+1",
  "1e3",
  "1.0",
  "01",
  "00",
  "0x",
  "0x-1",
  "0X1f",
  "0b101",
  "1_000",
  "١٢٣", // Arabic-Indic digits
  "NaN",
  "Infinity",
  P.toString(),
  (P + 1n).toString(),
  (1n << 256n).toString(),
  "9".repeat(5000),
  "0x" + "f".repeat(64),
  "0x" + "1".repeat(65),
  1,
  -1,
  1.5,
  1e300,
  null,
  true,
  {},
  [],
  ["1"],
];

/** Whole documents that are not what a reader expects. */
const BAD_DOCUMENTS: string[] = [
  "",
  " ",
  "{",
  '{"format":',
  "null",
  "0",
  '"zkprov"',
  "[]",
  "{}",
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  "[".repeat(100_000) + "]".repeat(100_000),
  '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000),
  JSON.stringify({
    format: "zkprov-key",
    version: 1,
    kind: "creator",
    secret: "1",
    commitment: "1",
    extra: "x".repeat(2_000_000),
  }),
  "\u0000\u0001\u0002",
  "\uFEFF{}",
];

/** A valid bundle-shaped document to mutate one field at a time. */
function bundleLike(): Record<string, unknown> {
  return {
    format: "zkprov-proof-bundle",
    version: 1,
    circuit: "royaltyClaim",
    vkeyHash: "0x" + "ab".repeat(32),
    proof: {
      pi_a: ["1", "2", "1"],
      pi_b: [
        ["1", "2"],
        ["3", "4"],
        ["1", "0"],
      ],
      pi_c: ["1", "2", "1"],
      protocol: "groth16",
      curve: "bn128",
    },
    publicSignals: ["1", "2", "3", "4"],
    signals: { tag: "1", assetHash: "2", nullifier: "3", context: "4" },
    assetHash: "2",
    chainId: "31337",
    roots: {},
  };
}

function expectInvalidInput(fn: () => unknown, what: string): InvalidInputError {
  try {
    fn();
  } catch (e) {
    expect(e, `${what}: ${String(e)}`).to.be.instanceOf(InvalidInputError);
    const err = e as InvalidInputError;
    expect(err.shortMessage.length, `${what}: short message`).to.be.below(400);
    return err;
  }
  expect.fail(`${what} was accepted`);
}

describe("hostile inputs", function () {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-fuzz-"));
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("# library parsers (in-process)", function () {
    const readers: [string, (f: string) => unknown][] = [
      ["key", (f) => readKeyFile(f)],
      ["license", readLicenseFile],
      ["attestation", readAttestationFile],
      ["snapshot", readSnapshotFile],
      ["blinding", readBlindingFile],
    ];

    it("Should refuse every malformed, truncated, nested or huge document in every reader", function () {
      let n = 0;
      BAD_DOCUMENTS.forEach((doc, i) => {
        fs.writeFileSync(file(`doc${i}.json`), doc);
        for (const [name, read] of readers) {
          const err = expectInvalidInput(() => read(file(`doc${i}.json`)), `${name} reader, document ${i}`);
          expect(err.shortMessage).to.contain(file(`doc${i}.json`));
          n++;
        }
      });
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(n).to.equal(BAD_DOCUMENTS.length * readers.length);
    });

    it("Should refuse missing files, folders and special files, naming them", function () {
      for (const f of [file("missing.json"), dir, "/dev/null", path.join(dir, "..", "..", "nonexistent", "x.json")]) {
        for (const [name, read] of readers) expectInvalidInput(() => read(f), `${name} reader on ${f}`);
      }
    });

    it("Should refuse every non-canonical or out-of-field number in every field of a license file", function () {
      const good = {
        datasetHash: "1",
        modelHash: "2",
        rights: "3",
        start: "8",
        expiry: "4",
        royaltyBps: "5",
        licensorCommit: "6",
        salt: "7",
      };
      let n = 0;
      for (const field of Object.keys(good)) {
        for (const bad of BAD_NUMBERS) {
          fs.writeFileSync(file("license.json"), JSON.stringify({ ...good, [field]: bad }));
          const err = expectInvalidInput(
            () => readLicenseFile(file("license.json")),
            `${field} = ${String(bad).slice(0, 20)}`,
          );
          expect(err.details ?? "").to.contain(field);
          n++;
        }
      }
      expect(n).to.equal(8 * BAD_NUMBERS.length); // eight fields, start (issue 14) among them
    });

    it("Should never echo a key file's secret in an error (corrupt commitment, secret out of field, wrong kind)", function () {
      const key = newKey("creator") as { kind: "creator"; secret: bigint; commitment: bigint };
      writeKeyFile(file("creator.key"), key);
      const raw = JSON.parse(fs.readFileSync(file("creator.key"), "utf8")) as Record<string, string>;
      const secret = raw.secret!;
      const variants: Record<string, unknown>[] = [
        { ...raw, commitment: "1" },
        { ...raw, secret: secret + "0".repeat(80) },
        { ...raw, secret: "0x" + BigInt(secret).toString(16) + "zz" },
        { ...raw, kind: secret },
        { ...raw, format: secret },
        { ...raw, secret: Number(secret) },
      ];
      variants.forEach((v, i) => {
        fs.writeFileSync(file(`bad${i}.key`), JSON.stringify(v), { mode: 0o600 });
        const err = expectInvalidInput(() => readKeyFile(file(`bad${i}.key`), "creator"), `key variant ${i}`);
        const text = `${err.shortMessage} ${err.details ?? ""} ${err.message}`;
        expect(text, `key variant ${i} echoes the secret`).to.not.contain(secret.slice(0, 12));
      });
      expectInvalidInput(() => readKeyFile(file("creator.key"), "regulator"), "wrong kind");
    });

    it("Should refuse a malformed proof bundle with an InvalidInputError, field by field", function () {
      const mutations: [string, unknown][] = [];
      for (const field of Object.keys(bundleLike())) {
        for (const bad of [undefined, null, 1, "x", [], {}, "9".repeat(100), "-1", "0x1"]) mutations.push([field, bad]);
      }
      for (const bad of BAD_NUMBERS.filter((b) => typeof b === "string" && !/^(0|[1-9][0-9]{0,77})$/.test(b)))
        mutations.push(["publicSignals", [bad]], ["signals", { tag: bad }], ["roots", { modelRoot: bad }]);
      let n = 0;
      for (const [field, bad] of mutations) {
        // An empty signals/roots record or signal list is well-formed: verifyBundle checks them against the key.
        const empty = JSON.stringify(bad) === "{}" || JSON.stringify(bad) === "[]";
        if (empty && ["signals", "roots", "publicSignals"].includes(field)) continue;
        const doc = bundleLike();
        if (JSON.stringify(doc[field]) === JSON.stringify(bad)) continue; // the valid value itself
        if (bad === undefined) delete doc[field];
        else doc[field] = bad;
        expectInvalidInput(() => parseBundle(doc), `bundle.${field} = ${JSON.stringify(bad)?.slice(0, 30)}`);
        n++;
      }
      for (const doc of [
        null,
        undefined,
        0,
        "",
        [],
        "[]",
        { ...bundleLike(), version: 2 },
        { ...bundleLike(), circuit: "__proto__" },
      ])
        expectInvalidInput(() => parseBundle(doc), `bundle ${JSON.stringify(doc)?.slice(0, 30)}`);
      expect(n).to.be.above(100);
    });

    it("Should write nothing when any target of an all-or-nothing write is a folder or named twice", function () {
      fs.mkdirSync(file("a-folder"));
      fs.writeFileSync(file("first.json"), "old");
      expectInvalidInput(
        () =>
          writeFilesAtomic(
            [
              [file("first.json"), "new"],
              [file("a-folder"), "x"],
            ],
            { force: true },
          ),
        "folder target",
      );
      expect(fs.readFileSync(file("first.json"), "utf8")).to.equal("old");
      expectInvalidInput(
        () =>
          writeFilesAtomic([
            [file("twice.json"), "a"],
            [path.join(dir, ".", "twice.json"), "b"],
          ]),
        "duplicate target",
      );
      expect(fs.existsSync(file("twice.json"))).to.equal(false);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).to.deep.equal([]);
    });
  });

  describe("# the binary (one child process per case)", function () {
    interface Run {
      status: number | null;
      stdout: string;
      stderr: string;
    }
    const zkprov = (args: string[]): Run => {
      const r = spawnSync(BIN, args, { cwd: dir, encoding: "utf8", timeout: 120_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const fails = (r: Run, pattern: RegExp): void => {
      expect(r.status, r.stderr).to.equal(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines, r.stderr).to.have.length(1);
      expect(lines[0]).to.match(/^zkprov: error: /);
      expect(lines[0]).to.match(pattern);
      expect(lines[0]!.length, "error line length").to.be.below(400);
      expect(r.stderr).to.not.match(/\n\s+at /);
    };

    it("Should fail cleanly on hostile files and arguments (a representative dozen)", function () {
      this.timeout(600_000);
      fs.writeFileSync(file("bomb.json"), "[".repeat(200_000) + "]".repeat(200_000));
      fs.writeFileSync(file("truncated.json"), '{"format":"zkprov-proof-bundle","version":1,"circ');
      fs.writeFileSync(file("vk.json"), JSON.stringify({ IC: [] }));
      const key = newKey("regulator") as { secret: bigint };
      writeKeyFile(file("regulator.key"), key as never);
      const keyText = fs.readFileSync(file("regulator.key"), "utf8");
      fs.writeFileSync(file("regulator-truncated.key"), keyText.slice(0, keyText.length / 2), { mode: 0o600 });
      const secret = key.secret.toString();
      const runs: [string[], RegExp][] = [
        [["verify", "bomb.json", "--vkey", "vk.json"], /bomb\.json/],
        [["verify", "truncated.json", "--vkey", "vk.json"], /truncated\.json is not valid JSON/],
        [["verify", "../../../../../../etc/passwd", "--vkey", "vk.json"], /passwd is not valid JSON/],
        [["verify", dir, "--vkey", "vk.json"], /cannot read proof bundle/],
        [["audit", "decrypt", "truncated.json", "--regulator-key", "regulator-truncated.key"], /not valid JSON/],
        [["keys", "show", "regulator-truncated.key"], /regulator-truncated\.key is not valid JSON/],
        [
          ["keys", "new", "creator", "--out", "regulator.key/creator.key"],
          /cannot write regulator\.key\/creator\.key: /,
        ],
        [["keys", "new", "creator", "--out", "regulator.key"], /already exists/],
      ];
      const common = ["--attestation", "a.json", "--creator-key", "c.key", "--asset", "asset.bin"];
      const trees = ["--model-tree", "m.json", "--license-tree", "l.json", "--out", "bundle.json"];
      for (const [flag, value] of [
        ["--context", "-1"],
        ["--context", "1e3"],
        ["--now", "0x"],
        ["--context", "9".repeat(100_000)],
        ["--now", P.toString()],
      ] as const) {
        const args = { "--context": "1", "--now": "1", "--regulator-key-pub": "1,2", [flag]: value };
        runs.push([
          ["prove", "provenance", ...common, ...trees, ...Object.entries(args).flat()],
          new RegExp(`${flag} (must be a decimal or 0x-hex integer|is out of range)`),
        ]);
      }
      for (const [args, pattern] of runs) {
        const r = zkprov(args);
        fails(r, pattern);
        expect(r.stdout + r.stderr, `${args.join(" ")} echoes the regulator secret`).to.not.contain(secret);
        expect(r.stdout + r.stderr).to.not.contain("root:x:0:0");
      }
      // Nothing was written by the failed commands.
      expect(fs.existsSync(file("bundle.json"))).to.equal(false);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).to.deep.equal([]);
      expect(fs.readFileSync(file("regulator.key"), "utf8")).to.equal(keyText);
    });
  });
});

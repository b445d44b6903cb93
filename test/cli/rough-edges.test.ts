// What a new user hit on a fresh machine, each fixed once in the library and checked here through the library and
// the real binary: outputs checked for writability before any work (naming the user's file, never a temporary
// one), missing output folders created, `verify` defaulting to the installed pinned key, key files open to others
// refused, assets hashed as a stream, every error naming its cause, circuit rejections in words, the service's
// state inside the project folder, and the grammar of generated messages.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { assetHashOf } from "../../core/asset.ts";
import { createBundle } from "../../verifier/bundle.ts";
import { ArtifactIntegrityError, InvalidInputError, WitnessError } from "../../core/errors.ts";
import { newKey, readKeyFile, writeKeyFile } from "../../prover/files.ts";
import { calculateWitness, generateProof } from "../../prover/prove.ts";
import { assetHashOfFile, installedVerificationKey, verifyBundleFile } from "../../prover/workflows.ts";
import { loadManifest, artifactPaths } from "../../artifacts/paths.ts";
import { validProvenanceInput, validRoyaltyClaimInput } from "../helpers/valid-inputs.ts";
import { readJsonFile, requireWritable } from "../../artifacts/files.ts";

const BIN = path.join(REPO_ROOT, "bin/zkprov");

/** Make `dir` refuse new files: chattr +i as root (root ignores mode bits), chmod 0555 otherwise. */
function lockFolder(dir: string): () => void {
  if (process.getuid?.() === 0) {
    const r = spawnSync("chattr", ["+i", dir], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`cannot make ${dir} unwritable with chattr +i: ${r.stderr}`);
    return () => void spawnSync("chattr", ["-i", dir]);
  }
  fs.chmodSync(dir, 0o555);
  return () => fs.chmodSync(dir, 0o755);
}

describe("rough edges a new user hit", function () {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const zkprov = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(BIN, args, {
      cwd: dir,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, ZKPROV_PROJECT: file("project"), ...env },
    });

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-edges-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("# outputs", function () {
    it("Should refuse an output in a folder it cannot write before any work, naming the file asked for", function () {
      fs.mkdirSync(file("locked"));
      const unlock = lockFolder(file("locked"));
      try {
        expect(() => requireWritable([file("locked/bundle.json")]))
          .to.throw(InvalidInputError)
          .that.satisfies((e: InvalidInputError) => {
            expect(e.shortMessage).to.match(
              /^cannot write .*locked\/bundle\.json: (operation not permitted|permission denied)/,
            );
            expect(e.shortMessage).to.not.match(/\.tmp|\.probe/);
            return true;
          });
        // keys new: the key file named, not its temporary sibling
        const keys = zkprov(["keys", "new", "creator", "--out", "locked/c.key.json"]);
        expect(keys.status).to.equal(1);
        expect(keys.stderr).to.match(/cannot write locked\/c\.key\.json: /);
        expect(keys.stderr).to.not.match(/\.tmp/);
        // prove: refused for its output before the attestation (which does not even exist) is read
        const prove = zkprov([
          "prove",
          "provenance",
          "--attestation",
          "missing-attestation.json",
          "--creator-key",
          "missing.key.json",
          "--asset",
          "missing.png",
          "--regulator-key-pub",
          "1,2",
          "--context",
          "5",
          "--out",
          "locked/bundle.json",
        ]);
        expect(prove.status).to.equal(1);
        expect(prove.stderr).to.match(/cannot write locked\/bundle\.json: /);
        expect(prove.stderr).to.not.match(/missing-attestation/);
        expect(fs.readdirSync(file("locked"))).to.deep.equal([]);
      } finally {
        unlock();
      }
    });

    it("Should refuse a registry snapshot into a read-only project folder before reading the chain", function () {
      fs.mkdirSync(file("project/registry"), { recursive: true });
      fs.writeFileSync(
        file("project/project.json"),
        JSON.stringify({ format: "zkprov-project", version: 1, names: { models: {}, datasets: {} } }),
      );
      const unlock = lockFolder(file("project/registry"));
      try {
        const r = zkprov(["registry", "snapshot"]);
        expect(r.status).to.equal(1);
        expect(r.stderr).to.match(/cannot write .*registry\/model\.json: /);
      } finally {
        unlock();
      }
    });

    it("Should create missing output folders, as mkdir -p would", function () {
      const r = zkprov(["--json", "keys", "new", "creator", "--out", "e/e1/creator.key.json"]);
      expect(r.status, r.stderr).to.equal(0);
      expect(fs.statSync(file("e/e1/creator.key.json")).mode & 0o777).to.equal(0o600);
      requireWritable([file("f/f1/f2/bundle.json")]);
      expect(fs.statSync(file("f/f1/f2")).isDirectory()).to.equal(true);
      expect(fs.readdirSync(file("f/f1/f2"))).to.deep.equal([]); // the probe file is gone
    });
  });

  describe("# key files", function () {
    it("Should refuse a key file open to other users, with the chmod to run", function () {
      writeKeyFile(file("creator.key.json"), newKey("creator"));
      fs.chmodSync(file("creator.key.json"), 0o644);
      expect(() => readKeyFile(file("creator.key.json"), "creator")).to.throw(
        InvalidInputError,
        /open to other users \(mode 0644\) and holds a secret: run chmod 600 .*creator\.key\.json/,
      );
      const r = zkprov(["keys", "show", "creator.key.json"]);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.match(/run chmod 600 creator\.key\.json/);
      fs.chmodSync(file("creator.key.json"), 0o600);
      expect(zkprov(["keys", "show", "creator.key.json"]).status).to.equal(0);
    });

    it("Should say 'an account key' and 'a creator key' in generated messages", function () {
      writeKeyFile(file("a.key.json"), newKey("account"));
      expect(() => readKeyFile(file("a.key.json"), "creator")).to.throw(
        InvalidInputError,
        /is an account key, a creator key is needed/,
      );
    });
  });

  describe("# assets", function () {
    it("Should hash an asset as a stream to the same asset hash as in memory", async function () {
      for (const size of [0, 1, 65_535, 1 << 20, (1 << 20) + 7, 5 * (1 << 20) + 3]) {
        const bytes = new Uint8Array(size).map((_, i) => (i * 131 + size) & 0xff);
        fs.writeFileSync(file("asset.bin"), bytes);
        expect(await assetHashOfFile(file("asset.bin")), `size ${size}`).to.equal(assetHashOf(bytes));
      }
    });

    it("Should hash an asset larger than Node can read at once (2.5 GB) in constant memory", async function () {
      // A sparse file: 2.5 GB of zeros on no disk. fs.readFileSync refuses files over 2 GiB (ERR_FS_FILE_TOO_LARGE).
      const big = file("video.mp4");
      fs.writeFileSync(big, "");
      fs.truncateSync(big, 2_500_000_000);
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      try {
        const hash = await assetHashOfFile(big);
        expect(hash > 0n).to.equal(true);
      } finally {
        clearInterval(sampler);
      }
      expect(peak - before, "RSS growth while hashing 2.5 GB").to.be.below(200 * 1024 * 1024);
    });

    it("Should name the cause when an asset cannot be read", async function () {
      fs.mkdirSync(file("folder.png"));
      await assetHashOfFile(file("folder.png")).then(
        () => expect.fail("a folder was hashed"),
        (e: unknown) =>
          expect((e as InvalidInputError).shortMessage).to.match(
            /cannot read asset .*folder\.png: is a folder \(EISDIR\)/,
          ),
      );
      await assetHashOfFile(file("none.png")).then(
        () => expect.fail("a missing file was hashed"),
        (e: unknown) => expect((e as InvalidInputError).shortMessage).to.match(/no such file or folder \(ENOENT\)/),
      );
    });
  });

  describe("# verify and errors", function () {
    let bundleJson: string;
    before(async function () {
      const { proof, publicSignals } = await generateProof("royaltyClaim", validRoyaltyClaimInput());
      const bundle = createBundle({
        circuit: "royaltyClaim",
        vkeyHash: loadManifest().circuits.royaltyClaim!.vkeyHash,
        proof,
        publicSignals,
        assetHash: 1n,
        chainId: 31337n,
      });
      bundleJson = JSON.stringify(bundle);
    });

    it("Should verify with the installed pinned key of the bundle's circuit when --vkey is not given", async function () {
      fs.writeFileSync(file("claim.json"), bundleJson);
      const report = await verifyBundleFile(file("claim.json"), undefined);
      expect(report.checks.find((c) => c.name === "proof")?.status).to.equal("pass");
      expect(report.checks.find((c) => c.name === "verification key")?.status).to.equal("pass");
    });

    it("Should refuse an installed verification key that no longer matches its pinned hash", function () {
      const build = file("build");
      fs.cpSync(path.dirname(artifactPaths("royaltyClaim").dir), build, { recursive: true });
      const vkeyFile = artifactPaths("royaltyClaim", build).vkey;
      const vkey = JSON.parse(fs.readFileSync(vkeyFile, "utf8")) as { IC: string[][] };
      vkey.IC[0]![0] = "1";
      fs.writeFileSync(vkeyFile, JSON.stringify(vkey));
      expect(() => installedVerificationKey("royaltyClaim", build)).to.throw(
        ArtifactIntegrityError,
        /verification_key\.json does not match the manifest/,
      );
    });

    it("Should name the field of a bundle that fails the schema in the one error line", function () {
      const bundle = JSON.parse(bundleJson) as { publicSignals: string[] };
      bundle.publicSignals[2] = "9".repeat(79);
      fs.writeFileSync(file("bad.json"), JSON.stringify(bundle));
      const r = zkprov(["verify", "bad.json"]);
      expect(r.status).to.equal(1);
      expect(r.stderr.trim().split("\n")).to.have.length(1);
      expect(r.stderr).to.match(/bad\.json: not a zkprov-proof-bundle v1 document: publicSignals\.2: /);
    });

    it("Should name the cause of a document it cannot read", function () {
      fs.mkdirSync(file("doc.json"));
      expect(() => readJsonFile(file("doc.json"), "proof bundle")).to.throw(
        InvalidInputError,
        /cannot read proof bundle .*doc\.json: is a folder \(EISDIR\)/,
      );
    });

    it("Should say in words which statement a circuit rejection broke, and print no witness-calculator line", async function () {
      const wasm = artifactPaths("provenance").wasm;
      const input = validProvenanceInput();
      const written: string[] = [];
      const { error, log } = console;
      console.error = (...a: unknown[]) => void written.push(a.join(" "));
      console.log = (...a: unknown[]) => void written.push(a.join(" "));
      try {
        const beforeGeneration = String(BigInt(input.generatedAt as string) - 1n);
        await calculateWitness(wasm, { ...input, now: beforeGeneration }, "provenance").then(
          () => expect.fail("a proof of a future-dated attestation was made"),
          (e: unknown) => {
            expect(e).to.be.instanceOf(WitnessError);
            expect((e as WitnessError).statement).to.equal("4");
            expect((e as WitnessError).reason).to.equal(
              "the attestation is dated in the future (generatedAt is after now)",
            );
            expect((e as WitnessError).shortMessage).to.match(
              /rejects these inputs: the attestation is dated in the future \(generatedAt is after now\) \(statement 4; template Provenance line \d+\)/,
            );
          },
        );
        await calculateWitness(wasm, { ...input, requiredRights: String(1 << 15) }, "provenance").then(
          () => expect.fail("a right granted by neither model nor license proved"),
          (e: unknown) =>
            expect((e as WitnessError).reason).to.equal(
              "a required right is not granted by both the model and the license",
            ),
        );
        await calculateWitness(wasm, { ...input, modelRights: "0" }, "provenance").then(
          () => expect.fail("a model outside the registry proved"),
          (e: unknown) => expect((e as WitnessError).statement).to.equal("1"),
        );
      } finally {
        console.error = error;
        console.log = log;
      }
      expect(written.filter((l) => /ERROR:/.test(l))).to.deep.equal([]);
    });

    it("Should report a malformed circuit input as a bad input, not as a rejected statement", async function () {
      const input = { ...validProvenanceInput() };
      delete input.royaltyBps;
      await calculateWitness(artifactPaths("provenance").wasm, input, "provenance").then(
        () => expect.fail("a malformed input proved"),
        (e: unknown) => {
          expect(e).to.be.instanceOf(InvalidInputError);
          expect(e).to.not.be.instanceOf(WitnessError);
          expect((e as InvalidInputError).shortMessage).to.match(/input is malformed/);
        },
      );
    });
  });

  describe("# service state", function () {
    it("Should keep the service's database and key in the project folder, not in the repository", function () {
      const r = zkprov(["--json", "service", "key", "create", "--label", "edge-test"]);
      expect(r.status, r.stderr).to.equal(0);
      expect(fs.readdirSync(file("project/service")).length).to.be.greaterThan(0);
      const other = zkprov(["--json", "service", "key", "list"], { ZKPROV_PROJECT: file("elsewhere") });
      expect((JSON.parse(other.stdout) as { keys: unknown[] }).keys).to.deep.equal([]);
      const dataDir = zkprov(["--json", "service", "key", "list", "--data-dir", file("project/service")]);
      expect((JSON.parse(dataDir.stdout) as { keys: { label: string }[] }).keys.map((k) => k.label)).to.deep.equal([
        "edge-test",
      ]);
    });
  });
});

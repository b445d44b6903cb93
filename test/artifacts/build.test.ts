import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import * as snarkjs from "snarkjs";
import { REPO_ROOT, artifactPaths, loadManifest, manifestPath, sha256File } from "../../artifacts/paths.ts";
import { CIRCUIT_IDS } from "../../core/circuits.ts";
import { withCurve } from "../../core/curve.ts";
import { CompileError, InvalidInputError, SetupError } from "../../core/errors.ts";
import { buildCircuits } from "../../artifacts/build.ts";
import { makeDevPtau } from "../../artifacts/dev-ptau.ts";
import { checkPtau, SHARED_DEV_PTAU } from "../../artifacts/ptau.ts";
import { ptauInfo } from "../../artifacts/binfile.ts";

const quiet = () => {};

describe("circuit build pipeline", function () {
  let tmp: string;
  let smallPtau: string; // prepared, power 8: too small for any zkprov circuit
  let unpreparedPtau: string;

  before(async function () {
    // Inside the repository: circom2 runs in a WASI sandbox that reaches only the working directory's tree.
    fs.mkdirSync(path.join(REPO_ROOT, "circuits/build"), { recursive: true });
    tmp = fs.mkdtempSync(path.join(REPO_ROOT, "circuits/build/.test-"));
    smallPtau = await makeDevPtau({ power: 8, out: path.join(tmp, "pot8_dev_INSECURE.ptau") });
    unpreparedPtau = path.join(tmp, "pot8_unprepared.ptau");
    await withCurve(async () => {
      const curve = await snarkjs.curves.getCurveFromName("bn128");
      await snarkjs.powersOfTau.newAccumulator(curve, 8, unpreparedPtau);
    });
  });

  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe("# incremental", function () {
    it("Should do no work when nothing changed", async function () {
      const before = fs.readFileSync(manifestPath(), "utf8");
      const steps = await buildCircuits({ log: quiet });
      expect(steps.map((s) => s.id)).to.deep.equal(CIRCUIT_IDS);
      for (const s of steps) expect([s.compiled, s.setup, s.solidity], s.id).to.deep.equal([false, false, false]);
      expect(fs.readFileSync(manifestPath(), "utf8")).to.equal(before);
    });

    it("Should rebuild only the circuit whose sources changed", async function () {
      const circuitsDir = path.join(tmp, "circuits");
      fs.cpSync(path.join(REPO_ROOT, "circuits/src"), path.join(circuitsDir, "src"), { recursive: true });
      fs.copyFileSync(
        path.join(REPO_ROOT, "circuits/inspect-allow.json"),
        path.join(circuitsDir, "inspect-allow.json"),
      );
      const o = {
        circuitsDir,
        buildDir: path.join(tmp, "build"),
        contractsDir: path.join(tmp, "verifiers"),
        only: ["royaltyClaim", "licensee"] as ("royaltyClaim" | "licensee")[],
        log: quiet,
      };
      const first = await buildCircuits(o);
      expect(first.every((s) => s.compiled && s.setup && s.solidity)).to.equal(true);
      const licenseeZkey = sha256File(artifactPaths("licensee", o.buildDir).zkey);
      fs.appendFileSync(path.join(circuitsDir, "src/royalty-claim.circom"), "\n// a change\n");
      const second = await buildCircuits(o);
      expect(second.find((s) => s.id === "royaltyClaim")).to.include({ compiled: true, setup: true, solidity: true });
      expect(second.find((s) => s.id === "licensee")).to.include({ compiled: false, setup: false, solidity: false });
      expect(sha256File(artifactPaths("licensee", o.buildDir).zkey)).to.equal(licenseeZkey);
      const m = loadManifest(o.buildDir);
      expect(m.circuits.licensee!.sources.some((s) => s.endsWith("lib/merkle.circom"))).to.equal(true);
      expect(m.circuits.royaltyClaim!.sources.some((s) => s.endsWith("lib/merkle.circom"))).to.equal(false);
    });

    it("Should refuse a circuit with an unexplained --inspect warning and leave no artifact", async function () {
      const circuitsDir = path.join(tmp, "circuits-warn");
      fs.cpSync(path.join(REPO_ROOT, "circuits/src"), path.join(circuitsDir, "src"), { recursive: true });
      fs.copyFileSync(
        path.join(REPO_ROOT, "circuits/inspect-allow.json"),
        path.join(circuitsDir, "inspect-allow.json"),
      );
      const file = path.join(circuitsDir, "src/royalty-claim.circom");
      fs.writeFileSync(
        file,
        fs
          .readFileSync(file, "utf8")
          .replace(
            "signal contextSquare <== context * context;",
            "signal contextSquare <== context * context;\n    component unused = Num2Bits(8);\n    unused.in <== 3;",
          )
          .replace('include "poseidon.circom";', 'include "poseidon.circom";\ninclude "bitify.circom";'),
      );
      const buildDir = path.join(tmp, "build-warn");
      await buildCircuits({
        circuitsDir,
        buildDir,
        contractsDir: path.join(tmp, "v-warn"),
        only: ["royaltyClaim"],
        log: quiet,
      }).then(
        () => expect.fail("built a circuit with an unexplained warning"),
        (e: unknown) => {
          expect(e).to.be.instanceOf(CompileError);
          expect((e as CompileError).shortMessage).to.match(/unexplained --inspect warning/);
        },
      );
      expect(fs.existsSync(artifactPaths("royaltyClaim", buildDir).r1cs)).to.equal(false);
    });
  });

  describe("# powers of tau", function () {
    it("Should refuse a ptau that is not prepared for phase 2, naming the file and the required power", function () {
      expect(() => checkPtau(unpreparedPtau, 10)).to.throw(SetupError, /not prepared for phase 2/);
      try {
        checkPtau(unpreparedPtau, 10);
      } catch (e) {
        expect((e as SetupError).message)
          .to.include(unpreparedPtau)
          .and.to.include("needs 10");
      }
    });

    it("Should refuse a ptau that is too small, naming the required power", function () {
      expect(() => checkPtau(smallPtau, 10)).to.throw(SetupError, /too small: power 8, this build needs power 10/);
    });

    it("Should refuse a file that is not a ptau, and a missing file", function () {
      const junk = path.join(tmp, "junk.ptau");
      fs.writeFileSync(junk, "not a ptau at all");
      expect(() => checkPtau(junk, 10)).to.throw(SetupError, /not a ptau file/);
      expect(() => checkPtau(path.join(tmp, "missing.ptau"), 10)).to.throw(SetupError, /does not exist/);
    });

    it("Should fail a build with a too-small ptau before writing anything", async function () {
      const buildDir = path.join(tmp, "build-small");
      fs.mkdirSync(buildDir);
      await buildCircuits({
        ptau: smallPtau,
        buildDir,
        contractsDir: path.join(tmp, "v-small"),
        only: ["royaltyClaim"],
        log: quiet,
      }).then(
        () => expect.fail("built with a too-small ptau"),
        (e: unknown) => expect((e as Error).message).to.match(/needs power 10/),
      );
      expect(fs.existsSync(artifactPaths("royaltyClaim", buildDir).zkey)).to.equal(false);
      expect(fs.existsSync(manifestPath(buildDir)) ? loadManifest(buildDir).circuits.royaltyClaim : undefined).to.equal(
        undefined,
      );
    });

    it("Should make a development ptau labeled INSECURE that snarkjs verifies", async function () {
      const info = ptauInfo(smallPtau);
      expect(info).to.include({ power: 8, preparedPhase2: true });
      expect(checkPtau(smallPtau, 8).insecure).to.equal(true);
      expect(await withCurve(() => snarkjs.powersOfTau.verify(smallPtau))).to.equal(true);
      await makeDevPtau({ power: 8, out: path.join(tmp, "pot8.ptau") }).then(
        () => expect.fail("accepted a name without INSECURE"),
        (e: unknown) => expect(e).to.be.instanceOf(InvalidInputError),
      );
    });

    it("Should label every artifact built from the development ptau INSECURE", function () {
      const m = loadManifest();
      if (fs.existsSync(SHARED_DEV_PTAU) && m.ptau?.sha256 === checkPtau(SHARED_DEV_PTAU, 15).sha256) {
        expect(m.ptau.insecure).to.equal(true);
      }
      for (const id of CIRCUIT_IDS) {
        expect(m.circuits[id]!.setup.insecure, id).to.equal(true);
        const sol = fs.readFileSync(artifactPaths(id).solidity, "utf8");
        expect(sol)
          .to.match(/INSECURE/)
          .and.to.include("bool public constant INSECURE_SETUP = true;");
        expect(sol).to.include(`bytes32 public constant VKEY_HASH = ${m.circuits[id]!.vkeyHash};`);
      }
    });
  });
});

// The CLI's file formats (prover/files.ts): key files, snapshots and all-or-nothing writes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { InvalidInputError } from "../../core/errors.ts";
import {
  newKey,
  publicPart,
  readKeyFile,
  readLicenseFile,
  readSnapshotFile,
  snapshotJson,
  writeKeyFile,
} from "../../prover/files.ts";
import { newRegistryTree } from "../../prover/merkle.ts";
import { writeFilesAtomic } from "../../artifacts/files.ts";

describe("prover files", function () {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-files-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("# key files", function () {
    it("Should round-trip every kind of key, mode 0600", function () {
      for (const kind of ["model", "regulator", "creator", "licensor", "licensee"] as const) {
        const key = newKey(kind);
        writeKeyFile(file(kind), key);
        expect(fs.statSync(file(kind)).mode & 0o777).to.equal(0o600);
        expect(readKeyFile(file(kind), kind)).to.deep.equal(key);
        expect(JSON.stringify(publicPart(key))).to.not.match(/secret|privateKey/);
      }
    });

    it("Should not read a key whose public part does not belong to its secret, or of another kind", function () {
      writeKeyFile(file("c"), newKey("creator"));
      const k = JSON.parse(fs.readFileSync(file("c"), "utf8"));
      k.commitment = "1";
      fs.writeFileSync(file("c"), JSON.stringify(k));
      expect(() => readKeyFile(file("c"))).to.throw(InvalidInputError, /commitment does not belong/);
      writeKeyFile(file("m"), newKey("model"));
      expect(() => readKeyFile(file("m"), "creator")).to.throw(InvalidInputError, /is a model key, a creator key/);
    });
  });

  describe("# writeFilesAtomic", function () {
    it("Should write nothing if any target exists", function () {
      fs.writeFileSync(file("b"), "old");
      expect(() =>
        writeFilesAtomic([
          [file("a"), "new"],
          [file("b"), "new"],
        ]),
      ).to.throw(InvalidInputError, /already exists/);
      expect(fs.existsSync(file("a"))).to.equal(false);
      expect(fs.readdirSync(dir)).to.deep.equal(["b"]);
    });
  });

  describe("# registry snapshots", function () {
    it("Should round-trip a tree and refuse leaves that do not give the root", function () {
      const tree = newRegistryTree([1n, 2n, 3n]);
      fs.writeFileSync(file("s"), snapshotJson("model", tree));
      const read = readSnapshotFile(file("s"));
      expect(read.tree).to.equal("model");
      expect(read.imt.root).to.equal(tree.root);
      const s = JSON.parse(fs.readFileSync(file("s"), "utf8"));
      s.leaves[1] = "5";
      fs.writeFileSync(file("s"), JSON.stringify(s));
      expect(() => readSnapshotFile(file("s"))).to.throw(InvalidInputError, /corrupt snapshot/);
    });
  });

  describe("# license files", function () {
    it("Should name the file and the bad field", function () {
      fs.writeFileSync(file("l"), JSON.stringify({ datasetHash: "x" }));
      expect(() => readLicenseFile(file("l")))
        .to.throw(InvalidInputError, /is not a valid license entry/)
        .with.property("details")
        .that.matches(/datasetHash/);
    });
  });
});

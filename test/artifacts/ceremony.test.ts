import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { artifactPaths, defaultBuildDir, loadManifest, manifestPath } from "../../artifacts/paths.ts";
import { InvalidInputError } from "../../core/errors.ts";
import {
  beaconCeremony,
  contributeCeremony,
  finalizeCeremony,
  initCeremony,
  readTranscript,
  verifyCeremony,
} from "../../artifacts/ceremony.ts";
import { generateProof } from "../../prover/prove.ts";
import { royaltyClaimCircuitInput, royaltyClaimData } from "../../prover/inputs.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { verifyGroth16 } from "../../core/proof.ts";

describe("phase-2 ceremony (royaltyClaim)", function () {
  // Each test runs its own ceremonies in its own folder under tmp: none depends on another's state.
  let tmp: string;

  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-ceremony-"));
  });
  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("Should chain contributions by several parties and a beacon, verified by snarkjs zkey verify", async function () {
    const dir = path.join(tmp, "ceremony");
    await initCeremony("royaltyClaim", { dir });
    await contributeCeremony("royaltyClaim", { dir, name: "Alice" });
    await contributeCeremony("royaltyClaim", { dir, name: "Bob" });
    await beaconCeremony("royaltyClaim", { dir, beacon: "0x" + "ab".repeat(32), iterationsExp: 10 });
    const t = readTranscript("royaltyClaim", { dir });
    expect(t.steps.map((s) => s.kind)).to.deep.equal(["init", "contribution", "contribution", "beacon"]);
    expect(await verifyCeremony("royaltyClaim", { dir })).to.equal(true);
  });

  it("Should refuse a contribution after the beacon and a second init", async function () {
    // A ceremony of its own, closed by its beacon (this test does not lean on another test's state).
    const closed = path.join(tmp, "closed");
    await initCeremony("royaltyClaim", { dir: closed });
    await contributeCeremony("royaltyClaim", { dir: closed, name: "Alice" });
    await beaconCeremony("royaltyClaim", { dir: closed, beacon: "0x" + "ef".repeat(32), iterationsExp: 10 });
    const before = readTranscript("royaltyClaim", { dir: closed });
    await contributeCeremony("royaltyClaim", { dir: closed, name: "Mallory" }).then(
      () => expect.fail("contributed after the beacon"),
      (e: unknown) => {
        expect(e).to.be.instanceOf(InvalidInputError);
        expect((e as InvalidInputError).shortMessage).to.equal("the royaltyClaim ceremony is closed by its beacon");
      },
    );
    await initCeremony("royaltyClaim", { dir: closed }).then(
      () => expect.fail("started twice"),
      (e: unknown) => {
        expect(e).to.be.instanceOf(InvalidInputError);
        expect((e as InvalidInputError).shortMessage).to.match(/^a ceremony for royaltyClaim already exists at /);
      },
    );
    // Neither refusal changed the ceremony.
    expect(readTranscript("royaltyClaim", { dir: closed })).to.deep.equal(before);
    expect(await verifyCeremony("royaltyClaim", { dir: closed })).to.equal(true);
  });

  it("Should not verify a zkey whose chain was replaced by one from another ceremony", async function () {
    // Two ceremonies of this test's own.
    const dir = path.join(tmp, "spliced");
    await initCeremony("royaltyClaim", { dir });
    await contributeCeremony("royaltyClaim", { dir, name: "Alice" });
    expect(await verifyCeremony("royaltyClaim", { dir })).to.equal(true);
    const other = path.join(tmp, "other");
    await initCeremony("royaltyClaim", { dir: other });
    await contributeCeremony("royaltyClaim", { dir: other, name: "Eve" });
    // Splice: the first ceremony's transcript now points at the other ceremony's zkey.
    const t = readTranscript("royaltyClaim", { dir });
    const last = t.steps.at(-1)!;
    fs.copyFileSync(
      path.join(other, readTranscript("royaltyClaim", { dir: other }).steps.at(-1)!.file),
      path.join(dir, last.file),
    );
    await verifyCeremony("royaltyClaim", { dir }).then(
      () => expect.fail("verified a tampered file"),
      (e: unknown) => expect((e as Error).message).to.match(/does not match its transcript hash/),
    );
    const t2 = readTranscript("royaltyClaim", { dir: other });
    expect(await verifyCeremony("royaltyClaim", { dir: other })).to.equal(true);
    expect(t2.steps).to.have.length(2);
  });

  it("Should finalize into a build whose proofs verify, recorded as a ceremony setup", async function () {
    const ceremony = path.join(tmp, "final");
    await initCeremony("royaltyClaim", { dir: ceremony });
    await contributeCeremony("royaltyClaim", { dir: ceremony, name: "Alice" });
    await contributeCeremony("royaltyClaim", { dir: ceremony, name: "Bob" });
    await beaconCeremony("royaltyClaim", { dir: ceremony, beacon: "cd".repeat(32) });
    // Finalize into a copy of the build so the real artifacts stay as they are.
    const buildDir = path.join(tmp, "build");
    fs.cpSync(artifactPaths("royaltyClaim").dir, artifactPaths("royaltyClaim", buildDir).dir, { recursive: true });
    fs.copyFileSync(manifestPath(), manifestPath(buildDir));
    await finalizeCeremony("royaltyClaim", { dir: ceremony, buildDir, contractsDir: path.join(tmp, "verifiers") });
    const entry = loadManifest(buildDir).circuits.royaltyClaim!;
    expect(entry.setup.kind).to.equal("ceremony");
    expect(entry.setup.contributions.map((c) => c.name)).to.deep.equal([
      "Alice",
      "Bob",
      `beacon ${"cd".repeat(32)} 2^10`,
    ]);
    expect(entry.setup.insecure).to.equal(true); // the shared ptau is a development file
    expect(entry.vkeyHash).to.not.equal(loadManifest(defaultBuildDir()).circuits.royaltyClaim!.vkeyHash);
    const data = royaltyClaimData({
      secret: randomFieldElement(),
      blinding: randomFieldElement(),
      assetHash: randomFieldElement() >> 3n,
      context: 7n,
    });
    const proof = await generateProof("royaltyClaim", royaltyClaimCircuitInput(data), { buildDir });
    const vkey = JSON.parse(fs.readFileSync(artifactPaths("royaltyClaim", buildDir).vkey, "utf8"));
    expect(await verifyGroth16(vkey, proof.proof, proof.publicSignals)).to.equal(true);
  });
});

// `zkprov audit scan` through the binary, in a child process, against Hardhat's in-process chain served over
// HTTP: two licensors (two LICENSOR_ROLE accounts) each register a license for one model, three real mints use
// them (two under the first licensor's license, one under the second's). The licensor table of the JSON report
// and of the text form must be what the chain holds: each licensor the account its LicenseDescribed event names,
// its token count, the license entries the decrypted audit records name, and the rights and royalty shares of
// the tokens' Minted events.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import type { FastifyInstance } from "fastify";
import { network } from "hardhat";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { terminateCurves } from "../../core/curve.ts";
import { licenseBody, licenseLeaf } from "../../core/hashes.ts";
import type { OversightReport } from "../../verifier/oversight/scan.ts";
import { writeKeyFile } from "../../prover/key-file.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { makeWorld, proveProvenance, registerWorldEntries, withAsset, type World } from "../../fixtures/world.ts";
import { serveChain } from "../web/chain-rpc.ts";
import { deployForOversight } from "../helpers/oversight-deploy.ts";

const BIN = path.join(REPO_ROOT, "bin/zkprov");
const run = promisify(execFile);
const DAY = 86_400n;

const { ethers, ignition, networkHelpers, provider } = await network.create();
const { time } = networkHelpers;

describe("zkprov audit scan (licensor table)", function () {
  let dir: string;
  let rpc: FastifyInstance;
  let rpcUrl: string;
  let registryAddress: string;
  let mintGateAddress: string;
  /** The second licensor's license entry ends on chain after its token's mint (the last test's case). */
  let compromiseLicense2: () => Promise<void>;
  const licensors: string[] = [];
  const leaves: bigint[] = [];
  /** Token id -> [licensor index, its Minted event's grantedRights and licensorBps]. */
  const chain = new Map<string, { licensor: number; grantedRights: number; licensorBps: number }>();

  before(async function () {
    this.timeout(1_200_000); // three real proofs on a shared machine
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-audit-scan-"));
    const base = BigInt(Math.floor(Date.now() / 1000)) + 30n * DAY;
    const w = makeWorld(base - 3_600n, base + 365n * DAY);
    const [, curator, first, second, alice] = await ethers.getSigners();
    licensors.push(first!.address, second!.address);
    const { registry, mintGate, ...addresses } = await deployForOversight(ignition, w.regulator.publicKey, {
      curator: curator!,
      licensors: [first!, second!],
    });
    ({ registryAddress, mintGateAddress } = addresses);
    // The first licensor registers the world's licenses (two padding entries and the one its mints use).
    await registerWorldEntries(w, {
      insertModel: (ax, ay, modelHash, rights) => registry.connect(curator!).insertModel(ax, ay, modelHash, rights),
      insertLicense: (body, start, expiry) => registry.connect(first!).insertLicense(body, start, expiry),
      setNextBlockTimestamp: (t) => time.setNextBlockTimestamp(t),
    });
    // The second licensor licenses another dataset to the same model, at another royalty share.
    const license2 = {
      ...w.license,
      datasetHash: randomFieldElement(),
      royaltyBps: 1_000n,
      salt: randomFieldElement(),
      start: w.license.start + 1n, // the registry refuses a start before the block time
    };
    await time.setNextBlockTimestamp(license2.start);
    await registry.connect(second!).insertLicense(licenseBody(license2), license2.start, license2.expiry);
    w.licenseTree.insert(licenseLeaf(license2));
    const w2: World = { ...w, license: license2 };
    leaves.push(licenseLeaf(w.license), licenseLeaf(license2));

    let t = base;
    for (const [world, licensor] of [
      [w, 0],
      [w2, 1],
      [w, 0],
    ] as const) {
      const asset = randomFieldElement() >> 3n;
      const wa = withAsset(world, asset);
      t += 600n;
      await time.increaseTo(t - 30n);
      const p = await proveProvenance(wa, { now: t, context: await mintGate.mintContext(alice!.address, asset) });
      await time.setNextBlockTimestamp(t);
      const receipt = await (await mintGate.connect(alice!).mint(alice!.address, p.proof, p.pub)).wait();
      const event = receipt!.logs
        .map((l: Parameters<typeof mintGate.interface.parseLog>[0]) => mintGate.interface.parseLog(l))
        .find((e: { name?: string } | null) => e?.name === "Minted")!;
      chain.set(asset.toString(), {
        licensor,
        grantedRights: Number(event.args.grantedRights),
        licensorBps: Number(event.args.licensorBps),
      });
    }
    await terminateCurves();
    compromiseLicense2 = async () => {
      const leaf = licenseLeaf(license2);
      const { siblings, pathIndices } = w.licenseTree.createProof(w.licenseTree.indexOf(leaf));
      await (await registry.connect(second!).compromiseLicense(leaf, siblings, pathIndices)).wait();
    };
    writeKeyFile(path.join(dir, "regulator.key.json"), { kind: "regulator", ...w.regulator });
    const served = await serveChain(provider);
    rpc = served.rpc;
    rpcUrl = served.url;
  });

  after(async function () {
    await rpc?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The binary, asynchronously: the chain answers from this process while the child reads it. */
  const zkprov = async (args: string[]) =>
    run(BIN, args, { cwd: dir, encoding: "utf8", timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  const scanArgs = () => [
    "--rpc",
    rpcUrl,
    "audit",
    "scan",
    "--from-block",
    "0",
    "--registry",
    registryAddress,
    "--mint-gate",
    mintGateAddress,
    "--regulator-key",
    "regulator.key.json",
  ];

  it("Should count each licensor's tokens, licenses, rights and royalty shares as the chain holds them", async function () {
    const { stdout } = await zkprov(["--json", ...scanArgs()]);
    const report = JSON.parse(stdout) as OversightReport;
    expect(report.totals).to.include({ tokens: 3, decrypted: 3, flagged: 0, licensors: 2 });
    // Every token names its license entry and the account LicenseDescribed gives for it.
    for (const t of report.tokens) {
      const c = chain.get(t.tokenId)!;
      expect(t.licensor, t.tokenId).to.equal(licensors[c.licensor]);
      expect(t.licenseLeaf, t.tokenId).to.equal("0x" + leaves[c.licensor]!.toString(16).padStart(64, "0"));
      expect(t.audit!.licenseLeaf).to.equal(t.licenseLeaf);
    }
    const want = [0, 1].map((i) => {
      const ts = [...chain.values()].filter((c) => c.licensor === i);
      return {
        licensor: licensors[i]!,
        mints: ts.length,
        licenses: ["0x" + leaves[i]!.toString(16).padStart(64, "0")],
        grantedRights: [...new Set(ts.map((c) => c.grantedRights))],
        royaltyBps: [...new Set(ts.map((c) => c.licensorBps))],
      };
    });
    expect(report.licensors).to.deep.equal(want);
    expect(want.map((l) => [l.mints, l.royaltyBps])).to.deep.equal([
      [2, [2_500]],
      [1, [1_000]],
    ]);
  });

  it("Should print the licensor table in the text form", async function () {
    const { stdout } = await zkprov(scanArgs());
    expect(stdout).to.include(`licensor ${licensors[0]}: 2 mints, 1 license entries`);
    expect(stdout).to.include(`licensor ${licensors[1]}: 1 mints, 1 license entries`);
    expect(stdout).to.match(new RegExp(`licensor ${licensors[1]}: .* royalty bps 1000\\n`));
  });

  // Issue 19's flag on a real history: the second licensor's license entry is compromised on chain (through the
  // quinary tree's path) after the token minted under it. That token, and only it, is flagged, naming the licensor.
  it("Should flag the token whose license entry was compromised on chain after its mint, and no other", async function () {
    await compromiseLicense2();
    const { stdout } = await zkprov(["--json", ...scanArgs()]);
    const report = JSON.parse(stdout) as OversightReport;
    const underLicense2 = [...chain].filter(([, c]) => c.licensor === 1).map(([id]) => id);
    expect(underLicense2).to.have.length(1);
    for (const t of report.tokens) {
      const flagged = t.flags.includes("license-ended-after-mint");
      expect(flagged, t.tokenId).to.equal(underLicense2.includes(t.tokenId));
    }
    const flag = report.flags.find((f) => f.kind === "license-ended-after-mint")!;
    expect(flag.detail).to.include(`(licensor ${licensors[1]})`);
    expect(flag.detail).to.match(/was compromised at block \d+, after the mint \(block \d+\)/);
    expect(report.totals).to.include({ tokens: 3, flagged: 1 });
  });
});

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// End-to-end tests of the regulator's oversight console (web/console.html): the built page served on loopback
// by registerVerificationPage (its strict CSP), driven in Debian's headless Chromium by playwright-core, against
// a Hardhat chain with real mints (real provenance proofs) across three models and datasets: one model
// compromised after its mints, the regulator key rotated to a 2-of-3 committee and two more tokens minted
// under it. What the page shows (totals, tables, the charts' series, the flags) and what it exports (JSON and
// CSV) must be what verifier/oversight computes from the same chain in Node. Screenshots of each view go to
// test-output/screenshots/console-*.png.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import fastify, { type FastifyInstance } from "fastify";
import { network } from "hardhat";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { REPO_ROOT, loadManifest } from "../../artifacts/paths.ts";
import { encodePublicSignals, parsePublicSignals } from "../../core/codecs.ts";
import { terminateCurves } from "../../core/curve.ts";
import type { Groth16Proof, SolidityProof } from "../../core/proof.ts";
import { licenseBody, licenseLeaf, licenseLeafOfBody, modelLeaf } from "../../core/hashes.ts";
import { createBundle } from "../../verifier/bundle.ts";
import type { ProofBundle } from "../../core/formats/bundle.ts";
import {
  createCeremony,
  dealShares,
  finishCeremony,
  memberAnnouncement,
  newMemberKey,
  partialDecrypt,
  pointToJson,
  reportOnDeals,
  type CommitteeFile,
} from "../../verifier/committee/index.ts";
import {
  readOversightHistory,
  registryState,
  scanHistory,
  type AuditKeySource,
  type OversightHistory,
  type OversightReport,
} from "../../verifier/oversight/index.ts";
import { newLicenseTree, newRegistryTree } from "../../prover/merkle.ts";
import { registryTreeShape } from "../../core/circuits.ts";
import type { RegistryTree } from "../../core/registry.ts";
import type { RegistryTreeView } from "../../core/registry-trees.ts";
import { deployForOversight } from "../helpers/oversight-deploy.ts";
import { GRANTED_RIGHTS, makeWorld, proveProvenance, withAsset, type World } from "../../fixtures/world.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { WEB_DIST, registerVerificationPage } from "../../web/serve.ts";
import { serveChain } from "./chain-rpc.ts";
import {
  csvOf,
  licensorsCsvOf,
  viewOf,
  CSV_COLUMNS,
  LICENSOR_CSV_COLUMNS,
  type ConsoleView,
} from "../../web/src/console/view.ts";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = path.join(REPO_ROOT, "test-output", "screenshots");
const DAY = 86_400n;
const IDLE_DAYS = 2;

const { ethers, ignition, networkHelpers, provider } = await network.create();
const { time } = networkHelpers;

/** The snarkjs form of a proof given in the Solidity verifiers' order (G2 coordinates swapped back). */
const snarkjsProofOf = (p: SolidityProof): Groth16Proof => ({
  pi_a: [p.a[0].toString(), p.a[1].toString(), "1"],
  pi_b: [
    [p.b[0][1].toString(), p.b[0][0].toString()],
    [p.b[1][1].toString(), p.b[1][0].toString()],
    ["1", "0"],
  ],
  pi_c: [p.c[0].toString(), p.c[1].toString(), "1"],
  protocol: "groth16",
  curve: "bn128",
});

const hex = (v: bigint) => "0x" + v.toString(16).padStart(64, "0");
const keyFileOf = (k: { secret: bigint; publicKey: [bigint, bigint] }) => ({
  format: "zkprov-key",
  version: 1,
  kind: "regulator",
  secret: k.secret.toString(),
  publicKey: k.publicKey.map(String),
});

describe("oversight console (headless Chromium)", function () {
  let app: FastifyInstance;
  let rpc: FastifyInstance;
  let url: string;
  let rpcUrl: string;
  let context: BrowserContext;
  let userDataDir: string;
  let dir: string;
  let registryAddress: string;
  let mintGateAddress: string;
  let history: OversightHistory;
  let committee: CommitteeFile;
  const worlds: Record<"A" | "B" | "C", World> = {} as never;
  /** Token ids (asset hashes) per world, in mint order; "A2" are A's tokens under the committee's key. */
  const minted: Record<"A" | "B" | "C" | "A2", bigint[]> = { A: [], B: [], C: [], A2: [] };
  const cspViolations: string[] = [];
  const otherHosts: string[] = [];
  const names = { models: {} as Record<string, string>, datasets: {} as Record<string, string> };
  /** The two LICENSOR_ROLE accounts: A's license is the first's, B's and C's the second's. */
  const licensorAccounts: string[] = [];
  const f = (name: string) => path.join(dir, name);

  before(async function () {
    this.timeout(1_800_000); // 12 real proofs and a 2-of-3 key ceremony, on a shared machine
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    if (!fs.existsSync(path.join(WEB_DIST, "console.html"))) {
      const r = spawnSync("vite", ["build", "--config", "web/vite.config.ts"], { cwd: REPO_ROOT, stdio: "inherit" });
      if (r.status !== 0) throw new Error("vite build of the pages failed");
    }
    fs.mkdirSync(SHOTS, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-console-"));
    const write = (name: string, v: unknown) => fs.writeFileSync(f(name), JSON.stringify(v, null, 2));

    // Three worlds (model + license each) in one registry, one regulator.
    const base = BigInt(Math.floor(Date.now() / 1000)) + 30n * DAY;
    for (const k of ["A", "B", "C"] as const) worlds[k] = makeWorld(base - 3_600n, base + 365n * DAY);
    const { A, B, C } = worlds;
    B.regulator = C.regulator = A.regulator;
    // The registry sets each model's validFrom to its registration's block time, and refuses a license that
    // starts before its own: the models are registered one second apart (A's padding at r and r + 1, A's
    // model at r + 2), then the licenses, all starting once they are all registered.
    const r = A.paddingModels[0]!.validFrom;
    B.model.validFrom = r + 3n;
    C.model.validFrom = r + 4n;
    for (const w of [A, B, C]) w.license.start = r + 10n;
    const models = [...A.paddingModels, A.model, B.model, C.model];
    const { start, expiry } = A.license;
    const bodies = [...A.paddingLicenses, ...[A, B, C].map((w) => licenseBody(w.license))];
    const licenses = bodies.map((b) => licenseLeafOfBody(b, start, expiry));
    expect(licenses.slice(-3)).to.deep.equal([A, B, C].map((w) => licenseLeaf(w.license)));
    const modelTree = newRegistryTree(models.map((m) => modelLeaf(m)));
    const licenseTree = newLicenseTree(licenses);
    for (const w of [A, B, C]) Object.assign(w, { modelTree, licenseTree });
    names.models = { [A.model.modelHash.toString()]: "aurora-diffusion", [B.model.modelHash.toString()]: "boreal-xl" };
    names.models[C.model.modelHash.toString()] = "cirrus-mini";
    names.datasets = {
      [A.license.datasetHash.toString()]: "open-landscapes",
      [B.license.datasetHash.toString()]: "city-archive",
      [C.license.datasetHash.toString()]: "studio-portraits",
    };

    const [admin, curator, licensor, alice, bob, licensor2] = await ethers.getSigners();
    licensorAccounts.push(licensor!.address, licensor2!.address);
    const { registry, mintGate, ...addresses } = await deployForOversight(ignition, A.regulator.publicKey, {
      curator: curator!,
      licensors: [licensor!, licensor2!],
    });
    ({ registryAddress, mintGateAddress } = addresses);
    for (const m of models) {
      await time.setNextBlockTimestamp(m.validFrom);
      await registry.connect(curator!).insertModel(m.publicKey[0], m.publicKey[1], m.modelHash, m.rights);
    }
    // Two licensors: the first registers the padding entries and A's license, the second B's and C's.
    for (const [i, body] of bodies.entries()) {
      await time.setNextBlockTimestamp(r + 5n + BigInt(i));
      await registry.connect(i < bodies.length - 2 ? licensor! : licensor2!).insertLicense(body, start, expiry);
    }

    const bundles = new Map<bigint, ProofBundle>();
    const vkeyHash = loadManifest().circuits.provenance!.vkeyHash;
    /** One real mint of a new asset of world `w` at time `at`: returns its token id (the asset hash). */
    const mint = async (w: World, at: bigint, to: typeof alice) => {
      const asset = randomFieldElement() >> 3n;
      const wa = withAsset(w, asset);
      await time.increaseTo(at - 30n);
      const ctx = await mintGate.mintContext(to!.address, asset);
      const p = await proveProvenance(wa, { now: at, context: ctx });
      await time.setNextBlockTimestamp(at);
      const receipt = await (await mintGate.connect(to!).mint(to!.address, p.proof, p.pub)).wait();
      bundles.set(
        asset,
        createBundle({
          circuit: "provenance",
          vkeyHash,
          proof: snarkjsProofOf(p.proof),
          publicSignals: p.pub.map(String),
          assetHash: asset,
          chainId: 31337n,
          usedAt: { contract: mintGateAddress, transaction: receipt!.hash },
        }),
      );
      return asset;
    };
    // Day 0: C twice, then nothing more from C. Days 0-3: A. Days 1-2: B.
    const at = (day: number, hour: number) => base + BigInt(day) * DAY + BigInt(hour) * 3_600n;
    const plan: [keyof typeof worlds, number, number][] = [
      ["C", 0, 1],
      ["A", 0, 3],
      ["C", 0, 5],
      ["A", 1, 2],
      ["B", 1, 4],
      ["B", 1, 9],
      ["A", 2, 1],
      ["B", 2, 6],
      ["A", 2, 8],
      ["A", 3, 2],
    ];
    for (const [k, day, hour] of plan) minted[k].push(await mint(worlds[k], at(day, hour), day % 2 ? bob : alice));
    // Model B is compromised after its mints: a new epoch of the model tree.
    const bLeaf = modelLeaf(B.model);
    const bIndex = modelTree.indexOf(bLeaf);
    await time.increaseTo(at(3, 6));
    await (await registry.connect(curator!).compromise(0, bLeaf, modelTree.generateProof(bIndex).siblings)).wait();
    modelTree.update(bIndex, 0n);
    // The regulator key is rotated to a 2-of-3 committee; A mints twice more, encrypted to the committee.
    const memberKeys = [1, 2, 3].map((i) => newMemberKey(`member-${i}`));
    const ceremony = createCeremony(memberKeys.map(memberAnnouncement), 2);
    const deals = memberKeys.map((k) => dealShares(ceremony, k));
    const reports = memberKeys.map((k) => reportOnDeals(ceremony, k, deals));
    const outcomes = memberKeys.map((k) => finishCeremony(ceremony, deals, reports, k));
    committee = outcomes[0]!.committee;
    await (await registry.connect(admin!).setRegulatorKey(committee.jointKey[0], committee.jointKey[1])).wait();
    const A2 = { ...A, regulator: { secret: 0n, publicKey: committee.jointKey.map(BigInt) as [bigint, bigint] } };
    for (const hour of [8, 10]) minted.A2.push(await mint(A2, at(3, hour), alice));
    await terminateCurves();
    // The last block, a day and a half after A's last mint: C (last mint on day 0) is idle at 2 days.
    await time.increaseTo(at(5, 0));
    await networkHelpers.mine();

    history = await readOversightHistory({
      rpc: ethers.provider,
      registry: registryAddress,
      mintGate: mintGateAddress,
      fromBlock: 0,
    });
    expect(history.mints).to.have.length(12);

    // The files the regulator loads.
    write("regulator.key.json", keyFileOf(A.regulator));
    write("committee.json", committee);
    const refs = history.mints
      .filter((m) => minted.A2.includes(m.tokenId))
      .map((m) => ({
        id: m.tokenId.toString(),
        ephemeral: pointToJson(m.auditEphemeral),
        cipher: m.auditCipher.map(String),
      }));
    for (const i of [1, 3])
      write(`partials-${i}.json`, partialDecrypt(committee, outcomes[i - 1]!.share!, memberKeys[i - 1]!, refs));
    write("share-1.json", outcomes[0]!.share);
    const snapshot = (tree: RegistryTree, imt: RegistryTreeView, n: Record<string, string>) => ({
      format: "zkprov-registry-snapshot",
      version: 2,
      tree,
      kind: registryTreeShape(tree).kind,
      arity: registryTreeShape(tree).arity,
      depth: registryTreeShape(tree).depth,
      root: imt.root.toString(),
      leaves: imt.leaves.map(String),
      names: n,
    });
    write("models.json", snapshot("model", modelTree, names.models));
    write("licenses.json", snapshot("license", licenseTree, names.datasets));
    // Bundles: one minted under the committee (its roots are current), one of model B (its model-tree root
    // was compromised since), and one of A's altered after proving (its royalty share raised).
    write("bundle-a2.json", bundles.get(minted.A2[0]!));
    write("bundle-b.json", bundles.get(minted.B[0]!));
    const good = bundles.get(minted.A[0]!)!;
    const signals = parsePublicSignals("provenance", good.publicSignals);
    write(
      "bundle-a-tampered.json",
      createBundle({
        circuit: "provenance",
        vkeyHash,
        proof: good.proof,
        publicSignals: encodePublicSignals("provenance", { ...signals, licensorBps: 9000n }),
        assetHash: minted.A[0]!,
        chainId: 31337n,
        ...(good.usedAt ? { usedAt: good.usedAt } : {}),
      }),
    );
    fs.writeFileSync(f("notes.txt"), "not json at all");
    write("package.json", { name: "something-else", version: "1.0.0" });

    const served = await serveChain(provider);
    rpc = served.rpc;
    rpcUrl = served.url;
    app = fastify();
    await registerVerificationPage(app);
    url = await app.listen({ host: "127.0.0.1", port: 0 });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-background-networking", "--disable-sync", "--disable-component-update"],
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    });
    context.on("request", (r) => {
      const u = new URL(r.url());
      if (!r.url().startsWith(url) && !r.url().startsWith(rpcUrl) && u.protocol !== "blob:" && u.protocol !== "data:")
        otherHosts.push(r.url());
    });
  });

  after(async function () {
    await context?.close();
    await app?.close();
    await rpc?.close();
    for (const d of [dir, userDataDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  async function open(): Promise<Page> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(`${url}/console.html`);
    await page.waitForSelector("body[data-ready=true]", { state: "attached" });
    expect(errors, "page errors").to.deep.equal([]);
    return page;
  }

  async function fillDeployment(page: Page) {
    await page.fill("#rpc-url", rpcUrl);
    await page.fill("#registry-address", registryAddress);
    await page.fill("#mint-gate-address", mintGateAddress);
    await page.fill("#from-block", "0");
    await page.fill("#idle-days", String(IDLE_DAYS));
  }

  /** Choose files in the page's input; waits until the page lists each of them as loaded. */
  async function load(page: Page, files: string[]) {
    await page.setInputFiles("#files", files.map(f));
    await page.waitForFunction(
      (names) => names.every((n) => document.querySelector("#loaded-files")?.textContent?.includes(n)),
      files,
    );
  }

  async function scan(page: Page) {
    await page.click("#scan-button");
    await page.waitForSelector("body[data-scan=done], body[data-scan=error]", { state: "attached", timeout: 300_000 });
    expect(await page.getAttribute("body", "data-scan"), (await page.textContent("#scan-status")) ?? "").to.equal(
      "done",
    );
  }

  const shot = async (page: Page, name: string) => {
    await page.screenshot({ path: path.join(SHOTS, `console-${name}.png`), fullPage: true });
  };

  /** What the page shows: totals, table rows, chart series, flags and token rows. */
  async function shown(page: Page) {
    // (No named functions inside the page functions: tsx's esbuild would wrap them in a __name() the page lacks.)
    const rows = (id: string) =>
      page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? "")));
    return {
      totals: Object.fromEntries(
        await page.$$eval("#totals dd", (dds) => dds.map((d) => [(d as HTMLElement).dataset.total!, d.textContent])),
      ) as Record<string, string>,
      models: await rows("models-table"),
      datasets: await rows("datasets-table"),
      licensors: await rows("licensors-table"),
      tokens: await page.$$eval("#tokens-table tbody tr", (trs) => trs.map((tr) => (tr as HTMLElement).dataset.token!)),
      bundles: Object.fromEntries(
        await page.$$eval("#tokens-table tbody tr", (trs) =>
          trs.map((tr) => [
            (tr as HTMLElement).dataset.token!,
            (tr.querySelector("[data-bundle]") as HTMLElement).dataset.bundle,
          ]),
        ),
      ) as Record<string, string>,
      flags: await page.$$eval("#flags li[data-flag]", (lis) => lis.map((li) => (li as HTMLElement).dataset.flag!)),
      charts: {
        models: JSON.parse((await page.getAttribute("#chart-models", "data-series")) ?? "null"),
        datasets: JSON.parse((await page.getAttribute("#chart-datasets", "data-series")) ?? "null"),
      },
    };
  }

  async function download(page: Page, button: string): Promise<string> {
    const [d] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    return fs.readFileSync((await d.path())!, "utf8");
  }

  const scanInNode = (source: AuditKeySource): OversightReport =>
    scanHistory(history, source, { names, idleSeconds: IDLE_DAYS * 86_400 });
  const ctxOf = () => ({
    models: [...registryState(history).models.values()],
    names,
    time: (b: number) => history.blockTimes.get(b) ?? 0,
  });
  const noFilter = { model: "", dataset: "", flag: "" as const, text: "" };

  it("names a file it cannot read, and refuses a member's share file", async function () {
    const page = await open();
    await page.setInputFiles("#files", [f("notes.txt"), f("package.json"), f("share-1.json")]);
    await page.waitForSelector("#load-error:not([hidden])");
    const text = (await page.textContent("#load-error")) ?? "";
    expect(text).to.include("notes.txt is not JSON");
    expect(text).to.include("package.json is not a file the console reads");
    expect(text).to.include("share-1.json is a member's secret share: the console never takes a share");
    expect(await page.textContent("#loaded-files")).to.equal("");
    await shot(page, "error");
    // A bad deployment field is named too, before anything is sent.
    await fillDeployment(page);
    await page.fill("#mint-gate-address", "0x1234");
    await page.click("#scan-button");
    expect(await page.textContent("#load-error")).to.equal('MintGate address: "0x1234" is not an address');
    await page.close();
  });

  it("scans with the regulator key: totals, tables, charts, flags and bundles are verifier/oversight's", async function () {
    const expected = scanInNode({ kind: "regulator-key", key: worlds.A.regulator });
    // The world as the test made it: 10 tokens decrypt, the committee's 2 do not; B's 3 are flagged.
    expect(expected.totals).to.deep.equal({
      tokens: 12,
      decrypted: 10,
      flagged: 5,
      models: 5,
      datasets: 3,
      licensors: 2,
    });
    const page = await open();
    await load(page, [
      "regulator.key.json",
      "models.json",
      "licenses.json",
      "bundle-a2.json",
      "bundle-b.json",
      "bundle-a-tampered.json",
    ]);
    await fillDeployment(page);
    await scan(page);
    const s = await shown(page);
    await shot(page, "overview");
    expect(s.totals).to.include({
      tokens: "12",
      decrypted: "10",
      flagged: "5",
      models: "5",
      datasets: "3",
      licensors: "2",
      "decrypted-with": "regulator-key",
    });
    expect(s.models.map((r) => [r[0], r[1], r[3]])).to.deep.equal(
      expected.models.map((m) => [
        m.name ?? `${m.modelHash.slice(0, 8)}…${m.modelHash.slice(-4)}`,
        m.status,
        String(m.mints),
      ]),
    );
    expect(s.models.find((r) => r[0] === "boreal-xl")).to.include("compromised");
    expect(s.datasets.map((r) => [r[0], r[1], r[4]])).to.deep.equal(
      expected.datasets.map((d) => [d.name, String(d.mints), d.royaltyBps.join(", ")]),
    );
    // The licensor table: a row per LICENSOR_ROLE account, as the chain's LicenseDescribed events name them for
    // the license entries the decrypted records name (A's 5 tokens under the first; B's 3 and C's 2 the second's).
    const short = (h: string) => `${h.slice(0, 8)}…${h.slice(-4)}`;
    const leafHex = (w: World) => hex(licenseLeaf(w.license));
    // (In order of first mint: C's comes first.)
    expect(expected.licensors.map((l) => [l.licensor, l.mints, l.licenses])).to.deep.equal([
      [licensorAccounts[1], 5, [leafHex(worlds.C), leafHex(worlds.B)]],
      [licensorAccounts[0], 5, [leafHex(worlds.A)]],
    ]);
    expect(s.licensors.map((r) => [r[0], r[1], r[2], r[4]])).to.deep.equal(
      expected.licensors.map((l) => [
        short(l.licensor!),
        String(l.mints),
        `${l.licenses.length}: ${l.licenses.map(short).join(", ")}`,
        l.royaltyBps.join(", "),
      ]),
    );
    // Every token was granted the same rights: the rights cell reads as the dataset table's.
    expect(expected.licensors.map((l) => l.grantedRights)).to.deep.equal([
      [Number(GRANTED_RIGHTS)],
      [Number(GRANTED_RIGHTS)],
    ]);
    expect(s.licensors.map((r) => r[3])).to.deep.equal([s.datasets[0]![3], s.datasets[0]![3]]);
    await page.locator("#licensors-table").screenshot({ path: path.join(SHOTS, "console-licensors.png") });
    expect(s.tokens).to.deep.equal(expected.tokens.map((t) => t.tokenId));
    expect([...s.flags].sort()).to.deep.equal(expected.flags.map((x) => x.kind).sort());
    expect(s.flags.filter((k) => k === "model-ended-after-mint")).to.have.length(3);
    expect(s.flags.filter((k) => k === "undecryptable")).to.have.length(2);
    // Idle: C (no mint for 4 days) and the two padding models (never minted).
    expect(expected.flags.filter((x) => x.kind === "model-idle").map((x) => x.modelHash)).to.have.members([
      hex(worlds.C.model.modelHash),
      ...worlds.A.paddingModels.map((m) => hex(m.modelHash)),
    ]);
    // The charts draw the report's series, one bar series per model and per dataset.
    for (const k of ["models", "datasets"] as const)
      expect(s.charts[k]).to.deep.equal({
        labels: expected.series.buckets.length,
        series: Object.entries(expected.series[k]).map(([h, data]) => ({ key: h, data })),
      });
    expect(expected.series.bucketSeconds).to.equal(86_400);
    // Bundles: verified against the chain from their tokens' rows.
    expect(s.bundles[minted.A2[0]!.toString()]).to.equal("valid");
    expect(s.bundles[minted.B[0]!.toString()]).to.equal("invalid");
    expect(s.bundles[minted.A[0]!.toString()]).to.equal("invalid");
    expect(s.bundles[minted.C[0]!.toString()]).to.equal("none");
    const bText = (await page.textContent(`tr[data-token="${minted.B[0]}"] [data-bundle]`)) ?? "";
    expect(bText).to.match(/roots/);
    const aText = (await page.textContent(`tr[data-token="${minted.A[0]}"] [data-bundle]`)) ?? "";
    expect(aText).to.match(/proof/);

    // A token's link opens its bundle on the verification page, verified against the same chain; the link
    // (its fragment, never sent to a server) holds the bundle and the chain, and no key or decrypted record.
    const a2 = minted.A2[0]!.toString();
    expect(await page.$$eval("a.verify-link", (as) => as.length)).to.equal(3);
    const [verifyPage] = await Promise.all([
      context.waitForEvent("page"),
      page.click(`tr[data-token="${a2}"] a.verify-link`),
    ]);
    await verifyPage.waitForSelector("body[data-ready=true]", { state: "attached" });
    await verifyPage.waitForFunction(
      () => !/^(Verifying|Load a proof)/.test(document.querySelector("#verdict")?.textContent ?? "Verifying"),
      null,
      { timeout: 120_000 },
    );
    expect(await verifyPage.textContent("#verdict")).to.include("Valid: every check passed");
    expect(await verifyPage.textContent("#loaded-files")).to.include("the bundle in this page's link");
    expect(await verifyPage.inputValue("#rpc-url")).to.equal(rpcUrl);
    expect(await verifyPage.evaluate(() => window.opener)).to.equal(null);
    // What the link holds: exactly the bundle file's content, the registry and the chain's URL; nothing else.
    const target = new URL(verifyPage.url());
    expect(target.pathname).to.match(/\/index\.html$/);
    expect(target.search).to.equal("");
    const params = new URLSearchParams(target.hash.slice(1));
    expect([...params.keys()]).to.deep.equal(["bundle", "registry", "rpc"]);
    const carried = Buffer.from(params.get("bundle")!, "base64url").toString("utf8");
    expect(JSON.parse(carried)).to.deep.equal(JSON.parse(fs.readFileSync(f("bundle-a2.json"), "utf8")));
    expect(params.get("registry")).to.equal(registryAddress);
    expect(params.get("rpc")).to.equal(rpcUrl);
    expect(carried).to.not.include(worlds.A.regulator.secret.toString());
    await shot(verifyPage, "deep-link");
    await verifyPage.close();

    // The JSON export is the view: with no filter, exactly the report's tokens, tables, series and flags.
    const view = JSON.parse(await download(page, "#export-json")) as ConsoleView;
    expect(view.format).to.equal("zkprov-oversight-view");
    expect(view.counts).to.deep.equal({ scanned: 12, shown: 12 });
    for (const k of ["tokens", "models", "datasets", "licensors", "series", "flags"] as const)
      expect(view[k], k).to.deep.equal(expected[k]);
    expect(JSON.stringify(view)).to.not.include(worlds.A.regulator.secret.toString());
    const csv = await download(page, "#export-csv");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).to.equal(CSV_COLUMNS.join(","));
    expect(lines).to.have.length(13);
    const b0 = lines.find((l) => l.startsWith(minted.B[0]!.toString()))!.split(",");
    expect(b0[CSV_COLUMNS.indexOf("modelName")]).to.equal("boreal-xl");
    expect(b0[CSV_COLUMNS.indexOf("datasetName")]).to.equal("city-archive");
    expect(b0[CSV_COLUMNS.indexOf("flags")]).to.equal("model-ended-after-mint");
    expect(b0[CSV_COLUMNS.indexOf("licensorBps")]).to.equal(
      expected.tokens.find((t) => t.tokenId === minted.B[0]!.toString())!.licensorBps.toString(),
    );
    expect(csv).to.equal(csvOf(viewOf(expected, ctxOf(), noFilter, new Map(Object.entries(view.bundles)))));
    const lcsv = await download(page, "#export-licensors-csv");
    expect(lcsv).to.equal(licensorsCsvOf(view));
    expect(lcsv.trimEnd().split("\r\n")).to.deep.equal([
      LICENSOR_CSV_COLUMNS.join(","),
      ...expected.licensors.map((l) =>
        [l.licensor, l.mints, l.licenses.join(";"), l.grantedRights.join(";"), l.royaltyBps.join(";")].join(","),
      ),
    ]);

    // A filter: only model B. The tables, series, flags and exports are summarize's for those tokens.
    await page.selectOption("#filter-model", hex(worlds.B.model.modelHash));
    const fb = await shown(page);
    await shot(page, "filtered");
    const want = viewOf(expected, ctxOf(), { ...noFilter, model: hex(worlds.B.model.modelHash) });
    expect(fb.tokens).to.deep.equal(minted.B.map(String));
    expect(fb.tokens).to.deep.equal(want.tokens.map((t) => t.tokenId));
    expect(fb.models.map((r) => [r[0], r[3]])).to.deep.equal([["boreal-xl", "3"]]);
    expect(fb.licensors.map((r) => [r[0], r[1]])).to.deep.equal([[short(licensorAccounts[1]!), "3"]]);
    expect(fb.flags).to.deep.equal(["model-ended-after-mint", "model-ended-after-mint", "model-ended-after-mint"]);
    expect(fb.charts.models.series).to.deep.equal(
      Object.entries(want.series.models).map(([key, data]) => ({ key, data })),
    );
    const fcsv = await download(page, "#export-csv");
    expect(fcsv.trimEnd().split("\r\n")).to.have.length(4);
    const fview = JSON.parse(await download(page, "#export-json")) as ConsoleView;
    expect(fview.filters.model).to.equal(hex(worlds.B.model.modelHash));
    for (const k of ["tokens", "models", "datasets", "licensors", "series", "flags"] as const)
      expect(fview[k], k).to.deep.equal(want[k]);
    expect((await download(page, "#export-licensors-csv")).trimEnd().split("\r\n")).to.have.length(2);
    // Flagged only, then tokens without a flag.
    await page.selectOption("#filter-model", "");
    await page.selectOption("#filter-flag", "undecryptable");
    expect((await shown(page)).tokens).to.deep.equal(minted.A2.map(String));
    await page.selectOption("#filter-flag", "none");
    expect((await shown(page)).tokens).to.have.length(7);
    expect(otherHosts).to.deep.equal([]);
    expect(cspViolations).to.deep.equal([]);

    // 200% zoom: half the CSS width; the page does not scroll sideways (wide tables scroll inside their box).
    await page.selectOption("#filter-flag", "");
    await page.setViewportSize({ width: 683, height: 900 });
    await page.waitForTimeout(500); // Chart.js resizes its canvases on the next ResizeObserver callback
    await shot(page, "zoom-200");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, "horizontal overflow in CSS pixels").to.be.at.most(0);
    await page.setViewportSize({ width: 1366, height: 900 });
    // Keyboard: Tab reaches the model filter and the CSV export, and Enter on it downloads.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached: string[] = [];
    for (let i = 0; i < 40 && !reached.includes("export-csv"); i++) {
      await page.keyboard.press("Tab");
      reached.push(await page.evaluate(() => document.activeElement?.id ?? ""));
    }
    expect(reached).to.include.members(["rpc-url", "files", "scan-button", "filter-model", "export-csv"]);
    const [byKey] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    expect(
      fs
        .readFileSync((await byKey.path())!, "utf8")
        .trimEnd()
        .split("\r\n"),
    ).to.have.length(13);

    // Forget: the key and everything it decrypted are gone from the page.
    await page.click("#forget-keys");
    expect(await page.isHidden("#overview")).to.equal(true);
    expect(await page.textContent("#loaded-files")).to.not.include("regulator key");
    expect(await page.isDisabled("#forget-keys")).to.equal(true);
    await page.close();
  });

  it("scans with the committee's partials: the records minted under the committee open, the older do not", async function () {
    const page = await open();
    await load(page, ["partials-1.json", "committee.json", "partials-3.json", "models.json", "licenses.json"]);
    expect(await page.textContent("#loaded-files")).to.include("committee, 2 of 3 members");
    await fillDeployment(page);
    await scan(page);
    const s = await shown(page);
    await shot(page, "committee");
    const partials = ["partials-1.json", "partials-3.json"].map((n) => JSON.parse(fs.readFileSync(f(n), "utf8")));
    const expected = scanInNode({ kind: "committee", committee, partials });
    expect(expected.totals).to.include({ tokens: 12, decrypted: 2 });
    expect(s.totals).to.include({
      tokens: "12",
      decrypted: "2",
      flagged: String(expected.totals.flagged),
      "decrypted-with": "committee",
    });
    expect(s.flags.filter((k) => k === "undecryptable")).to.have.length(10);
    expect([...s.flags].sort()).to.deep.equal(expected.flags.map((x) => x.kind).sort());
    const view = JSON.parse(await download(page, "#export-json")) as ConsoleView;
    for (const k of ["tokens", "models", "datasets", "series", "flags"] as const)
      expect(view[k], k).to.deep.equal(expected[k]);
    expect(view.tokens.filter((t) => t.audit).map((t) => t.tokenId)).to.deep.equal(minted.A2.map(String));
    // A partials file of a member whose partial was altered is refused by member, naming the file.
    const bad = JSON.parse(fs.readFileSync(f("partials-3.json"), "utf8"));
    bad.records[0].partial[0] = "1";
    fs.writeFileSync(f("partials-bad.json"), JSON.stringify(bad));
    await page.setInputFiles("#files", [f("partials-bad.json")]);
    await page.waitForSelector("#load-error:not([hidden])");
    expect(await page.textContent("#load-error")).to.match(/partials-bad\.json is not signed by member 3/);
    expect(cspViolations).to.deep.equal([]);
    await page.close();
  });
});

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The oversight console on thousands of tokens, in Debian's headless Chromium: the page loads them from a Hardhat
// chain in pages, decrypts them in its worker while staying responsive, shows the token table one page at a
// time, and its numbers (totals, tables, charts, flags, exports, each page of rows) are verifier/oversight's
// scanHistory and summarize (viewOf) on the same chain in Node. Once loaded, the page needs nothing but the
// chain: the page's server is stopped before the scan.
//
// What is synthetic, and why (fixtures/synthetic-mints.ts): a real mint costs a provenance proof (about 40 s
// here), so the Minted events are emitted by a test contract standing in for the mint gate. The registry is the
// real Registry, with real models registered and one compromised midway; every audit record is really encrypted
// to the regulator key as the circuit does (ten to another key: they decrypt to nothing registered, and are
// flagged).
// Timings are printed (`# console-scale` lines) and written to test-output/console-scale.json; they are
// measurements on a shared machine, not assertions.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import fastify, { type FastifyInstance } from "fastify";
import { network } from "hardhat";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { REPO_ROOT } from "../../artifacts/paths.ts";
import { OPEN_UNTIL, modelLeaf, type ModelEntry } from "../../core/hashes.ts";
import {
  readOversightHistory,
  registryState,
  scanHistory,
  type OversightHistory,
  type OversightReport,
} from "../../verifier/oversight/index.ts";
import { newRegistryTree } from "../../prover/merkle.ts";
import { generateModelKey, generateRegulatorKey, randomFieldElement } from "../../prover/keys.ts";
import { typed } from "../../prover/chain/typed.ts";
import { writeKeyFile } from "../../prover/key-file.ts";
import RegistryModule from "../../ignition/modules/Registry.ts";
import { MODEL_RIGHTS } from "../../fixtures/world.ts";
import { MINTED_EMITTER_CODE, mintedCalldata, sequentialEncryptor } from "../../fixtures/synthetic-mints.ts";
import { registerVerificationPage } from "../../web/serve.ts";
import { viewOf, type ConsoleView, type Filters } from "../../web/src/console/view.ts";
import { serveChain } from "./chain-rpc.ts";

const CHROMIUM = "/usr/bin/chromium";
const OUT = path.join(REPO_ROOT, "test-output");
const TOKENS = 2_000;
const FORGED = 10;
const DAYS = 20;
const DAY = 86_400;
const IDLE_DAYS = 5;
const PAGE_ROWS = 100;

const RECORDS_PER_TX = 100;

const { ethers, ignition, networkHelpers, provider } = await network.create();
const { time } = networkHelpers;

const hex = (v: bigint) => "0x" + v.toString(16).padStart(64, "0");

describe("oversight console on thousands of tokens (headless Chromium)", function () {
  let app: FastifyInstance | undefined;
  let rpc: FastifyInstance;
  let url: string;
  let rpcUrl: string;
  let context: BrowserContext;
  let userDataDir: string;
  let dir: string;
  let registryAddress: string;
  const emitter = "0x" + "5ca1e".padStart(40, "0");
  let history: OversightHistory;
  let expected: OversightReport;
  const regulator = generateRegulatorKey();
  const models: ModelEntry[] = [];
  const forgedIds = new Set<string>();
  /** Tokens of model 1 minted before its compromise (each is flagged). */
  let beforeCompromise = 0;
  const afterLoad: string[] = [];
  const timings: Record<string, unknown> = {};

  before(async function () {
    this.timeout(1_800_000); // the Node scan of every record is part of it
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkprov-console-scale-"));
    fs.mkdirSync(path.join(OUT, "screenshots"), { recursive: true });
    const [admin, curator] = await ethers.getSigners();
    const { registry: deployed } = await ignition.deploy(RegistryModule, {
      parameters: { Registry: { regulatorKey: regulator.publicKey.map(String), rootWindow: 600n } },
    });
    const registry = typed("Registry", deployed);
    registryAddress = await registry.getAddress();
    await registry.grantRole(await registry.CURATOR_ROLE(), curator!.address);

    // Four models, registered a day before the first mint, each in the block of its validFrom.
    const t0 = (await time.latest()) + DAY;
    for (let i = 0; i < 4; i++) {
      const m: ModelEntry = {
        publicKey: generateModelKey().publicKey,
        modelHash: randomFieldElement(),
        rights: MODEL_RIGHTS,
        validFrom: BigInt(t0 + i),
        validUntil: OPEN_UNTIL,
      };
      await time.setNextBlockTimestamp(t0 + i);
      await registry.connect(curator!).insertModel(m.publicKey[0], m.publicKey[1], m.modelHash, m.rights);
      models.push(m);
    }
    const leaves = models.map((m) => modelLeaf(m));
    const datasets = [randomFieldElement(), randomFieldElement(), randomFieldElement()];
    const bps = [2_500, 1_500, 500];
    // One license entry per dataset (not registered here: the licensor table has one row, "not described").
    const licenses = datasets.map(() => randomFieldElement());

    // The mints: TOKENS records over DAYS days (one transaction of the stand-in gate per block), the model and
    // dataset chosen round robin; model 3 mints only on the first two days, so it is idle at the end; model 1
    // is compromised on day 15, and mints no more.
    await provider.request({ method: "hardhat_setCode", params: [emitter, MINTED_EMITTER_CODE] });
    const encrypt = sequentialEncryptor(regulator.publicKey);
    const encryptForged = sequentialEncryptor(generateRegulatorKey().publicKey);
    const first = t0 + DAY;
    const perDay = TOKENS / DAYS;
    let chunk: string[] = [];
    const send = async (at: number) => {
      await time.setNextBlockTimestamp(at);
      await (await admin!.sendTransaction({ to: emitter, data: "0x" + chunk.join("") })).wait();
      chunk = [];
    };
    for (let i = 0; i < TOKENS; i++) {
      const day = Math.floor(i / perDay);
      const mi = day < 2 ? i % 4 : day < 15 ? i % 3 : [0, 2][i % 2]!;
      const di = i % 3;
      const forged = i % Math.floor(TOKENS / FORGED) === 7;
      const record = [models[mi]!.modelHash, datasets[di]!, randomFieldElement(), leaves[mi]!, licenses[di]!];
      const tokenId = randomFieldElement() >> 3n;
      if (forged) forgedIds.add(tokenId.toString());
      else if (mi === 1) beforeCompromise++;
      const mint = {
        tokenId,
        to: i % 2 ? admin!.address : curator!.address,
        creatorTag: randomFieldElement(),
        licensorTag: randomFieldElement(),
        grantedRights: 7,
        licensorBps: bps[di]!,
        record,
      };
      chunk.push(mintedCalldata(mint, forged ? encryptForged(record) : encrypt(record)));
      if ((i + 1) % RECORDS_PER_TX === 0 || i === TOKENS - 1) await send(first + day * DAY + ((i % perDay) + 1) * 60);
      // Model 1 is compromised on day 15, after its mints of the first fifteen days.
      if (i === 15 * perDay - 1) {
        const tree = newRegistryTree(leaves);
        await time.setNextBlockTimestamp(first + 15 * DAY - 1);
        await (await registry.connect(curator!).compromise(0, leaves[1]!, tree.generateProof(1).siblings)).wait();
      }
    }
    await time.increaseTo(first + (DAYS + 1) * DAY);
    await networkHelpers.mine();

    const t = performance.now();
    history = await readOversightHistory({
      rpc: ethers.provider,
      registry: registryAddress,
      mintGate: emitter,
      fromBlock: 0,
    });
    timings.nodeReadMs = Math.round(performance.now() - t);
    expect(history.mints).to.have.length(TOKENS);
    const s = performance.now();
    expected = scanHistory(history, { kind: "regulator-key", key: regulator }, { idleSeconds: IDLE_DAYS * DAY });
    timings.nodeScanMs = Math.round(performance.now() - s);
    writeKeyFile(path.join(dir, "regulator.key.json"), { kind: "regulator", ...regulator });

    const chain = await serveChain(provider);
    rpc = chain.rpc;
    rpcUrl = chain.url;
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
  });

  after(async function () {
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, "console-scale.json"), JSON.stringify({ tokens: TOKENS, ...timings }, null, 2));
    console.log(`    # console-scale ${JSON.stringify({ tokens: TOKENS, ...timings })}`);
    await context?.close();
    await app?.close();
    await rpc?.close();
    for (const d of [dir, userDataDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  const ctx = () => ({
    models: [...registryState(history).models.values()],
    time: (b: number) => history.blockTimes.get(b) ?? 0,
  });
  const noFilter: Filters = { model: "", dataset: "", flag: "", text: "" };
  const rowIds = (page: Page) =>
    page.$$eval("#tokens-table tbody tr", (trs) => trs.map((tr) => (tr as HTMLElement).dataset.token!));
  const pager = async (page: Page) => ({
    page: Number(await page.getAttribute("#tokens-page", "data-page")),
    pages: Number(await page.getAttribute("#tokens-page", "data-pages")),
  });
  /** Run an action that re-renders, and return how long the page says it took (the view, or only its rows). */
  const rendered = async (page: Page, act: () => Promise<unknown>, what: "render" | "rows" = "render") => {
    await page.evaluate((w) => delete document.body.dataset[w === "render" ? "renderMs" : "rowsMs"], what);
    await act();
    await page.waitForSelector(`body[data-${what}-ms]`, { state: "attached" });
    return Number(await page.getAttribute("body", `data-${what}-ms`));
  };
  async function download(page: Page, button: string): Promise<string> {
    const [d] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    return fs.readFileSync((await d.path())!, "utf8");
  }

  it("loads, pages, scrolls and filters thousands of tokens with verifier/oversight's numbers, needing only the chain", async function () {
    this.timeout(1_800_000);
    // The world as the test made it.
    // (A forged record decrypts to a model and a dataset of its own, unregistered.)
    expect(expected.totals).to.deep.equal({
      tokens: TOKENS,
      decrypted: TOKENS,
      flagged: FORGED + beforeCompromise,
      models: 4 + FORGED,
      datasets: 3 + FORGED,
      // No LicenseDescribed event here: every record's license entry (a forged one's too) is in one row.
      licensors: 1,
    });
    expect(expected.flags.filter((f) => f.kind === "unregistered-model").map((f) => f.tokenId)).to.have.members([
      ...forgedIds,
    ]);
    expect(expected.flags.filter((f) => f.kind === "model-idle").map((f) => f.modelHash)).to.deep.equal([
      hex(models[3]!.modelHash),
    ]);

    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const t0 = performance.now();
    await page.goto(`${url}/console.html`);
    await page.waitForSelector("body[data-ready=true][data-worker=ready]", { state: "attached" });
    timings.pageLoadMs = Math.round(performance.now() - t0);
    // Offline once loaded: the page's server is gone; from here on the only requests are the chain's.
    await app!.close();
    app = undefined;
    context.on("request", (r) => {
      if (!r.url().startsWith(rpcUrl) && !/^(blob|data):/.test(r.url())) afterLoad.push(r.url());
    });
    await page.setInputFiles("#files", [path.join(dir, "regulator.key.json")]);
    await page.waitForFunction(() => document.querySelector("#loaded-files")?.textContent?.includes("regulator key"));
    await page.fill("#rpc-url", rpcUrl);
    await page.fill("#registry-address", registryAddress);
    await page.fill("#mint-gate-address", emitter);
    await page.fill("#from-block", "0");
    await page.fill("#idle-days", String(IDLE_DAYS));

    // The scan: progress while decrypting, and the page answers meanwhile (how fast is measured, not asserted).
    const started = performance.now();
    await page.click("#scan-button");
    const labels = new Set<string>();
    let slowest = 0;
    for (;;) {
      const asked = performance.now();
      const state = await page.evaluate(() => ({
        scan: document.body.dataset.scan,
        label: document.querySelector("#progress-label")?.textContent ?? "",
      }));
      slowest = Math.max(slowest, performance.now() - asked);
      labels.add(state.label);
      if (state.scan !== "running") break;
      await page.waitForTimeout(500);
    }
    timings.pageScanWallMs = Math.round(performance.now() - started);
    timings.slowestPageAnswerDuringScanMs = Math.round(slowest);
    expect(await page.getAttribute("body", "data-scan"), (await page.textContent("#scan-status")) ?? "").to.equal(
      "done",
    );
    await page.waitForSelector("#overview:not([hidden])");
    const status = (await page.textContent("#scan-status")) ?? "";
    const [, read, scanned] = status.match(/events read in ([0-9.]+) s, scanned in ([0-9.]+) s/) ?? [];
    Object.assign(timings, { pageReadS: Number(read), pageDecryptS: Number(scanned) });
    const decrypting = [...labels].filter((l) => new RegExp(`^Decrypting audit records: [0-9]+ of ${TOKENS}$`).test(l));
    expect(
      decrypting.some((l) => !new RegExp(`: (0|${TOKENS}) of`).test(l)),
      `progress while decrypting: ${[...labels].join(" | ")}`,
    ).to.equal(true);
    expect(errors, "page errors").to.deep.equal([]);

    // Totals, tables, charts and flags: the report's.
    const totals = Object.fromEntries(
      await page.$$eval("#totals dd", (dds) => dds.map((d) => [(d as HTMLElement).dataset.total!, d.textContent])),
    );
    expect(totals).to.include({
      tokens: String(TOKENS),
      decrypted: String(TOKENS),
      flagged: String(expected.totals.flagged),
      models: String(expected.totals.models),
      datasets: String(expected.totals.datasets),
    });
    expect(
      await page.$$eval("#models-table tbody tr", (trs) => trs.map((tr) => (tr as HTMLElement).dataset.model)),
    ).to.deep.equal(expected.models.map((m) => m.modelHash));
    expect(JSON.parse((await page.getAttribute("#chart-models", "data-series"))!)).to.deep.equal({
      labels: expected.series.buckets.length,
      series: Object.entries(expected.series.models).map(([key, data]) => ({ key, data })),
    });
    expect(await page.$$eval("#flags li[data-flag]", (lis) => lis.length)).to.equal(
      Math.min(100, expected.flags.length),
    );
    expect(await page.textContent("#flags-more")).to.include(`${expected.flags.length} in all`);

    // The token table: one page of rows at a time, in the report's order; the last page holds the last tokens.
    const ids = expected.tokens.map((t) => t.tokenId);
    expect(await rowIds(page)).to.deep.equal(ids.slice(0, PAGE_ROWS));
    expect(await pager(page)).to.deep.equal({ page: 1, pages: TOKENS / PAGE_ROWS });
    timings.nextPageRowsMs = await rendered(page, () => page.click("#page-next"), "rows");
    expect(await rowIds(page)).to.deep.equal(ids.slice(PAGE_ROWS, 2 * PAGE_ROWS));
    await page.click("#page-last");
    expect(await rowIds(page)).to.deep.equal(ids.slice(-PAGE_ROWS));
    expect(await page.isDisabled("#page-next")).to.equal(true);
    // 500 rows a page, from the first: scroll to the last row of the page.
    await page.click("#page-first");
    timings.pageOf500RowsMs = await rendered(page, () => page.selectOption("#page-size", "500"), "rows");
    expect(await rowIds(page)).to.deep.equal(ids.slice(0, 500));
    const scrolled = performance.now();
    await page.locator("#tokens-table tbody tr").last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, -3000);
    await page.mouse.wheel(0, 3000);
    timings.scroll500RowsMs = Math.round(performance.now() - scrolled);
    expect(await page.locator("#tokens-table tbody tr").last().isVisible()).to.equal(true);
    await page.screenshot({ path: path.join(OUT, "screenshots", "console-thousands.png") });
    expect(await page.locator("#tokens-table tbody tr").count()).to.equal(500);

    // Filters: the compromised model; forged records; a text search. Each is viewOf's, down to the rows shown.
    const c = ctx();
    const check = async (f: Filters, label: string) => {
      const want = viewOf(expected, c, f);
      expect(await page.textContent("#shown"), label).to.equal(`Showing ${want.tokens.length} of ${TOKENS} tokens.`);
      expect(await rowIds(page), label).to.deep.equal(want.tokens.slice(0, 500).map((t) => t.tokenId));
      expect(
        await page.$$eval("#models-table tbody tr", (trs) =>
          trs.map((tr) => [(tr as HTMLElement).dataset.model, tr.children[3]!.textContent]),
        ),
        label,
      ).to.deep.equal(want.models.map((m) => [m.modelHash, String(m.mints)]));
      return want;
    };
    const compromised = hex(models[1]!.modelHash);
    timings.filterModelRenderMs = await rendered(page, () => page.selectOption("#filter-model", compromised));
    const want = await check({ ...noFilter, model: compromised }, "model filter");
    expect(want.tokens.filter((t) => t.flags.includes("model-ended-after-mint"))).to.have.length(beforeCompromise);
    const exported = JSON.parse(await download(page, "#export-json")) as ConsoleView;
    for (const k of ["tokens", "models", "datasets", "licensors", "series", "flags"] as const)
      expect(exported[k], k).to.deep.equal(want[k]);
    await page.selectOption("#filter-model", "");
    timings.filterFlagRenderMs = await rendered(page, () => page.selectOption("#filter-flag", "unregistered-model"));
    const forged = await check({ ...noFilter, flag: "unregistered-model" }, "flag filter");
    expect(forged.tokens.map((t) => t.tokenId)).to.have.members([...forgedIds]);
    await page.selectOption("#filter-flag", "");
    const needle = ids[1234]!.slice(0, 6);
    timings.filterTextRenderMs = await rendered(page, () => page.fill("#filter-text", needle));
    await check({ ...noFilter, text: needle }, "text filter");
    await page.fill("#filter-text", "");
    timings.noFilterRenderMs = Number(await page.getAttribute("body", "data-render-ms"));
    const all = JSON.parse(await download(page, "#export-json")) as ConsoleView;
    expect(all.tokens).to.deep.equal(expected.tokens);
    expect(all.flags).to.deep.equal(expected.flags);

    expect(errors, "page errors").to.deep.equal([]);
    expect(afterLoad, "requests other than the chain's after the page was loaded").to.deep.equal([]);
    await page.close();
  });
});

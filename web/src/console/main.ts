// The oversight console's DOM: the deployment and the files (recognised by content), the scan in a worker
// (worker.ts) with its progress, then the overview: totals, filters, flags, mints over time per model and per
// dataset (Chart.js), the tables per model / dataset / licensor and every token with its decoded audit record
// and its bundle's verification. The numbers are verifier/oversight's (scanHistory in the worker, summarize
// here for a filter): the page computes none of its own. Keys live only in the `keys` variable below.
// Thousands of tokens: the token table shows one page of rows at a time (the pager below it), the flag list
// its first FLAG_LIMIT items; the worker is started with the page, so a scan needs nothing but the chain.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { getAddress } from "ethers";
import { RIGHTS } from "../../../core/domain.ts";
import { BUNDLE_FORMAT, parseBundle, type ProofBundle } from "../../../core/formats/bundle.ts";
import { parseCommittee, parsePartials } from "../../../verifier/committee/threshold.ts";
import type { CommitteeFile, PartialsMessage } from "../../../verifier/committee/messages.ts";
import { parseRegulatorKey, type RegulatorKey } from "../../../verifier/regulator-key.ts";
import { parseSnapshot, SNAPSHOT_FORMAT, type RegistrySnapshot } from "../../../core/formats/snapshot.ts";
import {
  type OversightFlag,
  type OversightReport,
  type ScannedToken,
  type SummaryContext,
} from "../../../verifier/oversight/scan.ts";
import { bundleLinkFragment } from "../link.ts";
import { errorText, loadVerificationKeys, verifyInPage, type LoadedKey } from "../verify.ts";
import type { ScanKey, ScanReply, ScanRequest } from "./protocol.ts";
import { csvOf, licensorsCsvOf, viewOf, type ConsoleView, type Filters } from "./view.ts";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};
const input = (id: string) => $<HTMLInputElement>(id);

/** The loaded files: what each is (or why it was refused). */
const loaded: { name: string; what: string }[] = [];
/** The keys: the regulator key, or the committee and its partials (raw until the committee is known). */
const keys: { regulator?: RegulatorKey; committee?: CommitteeFile; partials: { name: string; value: unknown }[] } = {
  partials: [],
};
const snapshots: { file: string; snapshot: RegistrySnapshot }[] = [];
/** Bundles by the asset hash they prove (a token's id is its asset hash). */
const bundles = new Map<string, { file: string; bundle: ProofBundle; value: unknown }>();
/** Each bundle's verification against the chain, by asset hash. */
const verdicts = new Map<string, { valid: boolean; text: string }>();
let vkeys: Record<string, LoadedKey> = {};
let worker: Worker | undefined;
/** The token table's page (0-based) and rows per page. */
let tokenPage = 0;
let pageSize = 100;
/** Flags listed at most; the rest are counted (the token table's Flags filter lists their tokens). */
const FLAG_LIMIT = 100;
let scanned: { report: OversightReport; ctx: SummaryContext } | undefined;
let view: ConsoleView | undefined;
const charts: Partial<Record<"models" | "datasets", Chart>> = {};

/** A hash, address or token id shortened for a cell (the whole value is its title); other text as it is. */
const short = (h: string) =>
  /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(h) && h.length > 14 ? `${h.slice(0, 8)}…${h.slice(-4)}` : h;
const when = (t: number | null) => (t ? new Date(t * 1000).toISOString().replace(".000Z", "Z") : "–");
const rightsText = (r: number | null) =>
  r === null
    ? "–"
    : Object.entries(RIGHTS)
        .filter(([, bit]) => (r & bit) !== 0)
        .map(([n]) => n.toLowerCase().replace(/_/g, " "))
        .join(", ") || "none";

function cell(tr: HTMLTableRowElement, text: string, o: { title?: string; cls?: string; header?: boolean } = {}) {
  const td = document.createElement(o.header ? "th" : "td");
  if (o.header) td.setAttribute("scope", "row");
  td.textContent = text;
  if (o.title) td.title = o.title;
  if (o.cls) td.className = o.cls;
  tr.append(td);
  return td;
}

function showError(message: string | undefined): void {
  const el = $("load-error");
  el.hidden = !message;
  el.textContent = message ?? "";
}

function renderLoaded(): void {
  const ul = $("loaded-files");
  ul.replaceChildren(
    ...loaded.map((f) => {
      const li = document.createElement("li");
      const b = document.createElement("strong");
      b.textContent = f.name;
      li.append(b, `: ${f.what}`);
      return li;
    }),
  );
  $<HTMLButtonElement>("scan-button").disabled = false;
  $<HTMLButtonElement>("forget-keys").disabled = !keys.regulator && !keys.committee && !keys.partials.length;
}

/** Take one file: recognised by its `format`; a file the console cannot use is refused with its name. */
function take(name: string, text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name} is not JSON (${(e as Error).message}): the console reads zkprov JSON files only`);
  }
  const format = (value as { format?: unknown } | null)?.format;
  switch (format) {
    case "zkprov-key": {
      keys.regulator = parseRegulatorKey(value, name);
      return "regulator key (kept in memory only)";
    }
    case "zkprov-committee": {
      keys.committee = parseCommittee(value, name);
      for (const p of keys.partials) parsePartials(p.value, p.name, keys.committee);
      return `committee, ${keys.committee.threshold} of ${keys.committee.members.length} members`;
    }
    case "zkprov-audit-partials": {
      if (keys.committee) parsePartials(value, name, keys.committee);
      const m = (value as { member?: unknown; records?: unknown[] }).member;
      keys.partials.push({ name, value });
      return `partial decryptions of member ${String(m)}`;
    }
    case "zkprov-committee-share":
      throw new Error(
        `${name} is a member's secret share: the console never takes a share, load the member's partials file instead (zkprov audit partial)`,
      );
    case SNAPSHOT_FORMAT: {
      const s = parseSnapshot(value, name);
      snapshots.push({ file: name, snapshot: s });
      return `${s.tree} registry snapshot, ${s.leaves.length} entries, ${s.names.size} names`;
    }
    case BUNDLE_FORMAT: {
      const b = parseBundle(value);
      if (b.circuit !== "provenance")
        throw new Error(`${name} is a ${b.circuit} proof bundle: only provenance bundles belong to a minted token`);
      bundles.set(b.assetHash, { file: name, bundle: b, value });
      verdicts.delete(b.assetHash);
      return "provenance proof bundle";
    }
    default:
      throw new Error(
        `${name} is not a file the console reads (format ${JSON.stringify(format ?? null)}): it takes a regulator key, a committee file, partials, registry snapshots and proof bundles`,
      );
  }
}

async function takeFiles(files: File[]): Promise<void> {
  const errors: string[] = [];
  for (const f of files) {
    try {
      const what = take(f.name, await f.text());
      loaded.push({ name: f.name, what });
    } catch (e) {
      const text = errorText(e);
      errors.push(text.includes(f.name) ? text : `${f.name}: ${text}`);
    }
  }
  showError(errors.length ? errors.join("\n") : undefined);
  renderLoaded();
  if (scanned) {
    await verifyBundles();
    render();
  }
}

/** The names the loaded snapshots give: model hashes from model snapshots, dataset hashes from license ones. */
function names(): { models: Record<string, string>; datasets: Record<string, string> } {
  const out = { models: {} as Record<string, string>, datasets: {} as Record<string, string> };
  for (const { snapshot } of snapshots)
    for (const [h, n] of snapshot.names) (snapshot.tree === "model" ? out.models : out.datasets)[h.toString()] = n;
  return out;
}

/** The deployment form, checked: every bad field named. */
function deployment(): Omit<ScanRequest, "type" | "key" | "names"> {
  const rpc = input("rpc-url").value.trim();
  if (!/^https?:\/\/[^\s]+$/.test(rpc)) throw new Error(`RPC URL: "${rpc}" is not an http(s) URL`);
  const address = (id: string, what: string) => {
    const v = input(id).value.trim();
    try {
      return getAddress(v);
    } catch {
      throw new Error(`${what}: "${v}" is not an address`);
    }
  };
  const block = (id: string, what: string, optional: boolean) => {
    const v = input(id).value.trim();
    if (optional && v === "") return undefined;
    if (!/^(0|[1-9][0-9]{0,15})$/.test(v)) throw new Error(`${what}: "${v}" is not a block number`);
    return Number(v);
  };
  const idle = input("idle-days").value.trim();
  if (!/^[0-9]{1,5}$/.test(idle)) throw new Error(`idle days: "${idle}" is not a number of days`);
  const fromBlock = block("from-block", "from block", false)!;
  const toBlock = block("to-block", "to block", true);
  if (toBlock !== undefined && toBlock < fromBlock)
    throw new Error(`the block range is empty: from ${fromBlock} to ${toBlock}`);
  return {
    rpc,
    registry: address("registry-address", "Registry address"),
    mintGate: address("mint-gate-address", "MintGate address"),
    fromBlock,
    ...(toBlock !== undefined ? { toBlock } : {}),
    idleSeconds: Number(idle) * 86_400,
  };
}

function scanKey(): ScanKey {
  if (keys.regulator && keys.committee)
    throw new Error("both a regulator key and a committee are loaded: forget the keys and load one of them");
  if (keys.regulator)
    return { kind: "regulator-key", secret: keys.regulator.secret, publicKey: keys.regulator.publicKey };
  if (keys.committee) {
    if (!keys.partials.length)
      throw new Error("the committee is loaded but no partials file: load the members' partials");
    const partials: PartialsMessage[] = keys.partials.map((p) => parsePartials(p.value, p.name, keys.committee!));
    return { kind: "committee", committee: keys.committee, partials };
  }
  if (keys.partials.length) throw new Error("partials are loaded but not the committee file they belong to");
  return { kind: "none" };
}

function setProgress(label: string, value: number | null): void {
  $("progress-box").hidden = false;
  $("progress-label").textContent = label;
  const p = $<HTMLProgressElement>("progress");
  if (value === null) p.removeAttribute("value");
  else p.value = value;
}

function scan(): void {
  showError(undefined);
  let request: ScanRequest;
  try {
    request = { type: "scan", ...deployment(), names: names(), key: scanKey() };
  } catch (e) {
    showError(errorText(e));
    return;
  }
  const w = worker ?? startWorker();
  w.onmessage = null;
  document.body.dataset.scan = "running";
  $<HTMLButtonElement>("scan-button").disabled = true;
  $("scan-status").textContent = "Scanning…";
  setProgress("Reading events…", 0);
  w.onmessage = (e: MessageEvent<ScanReply>) => {
    const m = e.data;
    if (m.type === "ready") return;
    if (m.type === "progress") {
      if (m.phase === "reading") setProgress(`Reading events: ${m.done} of ${m.total} blocks`, m.done / m.total);
      else setProgress(`Decrypting audit records: ${m.done} of ${m.tokens}`, m.tokens ? m.done / m.tokens : null);
      return;
    }
    w.onmessage = null;
    $<HTMLButtonElement>("scan-button").disabled = false;
    $("progress-box").hidden = true;
    if (m.type === "error") {
      document.body.dataset.scan = "error";
      $("scan-status").textContent = `The scan failed: ${m.message}`;
      $("scan-status").className = "verdict fail";
      return;
    }
    scanned = {
      report: m.report,
      ctx: { models: m.models, names: names(), time: (b) => m.blockTimes.get(b) ?? 0 },
    };
    const t = m.report.totals;
    $("scan-status").textContent =
      `Blocks ${m.report.fromBlock} to ${m.report.toBlock} of chain ${m.report.chainId}: ${t.tokens} tokens, ${t.decrypted} decrypted, ${t.flagged} flagged (events read in ${(m.ms.read / 1000).toFixed(1)} s, scanned in ${(m.ms.scan / 1000).toFixed(1)} s).`;
    $("scan-status").className = `verdict ${t.flagged ? "partial" : "pass"}`;
    fillFilters();
    tokenPage = 0;
    void verifyBundles().then(() => {
      render();
      $("overview").hidden = false;
      document.body.dataset.scan = "done";
    });
  };
  w.postMessage(request);
}

/**
 * The scan's worker, started with the page (so that a scan fetches nothing from the page's server: the
 * console works offline once loaded) and again after "Forget the keys" ends a running scan.
 */
function startWorker(): Worker {
  const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  w.addEventListener("message", (e: MessageEvent<ScanReply>) => {
    if (e.data.type === "ready" && worker === w) document.body.dataset.worker = "ready";
  });
  w.addEventListener("error", (e) => {
    if (worker === w) worker = undefined;
    document.body.dataset.scan = "error";
    $("scan-status").textContent = `The scan's worker failed: ${e.message}`;
    $("scan-status").className = "verdict fail";
    $<HTMLButtonElement>("scan-button").disabled = false;
  });
  worker = w;
  document.body.dataset.worker = "starting";
  return w;
}

/** Verify each loaded bundle that belongs to a scanned token, against the chain scanned. */
async function verifyBundles(): Promise<void> {
  if (!scanned) return;
  const ids = new Set(scanned.report.tokens.map((t) => t.tokenId));
  const rpcUrl = input("rpc-url").value.trim();
  const registry = input("registry-address").value.trim();
  for (const [id, { bundle }] of bundles) {
    if (!ids.has(id) || verdicts.has(id)) continue;
    try {
      const r = await verifyInPage({
        bundle,
        keys: vkeys,
        snapshots,
        chain: { rpcUrl, registry },
        window: 3600n,
        now: BigInt(Math.floor(Date.now() / 1000)),
      });
      const failed = r.checks.filter((c) => c.status === "fail").map((c) => `${c.name}: ${c.reason}`);
      verdicts.set(id, { valid: r.valid, text: r.valid ? "✓ valid" : `✗ ${failed.join("; ") || r.verdict}` });
    } catch (e) {
      verdicts.set(id, { valid: false, text: `✗ ${errorText(e)}` });
    }
  }
}

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = label;
  return o;
}

function fillFilters(): void {
  const r = scanned!.report;
  $("filter-model").replaceChildren(
    option("", "All models"),
    ...r.models.map((m) => option(m.modelHash, m.name ?? short(m.modelHash))),
  );
  $("filter-dataset").replaceChildren(
    option("", "All datasets"),
    ...r.datasets.map((d) => option(d.datasetHash, d.name ?? short(d.datasetHash))),
  );
}

function filters(): Filters {
  return {
    model: $<HTMLSelectElement>("filter-model").value,
    dataset: $<HTMLSelectElement>("filter-dataset").value,
    flag: $<HTMLSelectElement>("filter-flag").value as Filters["flag"],
    text: input("filter-text").value.trim(),
  };
}

const PALETTE = ["#1a57c9", "#c2410c", "#0a6b2d", "#7c3aed", "#a4161a", "#0e7490", "#7a4d00", "#be185d"];

function drawChart(which: "models" | "datasets", series: Record<string, number[]>, label: (k: string) => string) {
  const canvas = $<HTMLCanvasElement>(`chart-${which}`);
  const labels = view!.series.buckets.map((b) =>
    when(b)
      .replace(/:00:00Z$/, "h")
      .replace("T", " "),
  );
  const keys = Object.keys(series);
  const datasets = Object.entries(series).map(([k, counts], i) => ({
    label: label(k),
    data: counts,
    backgroundColor: PALETTE[i % PALETTE.length],
    stack: "mints",
  }));
  canvas.setAttribute(
    "aria-label",
    `Mints per ${view!.series.bucketSeconds === 3600 ? "hour" : "day"} ${which === "models" ? "per model" : "per dataset"}: ${datasets.map((d) => `${d.label} ${d.data.reduce((a, b) => a + b, 0)}`).join(", ") || "none"}`,
  );
  charts[which]?.destroy();
  charts[which] = new Chart(canvas, {
    type: "bar",
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
  // What the chart holds, for a test or a script to read: the number of buckets and each series' counts.
  canvas.dataset.series = JSON.stringify({
    labels: charts[which].data.labels?.length ?? 0,
    series: charts[which].data.datasets.map((d, i) => ({ key: keys[i], data: d.data })),
  });
}

function tbody(id: string): HTMLTableSectionElement {
  return $(id).querySelector("tbody")!;
}

function flagText(kind: OversightFlag["kind"]): string {
  return {
    "model-ended-after-mint": "model ended after the mint",
    "license-ended-after-mint": "license ended after the mint",
    undecryptable: "does not decrypt",
    "unregistered-model": "names no registered model",
    "model-idle": "model idle",
  }[kind];
}

function render(): void {
  if (!scanned) return;
  const t0 = performance.now();
  const f = filters();
  view = viewOf(scanned.report, scanned.ctx, f, new Map([...verdicts].map(([id, v]) => [id, v.text])));
  const r = scanned.report;
  const t = r.totals;
  const totals: [string, string][] = [
    ["Tokens", String(t.tokens)],
    ["Decrypted", String(t.decrypted)],
    ["Flagged", String(t.flagged)],
    ["Models", String(t.models)],
    ["Datasets", String(t.datasets)],
    ["Licensors", String(t.licensors)],
    ["Decrypted with", r.decryptedWith],
    ["Blocks", `${r.fromBlock} to ${r.toBlock}`],
  ];
  $("totals").replaceChildren(
    ...totals.flatMap(([k, v]) => {
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = v;
      dd.dataset.total = k.toLowerCase().replace(/ /g, "-");
      return [dt, dd];
    }),
  );
  $("shown").textContent = `Showing ${view.tokens.length} of ${t.tokens} tokens.`;
  const modelName = (h: string) => r.models.find((m) => m.modelHash === h)?.name ?? short(h);
  const datasetName = (h: string) => r.datasets.find((d) => d.datasetHash === h)?.name ?? short(h);

  const listed = view.flags.slice(0, FLAG_LIMIT);
  $("flags").replaceChildren(
    ...(listed.length ? listed : [undefined]).map((fl) => {
      const li = document.createElement("li");
      if (!fl) li.textContent = "No flag among the tokens shown.";
      else {
        li.dataset.flag = fl.kind;
        const b = document.createElement("strong");
        b.textContent = `⚑ ${flagText(fl.kind)}`;
        li.append(b, `: ${fl.detail}`);
      }
      return li;
    }),
  );
  if (view.flags.length > listed.length) {
    const li = document.createElement("li");
    li.id = "flags-more";
    li.textContent = `… and ${view.flags.length - listed.length} more flags (${view.flags.length} in all): choose a kind of flag in the Flags filter to list its tokens below, or export the view.`;
    $("flags").append(li);
  }

  drawChart("models", view.series.models, modelName);
  drawChart("datasets", view.series.datasets, datasetName);

  tbody("models-table").replaceChildren(
    ...view.models.map((m) => {
      const tr = document.createElement("tr");
      tr.dataset.model = m.modelHash;
      cell(tr, m.name ?? short(m.modelHash), { header: true, title: m.modelHash });
      cell(tr, m.status, { cls: m.status === "live" ? "pass" : "fail" });
      cell(tr, rightsText(m.rights));
      cell(tr, String(m.mints), { cls: "num" });
      cell(tr, String(m.datasets), { cls: "num" });
      cell(tr, when(m.firstMint));
      cell(tr, when(m.lastMint));
      return tr;
    }),
  );
  tbody("datasets-table").replaceChildren(
    ...view.datasets.map((d) => {
      const tr = document.createElement("tr");
      tr.dataset.dataset = d.datasetHash;
      cell(tr, d.name ?? short(d.datasetHash), { header: true, title: d.datasetHash });
      cell(tr, String(d.mints), { cls: "num" });
      cell(tr, d.models.map(modelName).join(", "));
      cell(tr, d.grantedRights.map(rightsText).join(" | "));
      cell(tr, d.royaltyBps.join(", "), { cls: "num" });
      return tr;
    }),
  );
  tbody("licensors-table").replaceChildren(
    ...view.licensors.map((l) => {
      const tr = document.createElement("tr");
      tr.dataset.licensor = l.licensor ?? "";
      cell(tr, l.licensor ? short(l.licensor) : "(not described on chain)", { header: true, title: l.licensor ?? "" });
      cell(tr, String(l.mints), { cls: "num" });
      cell(tr, `${l.licenses.length}: ${l.licenses.map(short).join(", ")}`, { title: l.licenses.join("\n") });
      cell(tr, l.grantedRights.map(rightsText).join(" | "));
      cell(tr, l.royaltyBps.join(", "), { cls: "num" });
      return tr;
    }),
  );
  renderTokens();
  document.body.dataset.renderMs = String(Math.round(performance.now() - t0));
}

/** One page of the token table, and the pager under it. */
function renderTokens(): void {
  const t0 = performance.now();
  const all = view!.tokens;
  const pages = Math.max(1, Math.ceil(all.length / pageSize));
  tokenPage = Math.min(Math.max(0, tokenPage), pages - 1);
  const start = tokenPage * pageSize;
  const rows = all.slice(start, start + pageSize);
  tbody("tokens-table").replaceChildren(...rows.map(tokenRow));
  const n = (x: number) => x.toLocaleString("en");
  const status = $("tokens-page");
  status.textContent = all.length
    ? `Tokens ${n(start + 1)} to ${n(start + rows.length)} of ${n(all.length)} (page ${n(tokenPage + 1)} of ${n(pages)})`
    : "No token kept by the filters.";
  status.dataset.page = String(tokenPage + 1);
  status.dataset.pages = String(pages);
  $<HTMLButtonElement>("page-first").disabled = $<HTMLButtonElement>("page-prev").disabled = tokenPage === 0;
  $<HTMLButtonElement>("page-next").disabled = $<HTMLButtonElement>("page-last").disabled = tokenPage >= pages - 1;
  // How long the rows took (render() sets data-render-ms for the whole view): for a test or a person to read.
  document.body.dataset.rowsMs = String(Math.round(performance.now() - t0));
}

function goToPage(p: number): void {
  tokenPage = p;
  if (view) renderTokens();
}

function tokenRow(t: ScannedToken): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.dataset.token = t.tokenId;
  cell(tr, short(t.tokenId), { header: true, title: t.tokenId });
  cell(tr, String(t.block), { cls: "num", title: t.transaction });
  cell(tr, when(t.time));
  cell(tr, short(t.to), { title: t.to });
  if (t.audit) {
    cell(tr, t.modelName ?? short(t.audit.modelHash!), { title: t.audit.modelHash! });
    cell(tr, t.datasetName ?? short(t.audit.datasetHash!), { title: t.audit.datasetHash! });
    cell(tr, short(t.audit.creatorCommit!), { title: t.audit.creatorCommit! });
  } else {
    const td = cell(tr, "not decrypted", { cls: "fail" });
    td.colSpan = 3;
  }
  cell(tr, rightsText(t.grantedRights));
  cell(tr, String(t.licensorBps), { cls: "num" });
  cell(tr, t.flags.map(flagText).join(", ") || "–", { cls: t.flags.length ? "fail" : "" });
  const b = bundles.get(t.tokenId);
  const v = verdicts.get(t.tokenId);
  const td = cell(tr, b ? (v?.text ?? "verifying…") : "not loaded", {
    cls: v ? (v.valid ? "pass" : "fail") : "",
    title: b ? b.file : "load its bundle.json to verify it here",
  });
  td.dataset.bundle = v ? (v.valid ? "valid" : "invalid") : b ? "pending" : "none";
  if (b) {
    // The bundle opened on the verification page: the link holds the bundle and the chain, never a key.
    const a = document.createElement("a");
    a.href = `./index.html${bundleLinkFragment({
      bundle: b.value,
      registry: input("registry-address").value.trim(),
      rpcUrl: input("rpc-url").value.trim(),
    })}`;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.className = "verify-link";
    a.textContent = "open";
    a.setAttribute("aria-label", `Open the bundle of token ${short(t.tokenId)} on the verification page`);
    td.append(" ", a);
  }
  return tr;
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function exportName(ext: string, what?: string): string {
  const r = scanned!.report;
  return `zkprov-oversight-${r.chainId}-${r.fromBlock}-${r.toBlock}${what ? `-${what}` : ""}.${ext}`;
}

function forget(): void {
  if (document.body.dataset.scan === "running") {
    worker?.terminate(); // a scan under way holds the key: end it
    startWorker();
    $<HTMLButtonElement>("scan-button").disabled = false;
  }
  keys.regulator = undefined;
  keys.committee = undefined;
  keys.partials = [];
  scanned = undefined;
  view = undefined;
  for (const c of Object.values(charts)) c?.destroy();
  for (let i = loaded.length - 1; i >= 0; i--)
    if (/regulator key|committee|partial/.test(loaded[i]!.what)) loaded.splice(i, 1);
  $("overview").hidden = true;
  $("progress-box").hidden = true;
  $("scan-status").textContent = "Keys forgotten, and the decrypted records with them. Not scanned.";
  $("scan-status").className = "verdict";
  document.body.dataset.scan = "forgotten";
  renderLoaded();
}

function wire(): void {
  input("files").addEventListener("change", () => {
    const files = [...(input("files").files ?? [])];
    input("files").value = "";
    void takeFiles(files);
  });
  const zone = $("drop-zone");
  for (const target of [document.body, zone]) {
    target.addEventListener("dragover", (e) => {
      e.preventDefault();
      zone.classList.add("over");
    });
    target.addEventListener("dragleave", () => zone.classList.remove("over"));
    target.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      void takeFiles([...(e.dataTransfer?.files ?? [])]);
    });
  }
  $("scan-button").addEventListener("click", scan);
  $("forget-keys").addEventListener("click", forget);
  const refilter = () => {
    tokenPage = 0;
    render();
  };
  for (const id of ["filter-model", "filter-dataset", "filter-flag"]) $(id).addEventListener("change", refilter);
  input("filter-text").addEventListener("input", refilter);
  $("page-size").addEventListener("change", () => {
    const first = tokenPage * pageSize;
    pageSize = Number($<HTMLSelectElement>("page-size").value);
    goToPage(Math.floor(first / pageSize));
  });
  $("page-first").addEventListener("click", () => goToPage(0));
  $("page-prev").addEventListener("click", () => goToPage(tokenPage - 1));
  $("page-next").addEventListener("click", () => goToPage(tokenPage + 1));
  $("page-last").addEventListener("click", () => goToPage(Number.MAX_SAFE_INTEGER));
  $("export-csv").addEventListener("click", () => download(exportName("csv"), "text/csv", csvOf(view!)));
  $("export-licensors-csv").addEventListener("click", () =>
    download(exportName("csv", "licensors"), "text/csv", licensorsCsvOf(view!)),
  );
  $("export-json").addEventListener("click", () =>
    download(exportName("json"), "application/json", JSON.stringify(view, null, 2) + "\n"),
  );
}

async function start(): Promise<void> {
  wire();
  startWorker();
  renderLoaded();
  vkeys = await loadVerificationKeys();
  document.body.dataset.ready = "true";
}

void start();

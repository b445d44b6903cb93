// The verification page's DOM: file loading (pick or drop, recognised by content), the result table, the
// audit record and the report. The verification itself is in verify.ts; the regulator key lives only in
// the `regulatorKey` variable below (never stored, never sent).
import { getAddress } from "ethers";
import { createAssetHasher } from "../../core/asset.ts";
import { VERDICTS } from "../../verifier/bundle.ts";
import { assetContentBytes, c2paMediaTypeOf } from "../../verifier/c2pa/content.ts";
import { parseZkprovAssertion } from "../../core/formats/c2pa-assertion.ts";
import { readContentCredentials } from "../../verifier/c2pa/read.ts";
import { sha256Hex } from "../../core/sha256.ts";
import { parseRegulatorKey, type RegulatorKey } from "../../verifier/regulator-key.ts";
import { readBundleLink } from "./link.ts";
import {
  PINS,
  auditInPage,
  errorText,
  formatTime,
  loadVerificationKeys,
  verifyInPage,
  type AuditField,
  type LoadedKey,
  type PageCheck,
  type VerificationResult,
} from "./verify.ts";
import { BUNDLE_FORMAT, parseBundle, type ProofBundle } from "../../core/formats/bundle.ts";
import { KEY_FORMAT } from "../../core/formats/key.ts";
import { REPORT_FORMAT, REPORT_VERSION, reportFormat } from "../../core/formats/report.ts";
import { parseSnapshot, SNAPSHOT_FORMAT, type RegistrySnapshot } from "../../core/formats/snapshot.ts";

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

/** Plain-language title and meaning of each check. */
const CHECKS: Record<PageCheck["name"], { title: string; meaning: string }> = {
  "verification key": {
    title: "Made for the published circuit",
    meaning: "The bundle names the verification key published for this kind of proof.",
  },
  "named signals": {
    title: "Readable values match the proof",
    meaning: "The values shown by name are the ones the proof is about.",
  },
  proof: { title: "The proof is valid", meaning: "The zero-knowledge proof checks out mathematically." },
  asset: { title: "About this asset", meaning: "The asset hash in the bundle is the one the proof covers." },
  roots: {
    title: "Registries are known",
    meaning: "The model and license registries the proof relies on are real registry states.",
  },
  "proof time": { title: "Made at an acceptable time", meaning: "When the proof was made, compared with its use." },
  "attestation age": {
    title: "Attestation recent enough",
    meaning: "How old the model's attestation may have been when proven, as the mint gate requires.",
  },
  rights: { title: "Rights granted", meaning: "The rights the license grants cover what the proof needs." },
  "asset file": { title: "Asset file matches", meaning: "The file you loaded is the asset the proof is about." },
  "audit record": { title: "Audit record", meaning: "The encrypted record, opened with your key." },
  "content credentials": { title: "Content Credentials", meaning: "The image carries a C2PA manifest." },
  "hard binding": {
    title: "Image unchanged",
    meaning: "The manifest's hard binding (c2pa.hash.data) matches the image's bytes.",
  },
  manifest: { title: "Manifest intact", meaning: "Every assertion is the one the signed claim lists." },
  "claim signature": {
    title: "Claim signed",
    meaning: "The C2PA claim's signature verifies (its signer is shown apart).",
  },
  "zkprov assertion": { title: "zkprov proof embedded", meaning: "The manifest carries an unaltered zkprov proof." },
  "asset binding": { title: "Proof is for this image", meaning: "The embedded proof covers this image's bytes." },
  "training-mining": {
    title: "Training terms match",
    meaning: "The CAWG training-and-data-mining terms are the proven rights.",
  },
};
const STATUS = { pass: "✓ Pass", fail: "✗ Fail", skipped: "– Not checked" } as const;

/** What a failed check means, for the verdict line. */
const FAILED: Record<PageCheck["name"], string> = {
  "verification key": "not made for the published verification key",
  "named signals": "the readable values were edited",
  proof: "the proof does not check out",
  asset: "the asset hash differs from the proven one",
  roots: "the registries it relies on are unknown",
  "proof time": "made outside the allowed time",
  "attestation age": "proven for another attestation age than the mint gate requires",
  rights: "the required rights are not granted",
  "asset file": "the asset file is not the proven asset",
  "audit record": "the audit record cannot be opened with the loaded key",
  "content credentials": "the image carries no Content Credentials",
  "hard binding": "the image was changed after its manifest was signed, or the manifest comes from another file",
  manifest: "the manifest was altered",
  "claim signature": "the C2PA claim's signature does not verify",
  "zkprov assertion": "the embedded zkprov proof was altered",
  "asset binding": "the embedded proof was made for another image",
  "training-mining": "the stated training terms are not the proven rights",
};

/** A plain-language sentence for the checks whose library reason is technical (shown as the detail). */
function plain(c: PageCheck): string | undefined {
  const says: Partial<Record<PageCheck["name"], Partial<Record<PageCheck["status"], string>>>> = {
    "verification key": {
      pass: "The proof was made for the published circuit and its verification key.",
      fail: "The proof was made for another verification key than the published one, so it proves nothing here.",
    },
    "named signals": {
      pass: "The readable values in the bundle are the ones the proof covers.",
      fail: "The readable values in the bundle differ from what the proof covers: the bundle was edited.",
    },
    proof: {
      pass: "The proof checks out mathematically.",
      fail: "The proof does not check out: the bundle was altered after proving, or the proof is forged.",
    },
    asset: {
      pass: "The asset hash in the bundle is the one the proof covers.",
      fail: "The bundle names another asset than the one the proof covers.",
    },
    roots: {
      pass: "The model and license registry states the proof relies on are known.",
      fail: "The proof relies on registry states that are neither in the loaded snapshots nor on the chain: its model or license may not be registered there.",
      skipped:
        "Not checked: load the registry snapshots, or give a chain, to check the registries. Until then the proof verifies, but its registry membership is not checked: it is not valid.",
    },
  };
  if (c.name === "roots" && c.status === "skipped" && !c.reason.startsWith("not checked: no registry"))
    return c.reason.startsWith("does not apply")
      ? "Does not apply: this kind of proof relies on no registry."
      : "Not checked: the proof does not verify, so no valid proof stands behind the registry states it names.";
  if (c.name === "verification key" && c.status === "fail" && !c.reason.startsWith("the bundle is for key"))
    return "The verification key that came with this page is not the published one, so proofs of this kind cannot be checked here. Open the page from a trusted copy.";
  return says[c.name]?.[c.status];
}

// ------------------------------------------------------------------------------------------------ state
let keys: Record<string, LoadedKey> = {};
let bundle: { file: string; value: unknown } | undefined;
let asset: { name: string; sha256: string } | undefined;
let credentials: { name: string; bytes: Uint8Array } | undefined; // an image whose manifest carries the bundle
const snapshots: { file: string; snapshot: RegistrySnapshot }[] = [];
let regulatorKey: RegulatorKey | undefined; // page memory only
let result: VerificationResult | undefined;
let audit: { ok: true; fields: AuditField[] } | { ok: false; reason: string } | undefined;
let running = 0;

const hex = (decimal: string) => "0x" + BigInt(decimal).toString(16).padStart(64, "0");

function el(tag: string, text?: string, cls?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function showLoadError(message: string | undefined): void {
  const p = $("load-error");
  p.hidden = !message;
  p.textContent = message ?? "";
}

function renderLoaded(): void {
  const ul = $("loaded-files");
  ul.replaceChildren();
  const add = (what: string, name: string) => {
    const li = el("li");
    li.append(el("span", `${what}: `, "what"), el("span", name, "name"));
    ul.append(li);
  };
  if (bundle) add("Proof bundle", bundle.file);
  if (asset) add("Asset file", asset.name);
  for (const s of snapshots)
    add(
      `Registry snapshot (${s.snapshot.tree})`,
      `${s.file}: ${s.snapshot.leaves.length} entries, ${s.snapshot.names.size} named`,
    );
  if (regulatorKey) add("Regulator key", "loaded in memory");
}

// ------------------------------------------------------------------------------------------------ files
async function readHead(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, 8).arrayBuffer());
}

async function readFile(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/** Documents (bundles, snapshots, keys) are small; a larger file can only be an asset, and is never read whole. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** SHA-256 of a file read as a stream, chunk by chunk, in constant memory (assets may be large videos). */
async function sha256OfFile(file: File): Promise<string> {
  const hasher = createAssetHasher();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hasher.update(value);
  }
  return hasher.digest().sha256;
}

function asJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

type Slot = "bundle" | "asset" | "snapshot" | "key" | "any";

/** Take one file: recognised by its content (`format` field), or as the slot it was chosen for. */
async function takeFile(file: File, slot: Slot): Promise<void> {
  // A JPEG or PNG with Content Credentials carrying a zkprov proof is both the bundle and the asset.
  if ((slot === "any" || slot === "asset" || slot === "bundle") && c2paMediaTypeOf(await readHead(file))) {
    const bytes = await readFile(file);
    const cc = await readContentCredentials(bytes, file.name);
    if (cc?.zkprov !== undefined) {
      bundle = { file: file.name, value: parseZkprovAssertion(cc.zkprov).bundle };
      credentials = { name: file.name, bytes };
      asset = { name: `${file.name} (its bytes without the manifest)`, sha256: sha256Hex(assetContentBytes(bytes)) };
      audit = undefined;
      return;
    }
    if (slot === "bundle")
      throw new Error(
        `${file.name} carries no Content Credentials with a zkprov proof: the credentials were stripped or never embedded`,
      );
  }
  if (slot === "asset" || file.size > MAX_DOCUMENT_BYTES) {
    if (slot !== "asset" && slot !== "any")
      throw new Error(`${file.name} is ${file.size} bytes: too large for a ${slot} document, so not one`);
    asset = { name: file.name, sha256: await sha256OfFile(file) };
    return;
  }
  const bytes = await readFile(file);
  const json = asJson(bytes);
  const format = (json as { format?: unknown } | undefined)?.format;
  if (slot === "any" && format === undefined) {
    asset = { name: file.name, sha256: await sha256OfFile(file) };
    return;
  }
  if (format === BUNDLE_FORMAT || (slot === "bundle" && format !== KEY_FORMAT)) {
    if (json === undefined) throw new Error(`${file.name} is not a JSON file, so not a proof bundle`);
    try {
      parseBundle(json);
    } catch (e) {
      throw new Error(`${file.name} is not a proof bundle: ${errorText(e)}`, { cause: e });
    }
    bundle = { file: file.name, value: json };
    credentials = undefined;
    audit = undefined;
    return;
  }
  if (format === SNAPSHOT_FORMAT || slot === "snapshot") {
    const snapshot = parseSnapshot(json, file.name);
    const same = snapshots.findIndex((s) => s.file === file.name);
    if (same >= 0) snapshots.splice(same, 1);
    snapshots.push({ file: file.name, snapshot });
    return;
  }
  if (format === KEY_FORMAT || slot === "key") {
    regulatorKey = parseRegulatorKey(json, file.name);
    audit = undefined;
    return;
  }
  asset = { name: file.name, sha256: await sha256OfFile(file) };
}

async function takeFiles(files: Iterable<File>, slot: Slot): Promise<void> {
  showLoadError(undefined);
  const errors: string[] = [];
  for (const f of files) {
    try {
      await takeFile(f, slot);
    } catch (e) {
      errors.push(errorText(e));
    }
  }
  if (errors.length) showLoadError(errors.join(" "));
  renderLoaded();
  ($("verify-button") as HTMLButtonElement).disabled = !bundle;
  ($("forget-key") as HTMLButtonElement).disabled = !regulatorKey;
  if (bundle) await run();
  else renderAudit();
}

// ------------------------------------------------------------------------------------------------ verify
function timeWindow(): bigint {
  const v = ($("time-window") as HTMLInputElement).value.trim();
  return /^[0-9]{1,12}$/.test(v) ? BigInt(v) : 3600n;
}

function chainSource(): { rpcUrl: string; registry: string } | undefined {
  const rpcUrl = ($("rpc-url") as HTMLInputElement).value.trim();
  const registry = ($("registry-address") as HTMLInputElement).value.trim();
  if (!rpcUrl && !registry) return undefined;
  if (!/^https?:\/\//.test(rpcUrl)) throw new Error(`the RPC URL must start with http:// or https://, got "${rpcUrl}"`);
  try {
    return { rpcUrl, registry: getAddress(registry) };
  } catch {
    throw new Error(`the registry address "${registry}" is not an Ethereum address`);
  }
}

async function run(): Promise<void> {
  if (!bundle) return;
  const mine = ++running;
  $("verdict").textContent = "Verifying…";
  $("verdict").className = "verdict";
  try {
    const r = await verifyInPage({
      bundle: bundle.value,
      keys,
      snapshots,
      ...(chainSource() ? { chain: chainSource()! } : {}),
      ...(asset ? { asset } : {}),
      ...(credentials ? { credentials } : {}),
      window: timeWindow(),
      now: BigInt(Math.floor(Date.now() / 1000)),
    });
    if (mine !== running) return;
    result = r;
  } catch (e) {
    if (mine !== running) return;
    result = undefined;
    showLoadError(errorText(e));
    $("verdict").textContent = `Could not verify: ${errorText(e)}`;
    $("verdict").className = "verdict fail";
  }
  renderAudit();
  renderResult();
}

function renderResult(): void {
  const body = $("result-body");
  const exportButtons = [$("export-json"), $("print-report")] as HTMLButtonElement[];
  exportButtons.forEach((b) => (b.disabled = !result));
  if (!result) {
    body.hidden = true;
    return;
  }
  body.hidden = false;
  const r = result;
  const failed = r.checks.filter((c) => c.status === "fail");
  const auditFailed = auditCheck().some((c) => c.status === "fail");
  const verdict = $("verdict");
  const also = auditFailed ? ` Also, ${FAILED["audit record"]}.` : "";
  if (failed.length)
    verdict.textContent = `✗ Not valid: ${failed.length} check${failed.length > 1 ? "s" : ""} failed: ${failed.map((c) => FAILED[c.name]).join("; ")}.${also}`;
  else if (r.verdict === "unchecked")
    // The same words as the CLI and the library: a proof whose registries were not checked is not "valid".
    verdict.textContent = `⚠ ${VERDICTS.unchecked[0]!.toUpperCase()}${VERDICTS.unchecked.slice(1)}: not valid until its registries are checked (load the registry snapshots or give a chain).${also}`;
  else if (auditFailed) verdict.textContent = `✓ The proof is valid, but ${FAILED["audit record"]}.`;
  else if (!r.complete)
    verdict.textContent =
      "✓ The proof is valid, but some checks could not be done (see “Not checked” below: load the registry snapshots or give a chain to check the registries).";
  else verdict.textContent = "✓ Valid: every check passed.";
  verdict.className = `verdict ${failed.length ? "fail" : r.complete && !auditFailed ? "pass" : "partial"}`;

  stampPrint();
  const tbody = $("checks-body");
  tbody.replaceChildren();
  for (const c of [...r.checks, ...auditCheck()]) {
    const tr = el("tr");
    tr.dataset.check = c.name;
    tr.dataset.status = c.status;
    const th = el("th") as HTMLTableCellElement;
    th.scope = "row";
    th.append(el("span", CHECKS[c.name].title, "title"), el("span", CHECKS[c.name].meaning, "meaning"));
    tr.dataset.reason = c.reason;
    const why = el("td", undefined, "reason");
    const sentence = plain(c);
    if (sentence) why.append(el("span", sentence, "plain"), el("span", `Detail: ${c.reason}`, "detail"));
    else why.append(el("span", c.reason, "plain"));
    tr.append(th, el("td", STATUS[c.status], `status ${c.status}`), why);
    tbody.append(tr);
  }
  const note = $("chain-note");
  note.hidden = !r.chainNote;
  note.textContent = r.chainNote ? `Chain: ${r.chainNote}.` : "";

  const facts = $("facts");
  facts.replaceChildren();
  const fact = (k: string, v: string) => facts.append(el("dt", k), el("dd", v));
  const pin = PINS[r.bundle.circuit];
  fact("Bundle file", bundle?.file ?? "");
  fact("Kind of proof", circuitLabel(r.bundle));
  fact("Asset hash", `${hex(r.bundle.assetHash)} (SHA-256 of the asset's bytes, shifted right by 3 bits)`);
  if (r.asset) fact("Asset file SHA-256", `${r.asset.sha256} (${r.asset.name})`);
  if (r.signer)
    fact(
      "C2PA claim signer",
      `${r.signer.subject}: ${r.signer.ephemeral ? "zkprov's ephemeral certificate, which names nobody" : `issued by ${r.signer.issuer}`}; ${r.signer.trust}, not part of the verdict`,
    );
  fact("Chain id", r.bundle.chainId);
  if (snapshots.length)
    fact("Registry snapshots", snapshots.map((x) => `${x.file} (${x.snapshot.tree} registry)`).join(", "));
  for (const [name, root] of Object.entries(r.bundle.roots)) fact(`Registry root (${name})`, hex(root));
  if (r.bundle.usedAt)
    fact("Used in", `transaction ${r.bundle.usedAt.transaction} on contract ${r.bundle.usedAt.contract}`);
  if (r.bundle.circuit === "provenance") {
    const now = BigInt(r.bundle.signals.now as string);
    fact("Proof time", formatTime(now));
  }
  fact("Verification key hash", `${r.bundle.vkeyHash} (published: ${pin?.vkeyHash ?? "none"})`);
  if (pin?.insecureSetup)
    fact("Warning", "this circuit's keys come from a development setup (insecure): not for production use");
}

/** The printed report's header and footer: what it is, when, and from which bundle. */
function stampPrint(): void {
  const when = new Date().toISOString().replace("T", " ").slice(0, 19) + " UTC";
  $("print-header").textContent = `Verification report for ${bundle?.file ?? "no bundle"}, made ${when}.`;
  $("print-footer").textContent =
    "Made by the zkprov verification page in the regulator's browser; no file was uploaded. " +
    "The regulator key is never part of the report.";
}

function circuitLabel(b: ProofBundle): string {
  if (b.circuit === "provenance") return "Provenance (an approved model made this asset under a valid license)";
  if (b.circuit === "royaltyClaim") return "Royalty claim (a payee of this asset claims its share)";
  return "Licensee (an enrolled licensee buys usage rights to this asset)";
}

// ------------------------------------------------------------------------------------------------ audit
function auditCheck(): PageCheck[] {
  if (!audit) return [];
  return [
    audit.ok
      ? { name: "audit record", status: "pass", reason: "decrypted with your regulator key (see section 3)" }
      : { name: "audit record", status: "fail", reason: audit.reason },
  ];
}

function renderAudit(): void {
  const status = $("audit-status");
  const table = $("audit-table");
  if (!regulatorKey) {
    audit = undefined;
    status.textContent = "No key loaded.";
    status.className = "verdict";
    table.hidden = true;
    return;
  }
  if (!bundle) {
    status.textContent = "Key loaded. Load a provenance proof bundle to decrypt its audit record.";
    status.className = "verdict";
    table.hidden = true;
    return;
  }
  try {
    audit = { ok: true, fields: auditInPage(parseBundle(bundle.value), regulatorKey, snapshots) };
  } catch (e) {
    audit = { ok: false, reason: errorText(e) };
  }
  if (!audit.ok) {
    status.textContent = `✗ Cannot decrypt: ${audit.reason}.`;
    status.className = "verdict fail";
    table.hidden = true;
    return;
  }
  const labels = {
    modelHash: "Model",
    datasetHash: "Dataset",
    creatorCommit: "Creator (commitment)",
    modelLeaf: "Model registry entry (leaf)",
    licenseLeaf: "License registry entry (leaf)",
  } as const;
  const named = audit.fields.filter((f) => f.name).map((f) => labels[f.field].toLowerCase());
  status.textContent = `✓ Decrypted. ${named.length ? `Named by the loaded registry snapshots: ${named.join(", ")}.` : "Load registry snapshots with names to see the model and dataset by name."}`;
  status.className = "verdict pass";
  const tbody = $("audit-body");
  tbody.replaceChildren();
  for (const f of audit.fields) {
    const tr = el("tr");
    tr.dataset.field = f.field;
    const th = el("th", labels[f.field]) as HTMLTableCellElement;
    th.scope = "row";
    const unnamed =
      f.field === "creatorCommit"
        ? "creators are not registered by name: compare it with the commitment the creator shows you"
        : f.field === "modelLeaf"
          ? "the registry entry the proof used: find it among the model snapshot's leaves"
          : f.field === "licenseLeaf"
            ? "the license entry the proof used: its LicenseDescribed event on chain names the licensor"
            : "not named in the loaded registry snapshots";
    tr.append(th, el("td", f.name ? `${f.name} (from ${f.source})` : unnamed));
    tr.append(el("td", f.value, "value"));
    tbody.append(tr);
  }
  table.hidden = false;
}

// ------------------------------------------------------------------------------------------------ report
function reportJson(): string {
  const r = result!;
  return reportFormat.serialize({
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    createdAt: new Date().toISOString(),
    valid: r.valid && (!audit || audit.ok),
    verdict: VERDICTS[r.verdict],
    complete: r.complete,
    bundle: {
      file: bundle?.file,
      circuit: r.bundle.circuit,
      vkeyHash: r.bundle.vkeyHash,
      assetHash: r.bundle.assetHash,
      chainId: r.bundle.chainId,
      roots: r.bundle.roots,
      ...(r.bundle.usedAt ? { usedAt: r.bundle.usedAt } : {}),
    },
    pinnedVkeyHash: PINS[r.bundle.circuit]?.vkeyHash,
    checks: [...r.checks, ...auditCheck()],
    ...(r.chainNote ? { chain: r.chainNote } : {}),
    ...(r.asset ? { assetFile: r.asset } : {}),
    registrySnapshots: snapshots.map((s) => ({
      file: s.file,
      tree: s.snapshot.tree,
      root: s.snapshot.root.toString(),
    })),
    ...(audit?.ok
      ? { audit: Object.fromEntries(audit.fields.map((f) => [f.field, { value: f.value, name: f.name ?? null }])) }
      : {}),
  });
}

function downloadReport(): void {
  const blob = new Blob([reportJson()], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `verification-report-${(bundle?.file ?? "bundle").replace(/\.json$/, "")}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// ------------------------------------------------------------------------------------------------ wiring
function wire(): void {
  const input = (id: string, slot: Slot) =>
    $(id).addEventListener("change", (e) => {
      const target = e.target as HTMLInputElement;
      void takeFiles([...(target.files ?? [])], slot).finally(() => {
        if (slot === "key") target.value = ""; // the key stays in memory only, not in the file input
      });
    });
  input("bundle-file", "bundle");
  input("asset-file", "asset");
  input("snapshot-files", "snapshot");
  input("key-file", "key");
  const zone = $("drop-zone");
  for (const target of [document.body, zone]) {
    target.addEventListener("dragover", (e) => {
      e.preventDefault();
      zone.classList.add("over");
    });
    target.addEventListener("dragleave", () => zone.classList.remove("over"));
    target.addEventListener("drop", (e) => {
      e.preventDefault();
      e.stopPropagation();
      zone.classList.remove("over");
      void takeFiles([...(e.dataTransfer?.files ?? [])], "any");
    });
  }
  $("verify-button").addEventListener("click", () => {
    showLoadError(undefined);
    void run().then(() => $("result").focus());
  });
  $("forget-key").addEventListener("click", () => {
    regulatorKey = undefined;
    audit = undefined;
    ($("forget-key") as HTMLButtonElement).disabled = true;
    renderLoaded();
    renderAudit();
    renderResult();
  });
  $("export-json").addEventListener("click", downloadReport);
  $("print-report").addEventListener("click", () => window.print());
  window.addEventListener("beforeprint", stampPrint);
}

async function start(): Promise<void> {
  wire();
  keys = await loadVerificationKeys();
  const status = $("keys-status");
  const bad = Object.values(keys).filter((k): k is { ok: false; reason: string } => !k.ok);
  if (bad.length) {
    status.textContent = `Warning: ${bad.map((b) => b.reason).join("; ")}. Proofs of that kind cannot be verified.`;
    status.className = "keys fail";
  } else {
    const insecure = Object.values(PINS).some((p) => p.insecureSetup);
    status.textContent = `Verification keys for ${Object.keys(keys).length} kinds of proof loaded and checked against their published hashes.${insecure ? " These are development keys (insecure setup)." : ""}`;
    status.className = "keys pass";
  }
  openLinkedBundle();
  document.body.dataset.ready = "true";
  if (bundle) await run();
}

/** A link from the oversight console (index.html#bundle=…, see link.ts): its bundle loaded, its chain filled in. */
function openLinkedBundle(): void {
  try {
    const link = readBundleLink(location.hash);
    if (!link) return;
    try {
      parseBundle(link.bundle);
    } catch (e) {
      throw new Error(`the link's bundle is not a proof bundle: ${errorText(e)}`, { cause: e });
    }
    bundle = { file: "the bundle in this page's link", value: link.bundle };
    // The registry alone is no chain to ask (the console leaves out an RPC URL that may hold an API key).
    if (link.registry && link.rpcUrl) {
      ($("registry-address") as HTMLInputElement).value = link.registry;
      ($("rpc-url") as HTMLInputElement).value = link.rpcUrl;
    }
    renderLoaded();
    ($("verify-button") as HTMLButtonElement).disabled = false;
  } catch (e) {
    showLoadError(errorText(e));
  }
}

void start();

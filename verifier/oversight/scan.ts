// The oversight scan: every token minted in a block range, its audit record decrypted (with the regulator
// key, or with a committee's combined partials), and the market summarised per model, dataset and licensor
// (the account the registry's LicenseDescribed event names for the license entry the record names), with flags:
// tokens whose model was revoked or whose license entry was compromised or updated away after the mint, records
// that do not decrypt, records that name no registered model, and models with no mint for a long time.
// Pure: it reads an OversightHistory (history.ts) and returns data; `zkprov audit scan` prints it and the
// console draws it, so both show the same numbers.
import { decryptAudit, type AuditRecord, type RegistryNames } from "../audit.ts";
import { OPEN_UNTIL } from "../../core/hashes.ts";
import { combinePartials } from "../committee/threshold.ts";
import type { CommitteeFile, PartialsMessage } from "../committee/messages.ts";
import type { RegulatorKey } from "../regulator-key.ts";
import type { OversightHistory } from "./history.ts";
import { entriesNamedBy, type EntryEnding } from "./registry-adapter.ts";

/** What decrypts the audit records. */
export type AuditKeySource =
  | { kind: "regulator-key"; key: RegulatorKey }
  | { kind: "committee"; committee: CommitteeFile; partials: PartialsMessage[] }
  | { kind: "none" };

/** A flag raised by the scan. */
export interface OversightFlag {
  kind: "model-ended-after-mint" | "license-ended-after-mint" | "undecryptable" | "unregistered-model" | "model-idle";
  tokenId?: string;
  modelHash?: string;
  detail: string;
}

/** One token as the scan reports it. */
export interface ScannedToken {
  tokenId: string;
  block: number;
  time: number;
  transaction: string;
  to: string;
  grantedRights: number;
  licensorBps: number;
  /** The decrypted audit record (hex), or null when it does not decrypt. */
  audit: Record<string, string> | null;
  modelName: string | null;
  datasetName: string | null;
  /** The license entry the record names (null when it does not decrypt). */
  licenseLeaf: string | null;
  /** The account that registered that license entry (its LicenseDescribed event), null if none describes it. */
  licensor: string | null;
  flags: OversightFlag["kind"][];
}

/** A model's line in the summary. */
export interface ModelSummary {
  modelHash: string;
  name: string | null;
  rights: number | null;
  status: "live" | EntryEnding | "replaced" | "unregistered";
  registeredAt: number | null;
  mints: number;
  firstMint: number | null;
  lastMint: number | null;
  datasets: number;
}

/** A dataset's line in the summary. */
export interface DatasetSummary {
  datasetHash: string;
  name: string | null;
  mints: number;
  models: string[];
  grantedRights: number[];
  royaltyBps: number[];
}

/** A licensor's line in the summary: the tokens whose audit record names one of its license entries. */
export interface LicensorSummary {
  /** The account (checksummed) that registered the entries; null for entries no LicenseDescribed event names. */
  licensor: string | null;
  mints: number;
  /** The license entries (leaves, hex) those tokens used, in order of first use. */
  licenses: string[];
  /** The distinct rights granted (each token's public grantedRights) and royalty shares (licensorBps). */
  grantedRights: number[];
  royaltyBps: number[];
}

/** Mints over time: one count per bucket and model (and dataset). */
export interface MintSeries {
  bucketSeconds: number;
  /** Start of each bucket, unix seconds. */
  buckets: number[];
  models: Record<string, number[]>;
  datasets: Record<string, number[]>;
}

/** The scan's report (`zkprov audit scan --json` prints it; the console shows and exports it). */
export interface OversightReport {
  format: "zkprov-oversight-report";
  version: 1;
  chainId: string;
  fromBlock: number;
  toBlock: number;
  toBlockTime: number;
  decryptedWith: "regulator-key" | "committee" | "none";
  totals: { tokens: number; decrypted: number; flagged: number; models: number; datasets: number; licensors: number };
  tokens: ScannedToken[];
  models: ModelSummary[];
  datasets: DatasetSummary[];
  licensors: LicensorSummary[];
  series: MintSeries;
  flags: OversightFlag[];
  regulatorKeys: { fromBlock: number; key: [string, string] }[];
}

/** Options of the scan. */
export interface ScanOptions {
  names?: RegistryNames;
  /** A model with no mint for this long (seconds) before the last block is flagged idle (default 30 days). */
  idleSeconds?: number;
  /** Width of the time series' buckets in seconds (default: an hour if the range spans under 3 days, else a day). */
  bucketSeconds?: number;
  /** Called every 50 records decrypted (and at the end): records done out of all. */
  onProgress?: (done: number, total: number) => void;
}

const hex = (v: bigint): string => "0x" + v.toString(16).padStart(64, "0");
const key = (p: readonly bigint[]) => `${p[0]},${p[1]}`;

interface ModelEntryState {
  leaf: bigint;
  modelHash: bigint;
  rights: number;
  block: number;
  logIndex: number;
  ended?: { block: number; logIndex: number; how: EntryEnding | "replaced" };
}

const before = (a: { block: number; logIndex: number }, b: { block: number; logIndex: number }) =>
  a.block < b.block || (a.block === b.block && a.logIndex < b.logIndex);

/**
 * The regulator key pinned at each point of the history: the first rotation's old key before it, each
 * rotation's new key after it (the key every mint's record was encrypted to, since the gate checks it).
 *
 * @example regulatorKeyTimeline(history).keyAt(history.mints[0])
 */
export function regulatorKeyTimeline(h: OversightHistory) {
  const rotations = h.changes.filter((c) => c.kind === "regulator-key");
  const initialKey = rotations.length ? rotations[0]!.oldKey : h.currentRegulatorKey;
  const keyAt = (m: { block: number; logIndex: number }): [bigint, bigint] => {
    let k = initialKey;
    for (const r of rotations) if (before(r, m)) k = r.newKey;
    return k;
  };
  return { rotations, initialKey, keyAt };
}

/** A license entry as its LicenseDescribed event tells it. */
export interface LicenseEntryState {
  leaf: bigint;
  licensor: string;
  start: bigint;
  expiry: bigint;
  block: number;
  logIndex: number;
}

/**
 * The registry as the history leaves it: each model entry (with when it ended), when each leaf of each tree
 * ended, and each license entry with its licensor. scanHistory reads it; the console passes `models` to summarize.
 *
 * @example const { models } = registryState(history); summarize(tokens, { models: [...models.values()], time })
 */
export function registryState(h: OversightHistory) {
  // Registry entries: model leaves with their data, and when each leaf of each tree ended.
  const models = new Map<bigint, ModelEntryState>();
  const ended = new Map<string, { block: number; logIndex: number; how: EntryEnding | "replaced" }>();
  const licenses = new Map<bigint, LicenseEntryState>();
  for (const c of h.changes) {
    if (c.kind === "model") {
      models.set(c.leaf, {
        leaf: c.leaf,
        modelHash: c.modelHash,
        rights: c.rights,
        block: c.block,
        logIndex: c.logIndex,
      });
      // A closed interval is a retirement's entry (the registry describes the retired leaf with validUntil set):
      // it ended, by retirement, where it was made; a later compromise of it overrides this below.
      if (c.validUntil !== OPEN_UNTIL)
        ended.set(`model:${c.leaf}`, { block: c.block, logIndex: c.logIndex, how: "retired" });
    } else if (c.kind === "ended")
      ended.set(`${c.tree}:${c.leaf}`, { block: c.block, logIndex: c.logIndex, how: c.ending });
    else if (c.kind === "replaced")
      ended.set(`${c.tree}:${c.oldLeaf}`, { block: c.block, logIndex: c.logIndex, how: "replaced" });
    else if (c.kind === "license")
      licenses.set(c.leaf, {
        leaf: c.leaf,
        licensor: c.licensor,
        start: c.start,
        expiry: c.expiry,
        block: c.block,
        logIndex: c.logIndex,
      });
  }
  for (const m of models.values()) {
    const e = ended.get(`model:${m.leaf}`);
    if (e) m.ended = e;
  }
  return { models, ended, licenses };
}

/**
 * Scan a deployment's history: decrypt each token's audit record, summarise, and flag.
 *
 * @example const report = scanHistory(history, { kind: "regulator-key", key }, { names })
 */
export function scanHistory(h: OversightHistory, source: AuditKeySource, o: ScanOptions = {}): OversightReport {
  const { rotations, initialKey, keyAt } = regulatorKeyTimeline(h);
  const { models, ended, licenses } = registryState(h);
  const liveAt = (m: ModelEntryState, at: { block: number; logIndex: number }) =>
    before(m, at) && (!m.ended || before(at, m.ended));

  // Decryption.
  let combined: Map<string, { ok: true; record: AuditRecord } | { ok: false; reason: string }> | undefined;
  if (source.kind === "committee") {
    const r = combinePartials(source.committee, source.partials);
    combined = new Map(
      r.records.map((x) => [x.id, x.ok ? { ok: true, record: x.record } : { ok: false, reason: x.reason }]),
    );
    for (const bad of r.refused) {
      const prev = combined.get(bad.record);
      if (prev && !prev.ok) prev.reason += `; refused: member ${bad.member} (${bad.name}): ${bad.reason}`;
    }
  }
  const flags: OversightFlag[] = [];
  const time = (b: number) => h.blockTimes.get(b) ?? 0;
  const tokens: ScannedToken[] = h.mints.map((m, i) => {
    if (i % 50 === 0 && i > 0) o.onProgress?.(i, h.mints.length);
    const id = m.tokenId.toString();
    const tokenFlags: OversightFlag[] = [];
    const pinned = keyAt(m);
    let record: AuditRecord | undefined;
    let why: string | undefined;
    if (source.kind === "regulator-key") {
      if (key(source.key.publicKey) !== key(pinned))
        why = `encrypted to another regulator key (${key(pinned)}) than the loaded one`;
      else record = decryptAudit(source.key.secret, m.auditEphemeral, m.auditCipher);
    } else if (source.kind === "committee") {
      const joint = source.committee.jointKey.map(BigInt);
      if (key(joint) !== key(pinned)) why = `encrypted to another key (${key(pinned)}) than the committee's joint key`;
      else {
        const c = combined!.get(id);
        if (!c) why = "no partial decryption of this token was loaded";
        else if (c.ok) record = c.record;
        else why = c.reason;
      }
    } else why = "no key loaded";
    if (!record && source.kind !== "none")
      tokenFlags.push({ kind: "undecryptable", tokenId: id, detail: `token ${id}: ${why}` });
    let licenseLeaf: bigint | undefined;
    if (record) {
      const named = entriesNamedBy(record);
      licenseLeaf = named.licenseLeaf;
      const entry =
        models.get(named.modelLeaf) ??
        [...models.values()].find((x) => x.modelHash === record!.modelHash && liveAt(x, m));
      if (!entry)
        tokenFlags.push({
          kind: "unregistered-model",
          tokenId: id,
          modelHash: hex(record.modelHash),
          detail: `token ${id}: the record names model ${hex(record.modelHash)}, which no live registry entry describes (wrong key, or a forged record)`,
        });
      else if (entry.ended && entry.ended.how !== "replaced" && entry.ended.how !== "retired" && before(m, entry.ended))
        tokenFlags.push({
          kind: "model-ended-after-mint",
          tokenId: id,
          modelHash: hex(entry.modelHash),
          detail: `token ${id}: its model ${o.names?.models?.[entry.modelHash.toString()] ?? hex(entry.modelHash)} was ${entry.ended.how} at block ${entry.ended.block}, after the mint (block ${m.block})`,
        });
      // A license entry ends by a compromise (every root holding it stops at once) or by an update that
      // replaces it (the licensor changed its terms or withdrew it): either, after the mint, is flagged.
      if (licenseLeaf !== undefined) {
        const e = ended.get(`license:${licenseLeaf}`);
        if (e && e.how !== "retired" && before(m, e))
          tokenFlags.push({
            kind: "license-ended-after-mint",
            tokenId: id,
            detail: `token ${id}: its license entry ${hex(licenseLeaf)}${licenses.has(licenseLeaf) ? ` (licensor ${licenses.get(licenseLeaf)!.licensor})` : ""} was ${e.how === "replaced" ? "updated away" : e.how} at block ${e.block}, after the mint (block ${m.block})`,
          });
      }
    }
    flags.push(...tokenFlags);
    const audit = record ? Object.fromEntries(Object.entries(record).map(([k, v]) => [k, hex(v as bigint)])) : null;
    return {
      tokenId: id,
      block: m.block,
      time: time(m.block),
      transaction: m.transaction,
      to: m.to,
      grantedRights: m.grantedRights,
      licensorBps: m.licensorBps,
      audit,
      modelName: record ? (o.names?.models?.[record.modelHash.toString()] ?? null) : null,
      datasetName: record ? (o.names?.datasets?.[record.datasetHash.toString()] ?? null) : null,
      licenseLeaf: licenseLeaf !== undefined ? hex(licenseLeaf) : null,
      licensor: licenseLeaf !== undefined ? (licenses.get(licenseLeaf)?.licensor ?? null) : null,
      flags: tokenFlags.map((f) => f.kind),
    };
  });

  o.onProgress?.(h.mints.length, h.mints.length);
  // Idle models: live at the last block, and no mint (or registration) within idleSeconds of it.
  const idle = o.idleSeconds ?? 30 * 86_400;
  const end = { block: h.toBlock + 1, logIndex: 0 };
  const lastMint = new Map<string, ScannedToken>();
  for (const t of tokens) if (t.audit) lastMint.set(t.audit.modelHash!, t);
  for (const m of models.values()) {
    if (!liveAt(m, end)) continue;
    const last = lastMint.get(hex(m.modelHash));
    const since = last ? last.time : time(m.block);
    if (h.toBlockTime - since > idle)
      flags.push({
        kind: "model-idle",
        modelHash: hex(m.modelHash),
        detail: `model ${o.names?.models?.[m.modelHash.toString()] ?? hex(m.modelHash)}: ${last ? "no mint" : "never minted"} for ${Math.floor((h.toBlockTime - since) / 86_400)} days`,
      });
  }
  const summary = summarize(tokens, {
    models: [...models.values()],
    names: o.names,
    time,
    bucketSeconds: o.bucketSeconds,
  });
  return {
    format: "zkprov-oversight-report",
    version: 1,
    chainId: h.chainId.toString(),
    fromBlock: h.fromBlock,
    toBlock: h.toBlock,
    toBlockTime: h.toBlockTime,
    decryptedWith: source.kind,
    totals: {
      tokens: tokens.length,
      decrypted: tokens.filter((t) => t.audit).length,
      flagged: tokens.filter((t) => t.flags.length).length,
      models: summary.models.length,
      datasets: summary.datasets.length,
      licensors: summary.licensors.length,
    },
    tokens,
    ...summary,
    flags,
    regulatorKeys: [
      // (0, 0) is "no key yet": the registry's constructor pins its first key with a rotation from it.
      ...(initialKey[0] === 0n && initialKey[1] === 0n
        ? []
        : [{ fromBlock: h.fromBlock, key: [initialKey[0].toString(), initialKey[1].toString()] as [string, string] }]),
      ...rotations.map((r) => ({
        fromBlock: r.block,
        key: [r.newKey[0].toString(), r.newKey[1].toString()] as [string, string],
      })),
    ],
  };
}

/** What summarize needs besides the tokens. */
export interface SummaryContext {
  models: { leaf: bigint; modelHash: bigint; rights: number; block: number; ended?: { how: string } }[];
  names?: RegistryNames;
  time: (block: number) => number;
  bucketSeconds?: number;
}

/**
 * The tables and the time series of a list of tokens (all of a scan, or those a filter keeps).
 *
 * @example const { models, datasets, series } = summarize(report.tokens.filter(keep), ctx)
 */
export function summarize(
  tokens: readonly ScannedToken[],
  ctx: SummaryContext,
): Pick<OversightReport, "models" | "datasets" | "licensors" | "series"> {
  const byModel = new Map<string, ScannedToken[]>();
  const byDataset = new Map<string, ScannedToken[]>();
  const byLicensor = new Map<string, ScannedToken[]>();
  const push = (m: Map<string, ScannedToken[]>, k: string, t: ScannedToken) => {
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  };
  for (const t of tokens) {
    if (!t.audit) continue;
    push(byModel, t.audit.modelHash!, t);
    push(byDataset, t.audit.datasetHash!, t);
    push(byLicensor, t.licensor ?? "", t);
  }
  const distinct = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  const modelHashes = new Set([...byModel.keys(), ...ctx.models.map((m) => hex(m.modelHash))]);
  const models: ModelSummary[] = [...modelHashes].map((h) => {
    const ts = byModel.get(h) ?? [];
    const entries = ctx.models.filter((m) => hex(m.modelHash) === h);
    const latest = entries.at(-1);
    return {
      modelHash: h,
      name: ctx.names?.models?.[BigInt(h).toString()] ?? null,
      rights: latest?.rights ?? null,
      status: latest ? ((latest.ended?.how as ModelSummary["status"]) ?? "live") : "unregistered",
      registeredAt: latest ? ctx.time(latest.block) : null,
      mints: ts.length,
      firstMint: ts.length ? ts[0]!.time : null,
      lastMint: ts.length ? ts.at(-1)!.time : null,
      datasets: new Set(ts.map((t) => t.audit!.datasetHash)).size,
    };
  });
  const datasets: DatasetSummary[] = [...byDataset].map(([h, ts]) => ({
    datasetHash: h,
    name: ctx.names?.datasets?.[BigInt(h).toString()] ?? null,
    mints: ts.length,
    models: [...new Set(ts.map((t) => t.audit!.modelHash!))],
    grantedRights: distinct(ts.map((t) => t.grantedRights)),
    royaltyBps: distinct(ts.map((t) => t.licensorBps)),
  }));
  const licensors: LicensorSummary[] = [...byLicensor].map(([k, ts]) => ({
    licensor: k === "" ? null : k,
    mints: ts.length,
    licenses: [...new Set(ts.map((t) => t.licenseLeaf!))],
    grantedRights: distinct(ts.map((t) => t.grantedRights)),
    royaltyBps: distinct(ts.map((t) => t.licensorBps)),
  }));
  // (A loop, not Math.min(...times): spreading tens of thousands of arguments overflows the stack.)
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of tokens) {
    if (t.time < lo) lo = t.time;
    if (t.time > hi) hi = t.time;
  }
  const any = tokens.length > 0;
  const span = any ? hi - lo : 0;
  const bucketSeconds = ctx.bucketSeconds ?? (span < 3 * 86_400 ? 3_600 : 86_400);
  const first = any ? Math.floor(lo / bucketSeconds) * bucketSeconds : 0;
  const n = any ? Math.floor((hi - first) / bucketSeconds) + 1 : 0;
  const buckets = Array.from({ length: n }, (_, i) => first + i * bucketSeconds);
  const countBy = (m: Map<string, ScannedToken[]>) =>
    Object.fromEntries(
      [...m].map(([k, ts]) => {
        const counts = new Array<number>(n).fill(0);
        for (const t of ts) counts[Math.floor((t.time - first) / bucketSeconds)]!++;
        return [k, counts];
      }),
    );
  return {
    models,
    datasets,
    licensors,
    series: { bucketSeconds, buckets, models: countBy(byModel), datasets: countBy(byDataset) },
  };
}

// What the console shows for a filter, and its exports: the tokens a filter keeps, and the tables, the time
// series and the flags of exactly those tokens, computed by verifier/oversight's summarize (never by the page).
// Without a filter the view's tables and series are the scan report's own.
import {
  summarize,
  type OversightFlag,
  type OversightReport,
  type ScannedToken,
  type SummaryContext,
} from "../../../verifier/oversight/scan.ts";

/** The console's filters ("" keeps everything). */
export interface Filters {
  model: string;
  dataset: string;
  flag: "" | "flagged" | "none" | OversightFlag["kind"];
  text: string;
}

/** What the page shows, and what "Export the view (JSON)" writes. */
export interface ConsoleView {
  format: "zkprov-oversight-view";
  version: 1;
  chainId: string;
  fromBlock: number;
  toBlock: number;
  decryptedWith: OversightReport["decryptedWith"];
  filters: Filters;
  /** Tokens in the scan, and kept by the filters. */
  counts: { scanned: number; shown: number };
  tokens: ScannedToken[];
  models: OversightReport["models"];
  datasets: OversightReport["datasets"];
  licensors: OversightReport["licensors"];
  series: OversightReport["series"];
  flags: OversightFlag[];
  /** The verification of each shown token's bundle, when its bundle was loaded. */
  bundles: Record<string, string>;
}

const hex = (v: bigint): string => "0x" + v.toString(16).padStart(64, "0");

/** Whether a filter keeps a token. */
export function keeps(f: Filters, t: ScannedToken): boolean {
  if (f.model && t.audit?.modelHash !== f.model) return false;
  if (f.dataset && t.audit?.datasetHash !== f.dataset) return false;
  if (f.flag === "flagged" && !t.flags.length) return false;
  if (f.flag === "none" && t.flags.length) return false;
  if (f.flag && f.flag !== "flagged" && f.flag !== "none" && !t.flags.includes(f.flag)) return false;
  if (f.text) {
    const q = f.text.toLowerCase();
    if (![t.tokenId, t.to, t.transaction].some((s) => s.toLowerCase().includes(q))) return false;
  }
  return true;
}

/**
 * The view of a scan for a filter. The model table lists the registered models too (with 0 mints) when no
 * filter is set, as the report does; with a filter, only the models of the tokens kept (or the model chosen).
 *
 * @example const v = viewOf(report, ctx, { model: "", dataset: "", flag: "flagged", text: "" })
 */
export function viewOf(
  r: OversightReport,
  ctx: SummaryContext,
  f: Filters,
  bundles: ReadonlyMap<string, string> = new Map(),
): ConsoleView {
  const none = !f.model && !f.dataset && !f.flag && !f.text;
  const tokens = r.tokens.filter((t) => keeps(f, t));
  const minted = new Set(tokens.map((t) => t.audit?.modelHash));
  const models = none
    ? ctx.models
    : ctx.models.filter((m) => (f.model ? hex(m.modelHash) === f.model : minted.has(hex(m.modelHash))));
  const s = summarize(tokens, { ...ctx, models, bucketSeconds: ctx.bucketSeconds ?? r.series.bucketSeconds });
  const shownIds = new Set(tokens.map((t) => t.tokenId));
  const idleKept = (fl: OversightFlag) =>
    fl.kind === "model-idle" &&
    !f.dataset &&
    !f.text &&
    (f.flag === "" || f.flag === "flagged") &&
    (!f.model || fl.modelHash === f.model);
  return {
    format: "zkprov-oversight-view",
    version: 1,
    chainId: r.chainId,
    fromBlock: r.fromBlock,
    toBlock: r.toBlock,
    decryptedWith: r.decryptedWith,
    filters: { ...f },
    counts: { scanned: r.tokens.length, shown: tokens.length },
    tokens,
    ...s,
    flags: r.flags.filter((fl) => (fl.tokenId !== undefined ? shownIds.has(fl.tokenId) : idleKept(fl))),
    bundles: Object.fromEntries(
      tokens.filter((t) => bundles.has(t.tokenId)).map((t) => [t.tokenId, bundles.get(t.tokenId)!]),
    ),
  };
}

/** The CSV columns of "Export the licensors shown (CSV)": the licensor table's (lists joined by ";"). */
export const LICENSOR_CSV_COLUMNS = ["licensor", "mints", "licenses", "grantedRights", "royaltyBps"] as const;

/** The CSV columns of "Export the tokens shown (CSV)". */
export const CSV_COLUMNS = [
  "tokenId",
  "block",
  "time",
  "transaction",
  "owner",
  "modelHash",
  "modelName",
  "datasetHash",
  "datasetName",
  "creatorCommit",
  "grantedRights",
  "licensorBps",
  "licenseLeaf",
  "licensor",
  "flags",
  "bundle",
] as const;

/** One CSV field: quoted when needed; a text a spreadsheet would run as a formula is prefixed with '. */
function field(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The tokens of a view as CSV (RFC 4180, a header line, times in ISO 8601 UTC, flags separated by ";").
 *
 * @example download("tokens.csv", csvOf(view))
 */
export function csvOf(v: ConsoleView): string {
  const rows = v.tokens.map((t) => [
    t.tokenId,
    t.block,
    t.time ? new Date(t.time * 1000).toISOString() : "",
    t.transaction,
    t.to,
    t.audit?.modelHash,
    t.modelName,
    t.audit?.datasetHash,
    t.datasetName,
    t.audit?.creatorCommit,
    t.grantedRights,
    t.licensorBps,
    t.licenseLeaf,
    t.licensor,
    t.flags.join(";"),
    v.bundles[t.tokenId],
  ]);
  return [CSV_COLUMNS as readonly string[], ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

/**
 * The licensor table of a view as CSV (as csvOf: RFC 4180, a header line; lists separated by ";"; an entry no
 * LicenseDescribed event names has an empty licensor).
 *
 * @example download("licensors.csv", licensorsCsvOf(view))
 */
export function licensorsCsvOf(v: ConsoleView): string {
  const rows = v.licensors.map((l) => [
    l.licensor,
    l.mints,
    l.licenses.join(";"),
    l.grantedRights.join(";"),
    l.royaltyBps.join(";"),
  ]);
  return [LICENSOR_CSV_COLUMNS as readonly string[], ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

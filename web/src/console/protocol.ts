// The messages between the oversight console (main.ts) and its worker (worker.ts). Structured clone carries
// bigints and Maps, so the history's registry entries travel as they are.
import type { CommitteeFile, PartialsMessage } from "../../../verifier/committee/messages.ts";
import type { RegistryNames } from "../../../verifier/audit.ts";
import type { OversightReport, SummaryContext } from "../../../verifier/oversight/scan.ts";

/** What decrypts the records, as the page hands it to the worker (held in memory only). */
export type ScanKey =
  | { kind: "regulator-key"; secret: bigint; publicKey: [bigint, bigint] }
  | { kind: "committee"; committee: CommitteeFile; partials: PartialsMessage[] }
  | { kind: "none" };

/** The page asks for a scan. */
export interface ScanRequest {
  type: "scan";
  rpc: string;
  registry: string;
  mintGate: string;
  fromBlock: number;
  toBlock?: number;
  pageSize?: number;
  idleSeconds: number;
  names: RegistryNames;
  key: ScanKey;
}

/** The worker answers: progress, then the report (or an error). */
export type ScanReply =
  /** The worker's module is loaded: a scan needs nothing more from the page's server. */
  | { type: "ready" }
  | { type: "progress"; phase: "reading"; done: number; total: number }
  | { type: "progress"; phase: "decrypting"; done: number; tokens: number }
  | {
      type: "done";
      report: OversightReport;
      /** The registry's model entries and the block times: what summarize needs to redo the tables for a filter. */
      models: SummaryContext["models"];
      blockTimes: Map<number, number>;
      ms: { read: number; scan: number };
    }
  | { type: "error"; message: string };

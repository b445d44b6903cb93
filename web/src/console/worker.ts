// The oversight console's worker: reads the deployment's history from the chain in pages (reporting
// progress) and runs the scan (the decryption of every audit record, or the check of every committee
// partial), so the page stays responsive with thousands of tokens. It holds the key only for the scan.
import { readOversightHistory } from "../../../verifier/oversight/history.ts";
import { registryState, scanHistory, type AuditKeySource } from "../../../verifier/oversight/scan.ts";
import { ZkprovError } from "../../../core/errors.ts";
import type { ScanReply, ScanRequest } from "./protocol.ts";

/** An error as one line: the library's message and its details. */
const errorText = (e: unknown): string =>
  e instanceof ZkprovError
    ? e.details
      ? `${e.shortMessage} (${e.details})`
      : e.shortMessage
    : e instanceof Error
      ? e.message
      : String(e);

const post = (m: ScanReply) => (self as unknown as { postMessage(m: ScanReply): void }).postMessage(m);

self.addEventListener("message", (e: MessageEvent<ScanRequest>) => {
  const r = e.data;
  if (r?.type !== "scan") return;
  void (async () => {
    try {
      const t0 = performance.now();
      const h = await readOversightHistory({
        rpc: r.rpc,
        registry: r.registry,
        mintGate: r.mintGate,
        fromBlock: r.fromBlock,
        ...(r.toBlock !== undefined ? { toBlock: r.toBlock } : {}),
        ...(r.pageSize ? { pageSize: r.pageSize } : {}),
        onProgress: (done, total) => post({ type: "progress", phase: "reading", done, total }),
      });
      const t1 = performance.now();
      post({ type: "progress", phase: "decrypting", done: 0, tokens: h.mints.length });
      const source: AuditKeySource =
        r.key.kind === "regulator-key"
          ? { kind: "regulator-key", key: { secret: r.key.secret, publicKey: r.key.publicKey } }
          : r.key;
      const report = scanHistory(h, source, {
        names: r.names,
        idleSeconds: r.idleSeconds,
        onProgress: (done, tokens) => post({ type: "progress", phase: "decrypting", done, tokens }),
      });
      const models = [...registryState(h).models.values()];
      post({
        type: "done",
        report,
        models,
        blockTimes: h.blockTimes,
        ms: { read: Math.round(t1 - t0), scan: Math.round(performance.now() - t1) },
      });
    } catch (err) {
      post({ type: "error", message: errorText(err) });
    }
  })();
});

post({ type: "ready" });

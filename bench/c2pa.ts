// Content Credentials figures: what embedding a provenance proof adds (time, bytes) per format, what verifying
// an asset costs, and the reference implementation's (c2pa-rs as WASM) report of a file zkprov wrote.
// Run: npx tsx bench/c2pa.ts [runs] [report.json]. Prints one JSON object; numbers, no verdicts.
import fs from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { artifactPaths, loadManifest, REPO_ROOT } from "../artifacts/paths.ts";
import { createBundle } from "../verifier/bundle.ts";
import { contentAssetHashOf } from "../verifier/c2pa/content.ts";
import { verifyAsset } from "../verifier/c2pa/verify-asset.ts";
import { terminateCurves } from "../core/curve.ts";
import type { VerificationKey } from "../core/vkey.ts";
import { embedContentCredentials } from "../prover/c2pa/embed.ts";
import { provenanceCircuitInput } from "../prover/inputs.ts";
import { generateProof } from "../prover/prove.ts";
import { generatedPng } from "../fixtures/asset.ts";
import { makeScenario } from "../fixtures/scenario.ts";
import { stats } from "./stats.ts";

const runs = Number(process.argv[2] ?? 7);
const reportFile = process.argv[3];
const vkey = JSON.parse(fs.readFileSync(artifactPaths("provenance").vkey, "utf8")) as VerificationKey;
const inputs = {
  "image/jpeg": new Uint8Array(fs.readFileSync(`${REPO_ROOT}/test/fixtures/c2pa/generated.jpg`)),
  "image/png": new Uint8Array(generatedPng(7)),
};

const out: Record<string, unknown> = { runs };
let referenceJson: unknown;
for (const [mime, bytes] of Object.entries(inputs)) {
  const scenario = makeScenario({ assetHash: contentAssetHashOf(bytes) });
  const t0 = performance.now();
  const r = await generateProof("provenance", provenanceCircuitInput(scenario.data));
  const proveMs = performance.now() - t0;
  const bundle = createBundle({
    circuit: "provenance",
    vkeyHash: loadManifest().circuits.provenance!.vkeyHash,
    proof: r.proof,
    publicSignals: r.publicSignals,
    assetHash: scenario.data.assetHash,
    chainId: 31337n,
  });
  const embedMs: number[] = [];
  const verifyMs: number[] = [];
  let signed: Uint8Array = bytes;
  let store = 0;
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    const e = await embedContentCredentials(bytes, bundle);
    embedMs.push(performance.now() - a);
    signed = e.bytes;
    store = e.manifestStoreBytes;
    const b = performance.now();
    await verifyAsset(signed, { vkey });
    verifyMs.push(performance.now() - b);
  }
  out[mime] = {
    assetBytes: bytes.length,
    signedBytes: signed.length,
    addedBytes: signed.length - bytes.length,
    manifestStoreBytes: store,
    bundleJsonBytes: JSON.stringify(bundle).length,
    proveMs: Math.round(proveMs),
    embedMs: stats(embedMs),
    verifyAssetMs: stats(verifyMs),
  };
  if (mime === "image/jpeg") {
    const m = await import("@contentauth/c2pa-wasm");
    await m.default({
      module_or_path: fs.readFileSync(createRequire(import.meta.url).resolve("@contentauth/c2pa-wasm/c2pa.wasm")),
    });
    const reader = await m.WasmReader.fromBytes(mime, signed);
    referenceJson = JSON.parse(reader.json());
    reader.free();
  }
}
await terminateCurves();
if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(referenceJson, null, 2) + "\n");
process.stdout.write(JSON.stringify(out) + "\n");

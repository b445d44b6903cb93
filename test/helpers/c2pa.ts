// Helpers for the Content Credentials tests: a real provenance proof for an image's bytes, and the reference
// C2PA implementation (c2pa-rs compiled to WASM, @contentauth/c2pa-wasm) as the independent validator.
import fs from "node:fs";
import { createRequire } from "node:module";
import { loadManifest } from "../../artifacts/paths.ts";
import { createBundle } from "../../verifier/bundle.ts";
import { contentAssetHashOf } from "../../verifier/c2pa/content.ts";
import { generateProof } from "../../prover/prove.ts";
import { provenanceCircuitInput } from "../../prover/inputs.ts";
import { makeScenario, type Scenario, type ScenarioOptions } from "../../fixtures/scenario.ts";
import { type ProofBundle } from "../../core/formats/bundle.ts";

/** A real provenance proof (and its world) for the content bytes of `bytes`. */
export async function provenanceBundleFor(
  bytes: Uint8Array,
  o: ScenarioOptions = {},
): Promise<{ bundle: ProofBundle; scenario: Scenario }> {
  const scenario = makeScenario({ ...o, assetHash: contentAssetHashOf(bytes) });
  const r = await generateProof("provenance", provenanceCircuitInput(scenario.data));
  const bundle = createBundle({
    circuit: "provenance",
    vkeyHash: loadManifest().circuits.provenance!.vkeyHash,
    proof: r.proof,
    publicSignals: r.publicSignals,
    assetHash: scenario.data.assetHash,
    chainId: 31337n,
  });
  return { bundle, scenario };
}

type Wasm = typeof import("@contentauth/c2pa-wasm");
let wasm: Promise<Wasm> | undefined;

/** The reference implementation, loaded once from its package's WASM file (no network). */
export function referenceC2pa(): Promise<Wasm> {
  wasm ??= (async () => {
    const m = await import("@contentauth/c2pa-wasm");
    const file = createRequire(import.meta.url).resolve("@contentauth/c2pa-wasm/c2pa.wasm");
    await m.default({ module_or_path: fs.readFileSync(file) });
    return m;
  })();
  return wasm;
}

/** A validation status entry as c2pa-rs reports it. */
export interface ReferenceStatus {
  code: string;
  url?: string;
  explanation?: string;
}

/** What the reference implementation says of a file: its JSON report and its failure codes. */
export async function referenceValidate(
  bytes: Uint8Array,
  mediaType: string,
  settings?: object,
): Promise<{ report: Record<string, unknown>; failures: ReferenceStatus[]; state: string }> {
  const m = await referenceC2pa();
  const reader = await m.WasmReader.fromBytes(mediaType, bytes, settings ? JSON.stringify(settings) : undefined);
  const report = JSON.parse(reader.json()) as Record<string, unknown>;
  reader.free();
  const results = report.validation_results as
    | {
        activeManifest?: { failure?: ReferenceStatus[] };
        ingredientDeltas?: { validationDeltas: { failure: ReferenceStatus[] } }[];
      }
    | undefined;
  const failures = [
    ...(results?.activeManifest?.failure ?? []),
    ...(results?.ingredientDeltas ?? []).flatMap((d) => d.validationDeltas.failure ?? []),
  ];
  return { report, failures, state: String(report.validation_state) };
}

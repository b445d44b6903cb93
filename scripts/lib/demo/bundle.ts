// Proof bundles as the demo writes them (a provisional format until the project defines its own): one folder
// per proof with bundle.json, plus proof.json and public.json exactly as snarkjs writes them, so that
// `snarkjs groth16 verify <verification_key.json> <dir>/public.json <dir>/proof.json` checks the proof.
import fs from "node:fs";
import path from "node:path";
import { loadManifest } from "../../../verifier/src/artifacts.ts";
import type { CircuitId } from "../../../verifier/src/circuits.ts";
import { parsePublicSignals } from "../../../verifier/src/codecs.ts";
import { groth16ProofSchema, type Groth16Proof } from "../../../verifier/src/proof.ts";

/** The bundle format's name and version. */
export const BUNDLE_FORMAT = "zkprov-proof-bundle";
export const BUNDLE_VERSION = 1;

/** A proof bundle: everything a regulator needs to check one proof offline. */
export interface ProofBundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  circuit: CircuitId;
  /** Hash of the verification key the proof is for (circuits/build/manifest.json). */
  vkeyHash: string;
  /** The proof and its public signals, exactly as snarkjs produces them. */
  proof: Groth16Proof;
  publicSignals: string[];
  /** The same public signals by name (decimal strings). */
  signals: Record<string, string | string[]>;
  /** The asset the proof is about (decimal; for mints it is also the token id). */
  assetHash: string;
  chainId: string;
  /** Registry roots the proof is against, by name (decimal); empty for royalty claims. */
  roots: Record<string, string>;
  /** Where the proof was used on chain. */
  usedAt: { contract: string; transaction: string };
}

/** Where one bundle's files are. */
export interface BundleFiles {
  dir: string;
  bundle: string;
  proof: string;
  publicSignals: string;
}

/** The files of bundle `name` under `outDir`. */
export function bundleFiles(outDir: string, name: string): BundleFiles {
  const dir = path.join(outDir, name);
  return {
    dir,
    bundle: path.join(dir, "bundle.json"),
    proof: path.join(dir, "proof.json"),
    publicSignals: path.join(dir, "public.json"),
  };
}

function named(circuit: CircuitId, publicSignals: string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(
    parsePublicSignals(circuit, publicSignals) as unknown as Record<string, unknown>,
  )) {
    out[k] = Array.isArray(v) ? v.map((x: bigint) => x.toString()) : (v as bigint).toString();
  }
  return out;
}

/**
 * Write one proof's bundle.json, proof.json and public.json into `outDir/name/` (replacing that folder).
 *
 * @example writeBundle("demo-output", "mint", { circuit: "provenance", proof, publicSignals, ... })
 */
export function writeBundle(
  outDir: string,
  name: string,
  p: {
    circuit: CircuitId;
    proof: Groth16Proof;
    publicSignals: string[];
    assetHash: bigint;
    chainId: bigint;
    roots: Record<string, bigint>;
    usedAt: { contract: string; transaction: string };
  },
): BundleFiles {
  const entry = loadManifest().circuits[p.circuit];
  if (!entry) throw new Error(`the circuit manifest has no ${p.circuit} circuit`);
  const files = bundleFiles(outDir, name);
  fs.rmSync(files.dir, { recursive: true, force: true });
  fs.mkdirSync(files.dir, { recursive: true });
  const bundle: ProofBundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    circuit: p.circuit,
    vkeyHash: entry.vkeyHash,
    proof: p.proof,
    publicSignals: p.publicSignals,
    signals: named(p.circuit, p.publicSignals),
    assetHash: p.assetHash.toString(),
    chainId: p.chainId.toString(),
    roots: Object.fromEntries(Object.entries(p.roots).map(([k, v]) => [k, v.toString()])),
    usedAt: p.usedAt,
  };
  fs.writeFileSync(files.bundle, JSON.stringify(bundle, null, 2) + "\n");
  fs.writeFileSync(files.proof, JSON.stringify(p.proof, null, 1) + "\n");
  fs.writeFileSync(files.publicSignals, JSON.stringify(p.publicSignals, null, 1) + "\n");
  return files;
}

/**
 * Read a bundle back, checking its shape and that proof.json and public.json next to it say the same.
 *
 * @throws {Error} naming the file that is malformed or disagrees with the bundle.
 */
export function readBundle(files: BundleFiles): ProofBundle {
  const bundle = JSON.parse(fs.readFileSync(files.bundle, "utf8")) as ProofBundle;
  if (bundle.format !== BUNDLE_FORMAT || bundle.version !== BUNDLE_VERSION) {
    throw new Error(`${files.bundle} is not a ${BUNDLE_FORMAT} v${BUNDLE_VERSION}`);
  }
  const proof = groth16ProofSchema.parse(JSON.parse(fs.readFileSync(files.proof, "utf8")));
  const publicSignals = JSON.parse(fs.readFileSync(files.publicSignals, "utf8")) as string[];
  if (JSON.stringify(proof) !== JSON.stringify(groth16ProofSchema.parse(bundle.proof))) {
    throw new Error(`${files.proof} differs from the proof in ${files.bundle}`);
  }
  if (JSON.stringify(publicSignals) !== JSON.stringify(bundle.publicSignals)) {
    throw new Error(`${files.publicSignals} differs from the public signals in ${files.bundle}`);
  }
  return bundle;
}

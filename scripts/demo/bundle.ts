// Proof bundles (format: verifier/bundle.ts) as the demo writes them: one folder
// per proof with bundle.json, plus proof.json and public.json exactly as snarkjs writes them, so that
// `snarkjs groth16 verify <verification_key.json> <dir>/public.json <dir>/proof.json` checks the proof.
import fs from "node:fs";
import path from "node:path";
import { loadManifest } from "../../artifacts/paths.ts";
import type { CircuitId } from "../../core/circuits.ts";
import { createBundle } from "../../verifier/bundle.ts";
import { groth16ProofSchema, type Groth16Proof } from "../../core/proof.ts";
import { parseBundle, type ProofBundle } from "../../core/formats/bundle.ts";

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
    chainId: bigint;
    usedAt: { contract: string; transaction: string };
  },
): BundleFiles {
  const entry = loadManifest().circuits[p.circuit];
  if (!entry) throw new Error(`the circuit manifest has no ${p.circuit} circuit`);
  const files = bundleFiles(outDir, name);
  fs.rmSync(files.dir, { recursive: true, force: true });
  fs.mkdirSync(files.dir, { recursive: true });
  const bundle = createBundle({ ...p, vkeyHash: entry.vkeyHash });
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
  const bundle = parseBundle(JSON.parse(fs.readFileSync(files.bundle, "utf8")));
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

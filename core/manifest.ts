// The circuit manifest's schema (circuits/build/manifest.json): pure, no file access, so that the
// verification page can read the pinned verification-key hashes in a browser. Loading it from disk is in
// artifacts.ts.
import { z } from "zod";
import { ArtifactIntegrityError, formatIssues } from "./errors.ts";

const hex = z.string().regex(/^[0-9a-f]{64}$/);
const fileEntry = z.object({ path: z.string(), sha256: hex, bytes: z.number().int().nonnegative() });

/** One circuit's record in manifest.json. */
export const circuitManifestSchema = z.object({
  template: z.string(),
  params: z.record(z.string(), z.number().int()),
  sourcesHash: hex,
  sources: z.array(z.string()),
  constraints: z.number().int().positive(),
  publicSignals: z.number().int().nonnegative(),
  requiredPtauPower: z.number().int().positive(),
  inspectWarnings: z.number().int().nonnegative(),
  ptauSha256: hex,
  setup: z.object({
    kind: z.enum(["local-dev", "ceremony"]),
    contributions: z.array(z.object({ name: z.string(), hash: z.string() })),
    insecure: z.boolean(),
  }),
  vkeyHash: z.string().regex(/^0x[0-9a-f]{64}$/),
  artifacts: z.object({
    r1cs: fileEntry,
    sym: fileEntry,
    wasm: fileEntry,
    zkey: fileEntry,
    vkey: fileEntry,
    solidity: fileEntry,
  }),
  builtAt: z.string(),
});
export type CircuitManifest = z.infer<typeof circuitManifestSchema>;

/** The whole manifest: compiler, powers of tau, and one record per circuit. */
export const manifestSchema = z.object({
  version: z.literal(1),
  compiler: z.string(),
  ptau: z
    .object({
      path: z.string(),
      sha256: hex,
      power: z.number().int().positive(),
      insecure: z.boolean(),
    })
    .optional(),
  circuits: z.record(z.string(), circuitManifestSchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * Validate a parsed manifest.json (`where` names its source in the error).
 *
 * @throws {ArtifactIntegrityError} if it does not match the manifest schema.
 * @example const m = parseManifest(await (await fetch("manifest.json")).json(), "manifest.json")
 */
export function parseManifest(value: unknown, where: string): Manifest {
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    throw new ArtifactIntegrityError(`manifest ${where} does not match the manifest schema`, {
      details: formatIssues(parsed.error.issues),
    });
  }
  return parsed.data;
}

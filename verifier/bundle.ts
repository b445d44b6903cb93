// The proof bundle: a versioned JSON document that carries one proof with everything needed to check it
// offline: circuit id, verification-key hash, the proof and public signals exactly as snarkjs writes them
// (so `snarkjs groth16 verify` checks it without zkprov), the same signals by name, asset, chain and roots.
import { z } from "zod";
import { CIRCUIT_IDS, registryRootSignals, subjectSignal, type CircuitId } from "../core/circuits.ts";
import { parsePublicSignals, type PublicSignalsOf } from "../core/codecs.ts";
import { InvalidInputError, issueLines } from "../core/errors.ts";
import { decimalStringSchema } from "../core/field.ts";
import { groth16ProofSchema, verifyGroth16, type Groth16Proof } from "../core/proof.ts";
import { vkeyHash, type VerificationKey } from "../core/vkey.ts";

/** The bundle format's name and current version. */
export const BUNDLE_FORMAT = "zkprov-proof-bundle";
export const BUNDLE_VERSION = 1;

const decimal = decimalStringSchema;
const namedSignal = z.union([decimal, z.array(decimal)]);

/** The bundle schema (zod): the single definition of the format, also its TypeScript type. */
export const proofBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  circuit: z.enum(CIRCUIT_IDS as [CircuitId, ...CircuitId[]]),
  vkeyHash: z.string().regex(/^0x[0-9a-f]{64}$/, "0x and 64 lowercase hex digits"),
  proof: groth16ProofSchema,
  publicSignals: z.array(decimal),
  signals: z.record(z.string(), namedSignal),
  assetHash: decimal,
  chainId: decimal,
  roots: z.record(z.string(), decimal),
  usedAt: z.object({ contract: z.string(), transaction: z.string() }).optional(),
});
export type ProofBundle = z.infer<typeof proofBundleSchema>;

function stringify(named: object): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(named).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
}

/** What createBundle needs. */
export interface BundleInput<C extends CircuitId> {
  circuit: C;
  vkeyHash: string;
  proof: Groth16Proof;
  publicSignals: string[];
  /** What the proof is about; default: the circuit's subject signal (circuits.json `subject`). */
  assetHash?: bigint;
  chainId: bigint;
  /** The registry roots it is against; default: the circuit's root signals (circuits.json `registryRoots`). */
  roots?: Record<string, bigint>;
  usedAt?: { contract: string; transaction: string };
}

/**
 * Make a bundle from a proof and its public signals (named signals are derived, never taken as given; so are
 * the subject and the registry roots unless given).
 *
 * @throws {InvalidInputError} if the public signals do not fit the circuit.
 * @example createBundle({ circuit: "provenance", vkeyHash, proof, publicSignals, chainId: 31337n })
 */
export function createBundle<C extends CircuitId>(b: BundleInput<C>): ProofBundle {
  const named = parsePublicSignals(b.circuit, b.publicSignals) as unknown as Record<string, unknown>;
  const signal = (name: string) => named[name] as bigint;
  const roots = b.roots ?? Object.fromEntries(Object.keys(registryRootSignals(b.circuit)).map((n) => [n, signal(n)]));
  return parseBundle({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    circuit: b.circuit,
    vkeyHash: b.vkeyHash,
    proof: b.proof,
    publicSignals: b.publicSignals,
    signals: stringify(named),
    assetHash: (b.assetHash ?? signal(subjectSignal(b.circuit))).toString(),
    chainId: b.chainId.toString(),
    roots: Object.fromEntries(Object.entries(roots).map(([k, v]) => [k, v.toString()])),
    ...(b.usedAt ? { usedAt: b.usedAt } : {}),
  });
}

/**
 * Validate a bundle (parsed JSON) against the schema.
 *
 * @throws {InvalidInputError} naming each field that is missing or malformed.
 * @example const bundle = parseBundle(JSON.parse(fs.readFileSync("bundle.json", "utf8")))
 */
export function parseBundle(value: unknown): ProofBundle {
  const parsed = proofBundleSchema.safeParse(value);
  if (!parsed.success) {
    const issues = issueLines(parsed.error.issues);
    // The first failing field is named in the one-line message itself; the rest in details.
    throw new InvalidInputError(`not a ${BUNDLE_FORMAT} v${BUNDLE_VERSION} document: ${issues[0]}`, {
      details: issues.join("; "),
    });
  }
  return parsed.data;
}

/** One named check of verifyBundle. */
export interface BundleCheck {
  name: "verification key" | "named signals" | "proof" | "asset" | "roots";
  status: "pass" | "fail" | "skipped";
  reason: string;
}

/** The outcome of verifyBundle: valid only when no check failed. */
export interface BundleReport {
  valid: boolean;
  circuit: CircuitId;
  checks: BundleCheck[];
}

/** Options of verifyBundle. */
export interface VerifyBundleOptions {
  /** The pinned verification key of the bundle's circuit. */
  vkey: VerificationKey;
  /** Answers whether a registry root was known (snapshot or chain); roots are skipped without it. */
  isKnownRoot?: (name: string, root: bigint) => boolean | Promise<boolean>;
}

/**
 * Verify a bundle offline and report each check by name: the verification key matches the pinned one (a
 * bundle for another key is refused before anything else), the named signals agree with publicSignals,
 * the proof verifies, the asset hash is the one proven, and each root is known.
 *
 * @throws {InvalidInputError} for a document that is not a bundle.
 * @example const report = await verifyBundle(bundle, { vkey }); report.checks.forEach((c) => console.log(c.name, c.status))
 */
export async function verifyBundle(value: unknown, o: VerifyBundleOptions): Promise<BundleReport> {
  const bundle = parseBundle(value);
  const checks: BundleCheck[] = [];
  const add = (name: BundleCheck["name"], ok: boolean | "skipped", reason: string) =>
    checks.push({ name, status: ok === "skipped" ? "skipped" : ok ? "pass" : "fail", reason });
  const report = (): BundleReport => ({
    valid: checks.every((c) => c.status !== "fail"),
    circuit: bundle.circuit,
    checks,
  });

  const pinned = vkeyHash(o.vkey);
  if (pinned !== bundle.vkeyHash) {
    add("verification key", false, `the bundle is for key ${bundle.vkeyHash}, the pinned key is ${pinned}`);
    return report();
  }
  add("verification key", true, `matches the pinned key ${pinned}`);

  let named: PublicSignalsOf<CircuitId>;
  try {
    named = parsePublicSignals(bundle.circuit, bundle.publicSignals);
  } catch (e) {
    add("named signals", false, (e as InvalidInputError).shortMessage);
    return report();
  }
  const consistent = JSON.stringify(stringify(named)) === JSON.stringify(bundle.signals);
  add("named signals", consistent, consistent ? "agree with publicSignals" : "differ from publicSignals");

  const ok = await verifyGroth16(o.vkey, bundle.proof, bundle.publicSignals);
  add("proof", ok, ok ? "Groth16 proof verifies for these public signals" : "the proof does not verify");

  const proven = (named as unknown as Record<string, unknown>)[subjectSignal(bundle.circuit)];
  add(
    "asset",
    proven === BigInt(bundle.assetHash),
    proven === BigInt(bundle.assetHash) ? "the proven asset hash" : "assetHash differs from the proven one",
  );

  const provenRoot = (name: string) => (named as unknown as Record<string, unknown>)[name];
  const mismatched = Object.entries(bundle.roots).filter(([name, root]) => provenRoot(name) !== BigInt(root));
  if (mismatched.length > 0) {
    add("roots", false, `${mismatched.map(([n]) => n).join(", ")} is not a root the proof is against`);
  } else if (!o.isKnownRoot) add("roots", "skipped", "no registry snapshot or chain given");
  else if (Object.keys(bundle.roots).length === 0)
    add("roots", "skipped", "this circuit proves against no registry root");
  else {
    const unknown: string[] = [];
    for (const [name, root] of Object.entries(bundle.roots))
      if (!(await o.isKnownRoot(name, BigInt(root)))) unknown.push(name);
    add("roots", unknown.length === 0, unknown.length ? `unknown ${unknown.join(", ")} root` : "every root is known");
  }
  return report();
}

// Making and checking proof bundles: createBundle derives the named signals, subject and roots from the public
// signals; verifyBundle checks a bundle offline and reports each check by name. The format itself (a versioned
// JSON document with the proof exactly as snarkjs writes it) is core/formats/bundle.ts.
import { registryRoots, subjectSignal, type CircuitId, type RegistryTreeName } from "../core/circuits.ts";
import { parsePublicSignals, type PublicSignalsOf } from "../core/codecs.ts";
import type { InvalidInputError } from "../core/errors.ts";
import { BUNDLE_FORMAT, BUNDLE_VERSION, parseBundle, type ProofBundle } from "../core/formats/bundle.ts";
import { verifyGroth16, type Groth16Proof } from "../core/proof.ts";
import { vkeyHash, type VerificationKey } from "../core/vkey.ts";
import type { Verdict } from "./verdicts.ts";

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
  usedAt?: { contract: string; transaction: string };
}

/**
 * Make a bundle from a proof and its public signals. The named signals and the registry roots (the signals
 * circuits.json `registryRoots` names) are derived from the public signals, never taken as given; so is the subject (circuits.json `subject`) unless given.
 *
 * @throws {InvalidInputError} if the public signals do not fit the circuit.
 * @example createBundle({ circuit: "provenance", vkeyHash, proof, publicSignals, chainId: 31337n })
 */
export function createBundle<C extends CircuitId>(b: BundleInput<C>): ProofBundle {
  const named = parsePublicSignals(b.circuit, b.publicSignals) as unknown as Record<string, bigint>;
  return parseBundle({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    circuit: b.circuit,
    vkeyHash: b.vkeyHash,
    proof: b.proof,
    publicSignals: b.publicSignals,
    signals: stringify(named),
    assetHash: (b.assetHash ?? named[subjectSignal(b.circuit)]!).toString(),
    chainId: b.chainId.toString(),
    roots: Object.fromEntries(registryRoots(b.circuit).map((r) => [r.signal, named[r.signal]!.toString()])),
    ...(b.usedAt ? { usedAt: b.usedAt } : {}),
  });
}

/** One named check of verifyBundle. */
export interface BundleCheck {
  name: "verification key" | "named signals" | "proof" | "asset" | "roots";
  status: "pass" | "fail" | "skipped";
  reason: string;
}

export { VERDICTS, type Verdict } from "./verdicts.ts";

/**
 * The outcome of verifyBundle. `valid` only when no check failed and, for a circuit that proves against
 * registry roots, every root was found known: a proof whose roots were not checked is "unchecked", not valid.
 */
export interface BundleReport {
  valid: boolean;
  verdict: Verdict;
  circuit: CircuitId;
  checks: BundleCheck[];
}

/** Options of verifyBundle. */
export interface VerifyBundleOptions {
  /** The pinned verification key of the bundle's circuit. */
  vkey: VerificationKey;
  /**
   * Answers whether `root` is (or was, within its window) a root of registry tree `tree` (snapshot or
   * chain). Without it the roots are not checked and the verdict is at best "unchecked".
   */
  isKnownRoot?: (tree: RegistryTreeName, root: bigint) => boolean | Promise<boolean>;
}

/**
 * Verify a bundle offline and report each check by name: the verification key matches the pinned one (a
 * bundle for another key is refused before anything else), the named signals agree with publicSignals,
 * the proof verifies, the asset hash is the one proven, and each registry root is known. Which public
 * signals are registry roots, and of which tree, comes from the circuit's definition (circuits.json), never
 * from the bundle: a bundle whose `roots` omits, alters or adds one fails the roots check by name. Checks
 * drawn from the public signals (asset, roots) are "not checked" when the proof does not verify.
 *
 * @throws {InvalidInputError} for a document that is not a bundle.
 * @example const report = await verifyBundle(bundle, { vkey, isKnownRoot }); report.verdict // "valid"
 */
export async function verifyBundle(value: unknown, o: VerifyBundleOptions): Promise<BundleReport> {
  const bundle = parseBundle(value);
  const checks: BundleCheck[] = [];
  const add = (name: BundleCheck["name"], ok: boolean | "skipped", reason: string) =>
    checks.push({ name, status: ok === "skipped" ? "skipped" : ok ? "pass" : "fail", reason });
  const expected = registryRoots(bundle.circuit);
  const report = (): BundleReport => {
    const failed = checks.some((c) => c.status === "fail");
    const rootsChecked = expected.length === 0 || checks.some((c) => c.name === "roots" && c.status === "pass");
    const verdict: Verdict = failed ? "invalid" : rootsChecked ? "valid" : "unchecked";
    return { valid: verdict === "valid", verdict, circuit: bundle.circuit, checks };
  };

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
  if (!ok) {
    // A value no valid proof stands behind passes nothing.
    const why = "not checked: the proof does not verify, so no valid proof stands behind its public signals";
    add("asset", "skipped", why);
    add("roots", "skipped", why);
    return report();
  }

  const proven = (named as unknown as Record<string, unknown>)[subjectSignal(bundle.circuit)];
  add(
    "asset",
    proven === BigInt(bundle.assetHash),
    proven === BigInt(bundle.assetHash) ? "the proven asset hash" : "assetHash differs from the proven one",
  );

  const signal = (name: string) => (named as unknown as Record<string, bigint>)[name]!;
  const problems: string[] = [];
  for (const r of expected) {
    const given = bundle.roots[r.signal];
    if (given === undefined) problems.push(`the bundle's roots omit ${r.signal} (the ${r.tree} registry root)`);
    else if (BigInt(given) !== signal(r.signal))
      problems.push(`the bundle's ${r.signal} is not the ${r.tree} registry root the proof is against`);
  }
  for (const name of Object.keys(bundle.roots))
    if (!expected.some((r) => r.signal === name))
      problems.push(`the bundle's roots name ${name}, which is not a registry root of the ${bundle.circuit} circuit`);
  if (problems.length > 0) add("roots", false, problems.join("; "));
  else if (expected.length === 0)
    add("roots", "skipped", `does not apply: a ${bundle.circuit} proof is against no registry`);
  else if (!o.isKnownRoot)
    add(
      "roots",
      "skipped",
      `not checked: no registry snapshot or chain given for ${expected.map((r) => `${r.signal} (${r.tree})`).join(", ")}`,
    );
  else {
    const unknown: string[] = [];
    for (const r of expected) if (!(await o.isKnownRoot(r.tree, signal(r.signal)))) unknown.push(r.signal);
    add(
      "roots",
      unknown.length === 0,
      unknown.length
        ? `unknown ${unknown.join(", ")} root`
        : `every registry root is known (${expected.map((r) => r.signal).join(", ")})`,
    );
  }
  return report();
}

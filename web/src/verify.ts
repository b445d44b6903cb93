// The page's verification, apart from the DOM: load the published verification keys and check them against
// their pins, then verify a bundle with the verifier library and add the statement, asset-file and audit
// checks. Everything runs in the page; the only network use is the verification keys (same origin, at load)
// and, when the regulator gives one, the chain's RPC URL (roots and the mint's block time).
import { assetHashFromSha256 } from "../../core/asset.ts";
import { AUDIT_FIELDS, type AuditRecord } from "../../verifier/audit.ts";
import { verifyBundle, type BundleCheck, type Verdict } from "../../verifier/bundle.ts";
import type { RegistryTreeName } from "../../core/circuits.ts";
import { verifyAsset, type AssetCheckName, type ClaimSignerInfo } from "../../verifier/c2pa/verify-asset.ts";
import { ZkprovError } from "../../core/errors.ts";
import { auditBundle, type RegulatorKey } from "../../verifier/regulator-key.ts";
import { readChainFacts, type ChainFacts, type ChainSource } from "../../verifier/chain.ts";
import {
  checkAttestationAge,
  checkProofTime,
  checkRights,
  formatTime,
  type StatementCheck,
} from "../../verifier/statement.ts";
import { vkeyHash, type VerificationKey } from "../../core/vkey.ts";
import { parseBundle, type ProofBundle } from "../../core/formats/bundle.ts";
import { type RegistrySnapshot } from "../../core/formats/snapshot.ts";

/** The pins compiled into the page (web/vite.config.ts). */
export interface PagePin {
  vkeyHash: string;
  insecureSetup: boolean;
  vkeyFile: string;
}
declare const __ZKPROV_PINS__: Record<string, PagePin>;
/** Each circuit's pinned verification-key hash, from the circuit manifest at build time. */
export const PINS: Record<string, PagePin> = __ZKPROV_PINS__;

/** A published verification key as loaded: the key, or why it cannot be used. */
export type LoadedKey = { ok: true; vkey: VerificationKey; hash: string } | { ok: false; reason: string };

/**
 * Fetch every circuit's verification key shipped with the page and check it against its pinned hash.
 *
 * @example const keys = await loadVerificationKeys(); keys.provenance.ok
 */
export async function loadVerificationKeys(): Promise<Record<string, LoadedKey>> {
  const out: Record<string, LoadedKey> = {};
  await Promise.all(
    Object.entries(PINS).map(async ([id, pin]) => {
      try {
        const res = await fetch(new URL(pin.vkeyFile, document.baseURI));
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const vkey = (await res.json()) as VerificationKey;
        const hash = vkeyHash(vkey);
        out[id] =
          hash === pin.vkeyHash
            ? { ok: true, vkey, hash }
            : {
                ok: false,
                reason: `the ${id} verification key served with this page (hash ${hash}) is not the published one (pinned ${pin.vkeyHash})`,
              };
      } catch (e) {
        out[id] = { ok: false, reason: `the ${id} verification key could not be loaded (${(e as Error).message})` };
      }
    }),
  );
  return out;
}

/** A check as the page shows it. */
export interface PageCheck {
  name: BundleCheck["name"] | StatementCheck["name"] | AssetCheckName | "asset file" | "audit record";
  status: "pass" | "fail" | "skipped";
  reason: string;
}

export type { ChainSource };

/** What the page verifies with. */
export interface VerifyInput {
  bundle: unknown;
  keys: Record<string, LoadedKey>;
  snapshots: { file: string; snapshot: RegistrySnapshot }[];
  chain?: ChainSource;
  /** The asset file the user loaded: its name and SHA-256 (hex), hashed by the page as a stream. */
  asset?: { name: string; sha256: string };
  /** An image whose Content Credentials carry the bundle: its C2PA checks are added (docs/C2PA.md). */
  credentials?: { name: string; bytes: Uint8Array };
  /** Allowed difference in seconds between the proof time and when it was used. */
  window: bigint;
  now: bigint;
}

/** The verification result the page shows and exports. */
export interface VerificationResult {
  valid: boolean;
  /** The library's verdict on the bundle (valid, invalid, or "proof verifies; registry membership not checked"). */
  verdict: Verdict;
  complete: boolean;
  bundle: ProofBundle;
  checks: PageCheck[];
  chainNote?: string;
  asset?: { name: string; sha256: string; assetHash: string; matches: boolean };
  /** Who signed the C2PA claim of a dropped image: shown apart from the verdict. */
  signer?: ClaimSignerInfo;
}

/** The checks verifyAsset adds to a bundle's when the bundle came inside an image. */
const C2PA_CHECKS: readonly AssetCheckName[] = [
  "content credentials",
  "hard binding",
  "manifest",
  "claim signature",
  "zkprov assertion",
  "asset binding",
  "training-mining",
];

/**
 * Verify a bundle: the library's checks (verification key, named signals, proof, asset, roots), then the
 * proof time, the rights, and the asset file if one was given.
 *
 * @throws {InvalidInputError} if the document is not a proof bundle.
 * @example const result = await verifyInPage({ bundle, keys, snapshots: [], window: 3600n, now })
 */
export async function verifyInPage(i: VerifyInput): Promise<VerificationResult> {
  const bundle = parseBundle(i.bundle);
  const checks: PageCheck[] = [];
  const key = i.keys[bundle.circuit];
  if (!key || !key.ok) {
    checks.push({
      name: "verification key",
      status: "fail",
      reason: key ? key.reason : `this page has no ${bundle.circuit} verification key`,
    });
    for (const name of ["named signals", "proof", "asset", "roots", "proof time", "attestation age", "rights"] as const)
      checks.push({ name, status: "skipped", reason: "not checked: the verification key check failed" });
    return { valid: false, verdict: "invalid", complete: false, bundle, checks };
  }

  // An image's Content Credentials: the same verifyAsset as `zkprov verify asset.jpg`; the bundle checks follow.
  let signer: ClaimSignerInfo | undefined;
  if (i.credentials) {
    const a = await verifyAsset(i.credentials.bytes, { vkey: key.vkey }, i.credentials.name);
    checks.push(...a.checks.filter((c) => C2PA_CHECKS.includes(c.name)));
    signer = a.signer;
  }

  let chain: ChainFacts | undefined;
  let chainNote: string | undefined;
  if (i.chain) {
    try {
      chain = await readChainFacts(i.chain, bundle);
      chainNote = chain.note;
    } catch (e) {
      chainNote = `the chain could not be asked: ${(e as Error).message.split("\n")[0]}`;
    }
  }
  const snapshotRoots = new Map<RegistryTreeName, Set<bigint>>();
  for (const { snapshot } of i.snapshots) {
    if (!snapshotRoots.has(snapshot.tree)) snapshotRoots.set(snapshot.tree, new Set());
    snapshotRoots.get(snapshot.tree)!.add(snapshot.root);
  }
  const haveSources = i.snapshots.length > 0 || chain !== undefined;
  const report = await verifyBundle(bundle, {
    vkey: key.vkey,
    ...(haveSources
      ? {
          isKnownRoot: (tree: RegistryTreeName, root: bigint) =>
            (snapshotRoots.get(tree)?.has(root) ?? false) || (chain?.known.get(tree) ?? false),
        }
      : {}),
  });
  checks.push(...report.checks);
  // verifyBundle stops at the first check that makes the rest meaningless: list those as not checked.
  const stopped = report.checks.find((c) => c.status === "fail")?.name;
  for (const name of ["named signals", "proof", "asset", "roots"] as const)
    if (!report.checks.some((c) => c.name === name))
      checks.push({ name, status: "skipped", reason: `not checked: the ${stopped} check failed` });

  const proofOk = report.checks.some((c) => c.name === "proof" && c.status === "pass");
  if (proofOk) {
    // The proof verifies: the statement checks read values a valid proof stands behind.
    checks.push(checkProofTime(bundle, { now: i.now, window: i.window, ...(chain?.gate ? { gate: chain.gate } : {}) }));
    checks.push(checkAttestationAge(bundle, chain?.gate));
    checks.push(checkRights(bundle));
  } else {
    // A value no valid proof stands behind passes nothing.
    for (const name of ["proof time", "attestation age", "rights"] as const)
      checks.push({ name, status: "skipped", reason: `not checked: the ${stopped} check failed` });
  }

  let asset: VerificationResult["asset"];
  if (i.asset) {
    const hash = assetHashFromSha256(i.asset.sha256);
    const matches = hash === BigInt(bundle.assetHash);
    asset = { name: i.asset.name, sha256: i.asset.sha256, assetHash: hash.toString(), matches };
    checks.push({
      name: "asset file",
      status: matches ? "pass" : "fail",
      reason: matches
        ? `${i.asset.name} is the asset this proof is about`
        : `${i.asset.name} is not the asset this proof is about (its hash differs)`,
    });
  } else checks.push({ name: "asset file", status: "skipped", reason: "no asset file given" });

  const failed = checks.some((c) => c.status === "fail");
  return {
    valid: !failed && report.verdict === "valid",
    verdict: failed ? "invalid" : report.verdict,
    complete: checks.every((c) => c.status === "pass" || (c.name === "asset file" && c.status === "skipped")),
    bundle,
    checks,
    ...(chainNote ? { chainNote } : {}),
    ...(asset ? { asset } : {}),
    ...(signer ? { signer } : {}),
  };
}

/** A decrypted audit field with its name from registry metadata, if a loaded snapshot names it. */
export interface AuditField {
  field: (typeof AUDIT_FIELDS)[number];
  value: string;
  name?: string;
  source?: string;
}

/**
 * Decrypt the bundle's audit record with the regulator key and look each value up in the loaded snapshots.
 *
 * @throws {InvalidInputError} if the bundle is not a provenance proof or was encrypted to another key.
 * @example const fields = auditInPage(bundle, key, snapshots)
 */
export function auditInPage(
  bundle: ProofBundle,
  key: RegulatorKey,
  snapshots: { file: string; snapshot: RegistrySnapshot }[],
): AuditField[] {
  const record: AuditRecord = auditBundle(bundle, key);
  return AUDIT_FIELDS.map((field) => {
    const value = record[field];
    const hit = snapshots.find((s) => s.snapshot.names.has(value));
    return {
      field,
      value: "0x" + value.toString(16).padStart(64, "0"),
      ...(hit ? { name: hit.snapshot.names.get(value)!, source: hit.file } : {}),
    };
  });
}

/** The message of an error for the page: a zkprov error's short message and details, or the error's message. */
export function errorText(e: unknown): string {
  if (e instanceof ZkprovError) return e.details ? `${e.shortMessage} (${e.details})` : e.shortMessage;
  return e instanceof Error ? e.message : String(e);
}

export { formatTime };

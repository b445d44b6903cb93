// Verify an asset that carries a zkprov proof as Content Credentials: the C2PA manifest (hard binding,
// assertion hashes, claim signature) and then the embedded proof bundle through the same verifyBundle a
// bundle file goes through, plus what ties the two together: the proof is for this file's content bytes and
// the stated training-and-data-mining terms are the proven rights. Every check is reported by name.
import { verifyBundle, type BundleCheck, type Verdict, type VerifyBundleOptions } from "../bundle.ts";
import { parsePublicSignals } from "../../core/codecs.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { contentAssetHashOf } from "./content.ts";
import { trainingMiningFor, CAWG_TRAINING_MINING_LABEL } from "./format.ts";
import { parseZkprovAssertion, ZKPROV_ASSERTION_LABEL } from "../../core/formats/c2pa-assertion.ts";
import { readContentCredentials, type ContentCredentials } from "./read.ts";
import { type ProofBundle } from "../../core/formats/bundle.ts";

/** The checks of an asset, in the order they run; the bundle's own checks sit between them. */
export type AssetCheckName =
  | "content credentials"
  | "hard binding"
  | "manifest"
  | "claim signature"
  | "zkprov assertion"
  | BundleCheck["name"]
  | "asset binding"
  | "training-mining";

/** One named check of verifyAsset. */
export interface AssetCheck {
  name: AssetCheckName;
  status: "pass" | "fail" | "skipped";
  reason: string;
}

/** Who signed the C2PA claim. Reported beside the verdict, never part of it: zkprov trusts the proof. */
export interface ClaimSignerInfo {
  subject: string;
  issuer: string;
  /** True for zkprov's per-asset ephemeral certificate, which names nobody. */
  ephemeral: boolean;
  /** The signer's trust: zkprov checks no trust list, so a C2PA trust decision is the reader's own. */
  trust: "not checked against a trust list";
}

/** The outcome of verifyAsset: valid only when no check failed. */
export interface AssetReport {
  /** True only when the verdict is "valid": no check failed and the embedded proof's registry roots were checked. */
  valid: boolean;
  /** The verdict, in the words of VERDICTS: "unchecked" when the proof verifies but no registry was given. */
  verdict: Verdict;
  checks: AssetCheck[];
  mediaType?: string;
  manifestLabel?: string;
  /** SHA-256 of the embedded manifest store (hex): what a mint may record. */
  manifestStoreHash?: string;
  signer?: ClaimSignerInfo;
  /** The embedded bundle, when it parsed (for audit decryption and minting). */
  bundle?: ProofBundle;
  /** The parent manifests the asset already carried (ingredients of the active one). */
  ingredients?: ContentCredentials["ingredients"];
}

const EPHEMERAL_SUBJECT_CN = "CN=zkprov ephemeral claim signer";
const codeIs = (prefix: string) => (e: { code: string }) => e.code.startsWith(prefix);

/**
 * Verify an asset's embedded zkprov proof and its Content Credentials, each check by name. Without
 * `isKnownRoot` the roots are skipped, so the verdict is "proof verifies, registry not checked" as for a bundle.
 *
 * @throws {InvalidInputError} if the file is neither a JPEG nor a PNG.
 * @example const report = await verifyAsset(fs.readFileSync("art.jpg"), { vkey, isKnownRoot })
 */
export async function verifyAsset(bytes: Uint8Array, o: VerifyBundleOptions, what = "the asset"): Promise<AssetReport> {
  const checks: AssetCheck[] = [];
  const add = (name: AssetCheckName, ok: boolean | "skipped", reason: string) =>
    checks.push({ name, status: ok === "skipped" ? "skipped" : ok ? "pass" : "fail", reason });
  const out: AssetReport = { valid: false, verdict: "invalid", checks };
  let bundleVerdict: Verdict = "invalid";
  const done = (): AssetReport => {
    const verdict: Verdict = checks.some((c) => c.status === "fail") ? "invalid" : bundleVerdict;
    return { ...out, verdict, valid: verdict === "valid" };
  };

  const cc = await readContentCredentials(bytes, what);
  if (!cc) {
    add(
      "content credentials",
      false,
      `${what} carries no C2PA manifest: the credentials were stripped or never embedded`,
    );
    return done();
  }
  Object.assign(out, {
    mediaType: cc.mediaType,
    manifestLabel: cc.manifestLabel,
    manifestStoreHash: cc.manifestStoreHash,
    ingredients: cc.ingredients,
  });
  add("content credentials", true, `active manifest ${cc.manifestLabel} (${cc.manifests.length} in the store)`);

  // Hard binding: c2pa.hash.data over the file minus its exclusion range.
  const failures = cc.validation.filter((e) => e.success === false);
  const hashMismatch = failures.find(codeIs("assertion.dataHash"));
  const hashMatch = cc.validation.find((e) => e.code === "assertion.dataHash.match");
  const coversStore =
    cc.exclusions.length === cc.storeRanges.length &&
    cc.exclusions.every((e, i) => e.start === cc.storeRanges[i]!.start && e.length === cc.storeRanges[i]!.length);
  if (hashMismatch || !hashMatch) {
    add(
      "hard binding",
      false,
      !hashMatch && !hashMismatch
        ? "the manifest has no c2pa.hash.data hard binding"
        : coversStore
          ? "c2pa.hash.data does not match: the asset's bytes were changed after the manifest was signed"
          : "c2pa.hash.data does not match and its exclusion range is not where the manifest sits in this file: the manifest was made for another file",
    );
  } else add("hard binding", true, "c2pa.hash.data matches the file minus the manifest");

  // The claim's references to its assertions, and the claim signature.
  const zkUri = cc.zkprovUri;
  const uriFailures = failures.filter(codeIs("assertion."));
  const zkEdited = uriFailures.some(
    (e) => zkUri !== undefined && e.url?.endsWith(zkUri) === true && e.code === "assertion.hashedURI.mismatch",
  );
  const otherFailures = failures.filter(
    (e) =>
      !codeIs("assertion.dataHash")(e) && !codeIs("claimSignature")(e) && !codeIs("signingCredential.untrusted")(e),
  );
  add(
    "manifest",
    otherFailures.length === 0,
    otherFailures.length === 0
      ? "every assertion matches the hash the claim holds"
      : otherFailures
          .map((e) => `${e.code}${e.url ? ` (${e.url.replace(/^.*c2pa\.assertions\//, "")})` : ""}`)
          .join(", "),
  );
  const sigFail = failures.find(codeIs("claimSignature"));
  const sigOk = cc.validation.some((e) => e.code === "claimSignature.validated");
  add(
    "claim signature",
    !sigFail && sigOk,
    sigFail
      ? `${sigFail.code}: the claim was changed after signing`
      : sigOk
        ? "the claim's signature verifies under its certificate"
        : "not validated",
  );
  if (cc.signer)
    out.signer = {
      subject: cc.signer.subject,
      issuer: cc.signer.issuer,
      ephemeral: cc.signer.subject.startsWith(EPHEMERAL_SUBJECT_CN),
      trust: "not checked against a trust list",
    };

  // The zkprov assertion and its bundle, verified as any bundle is.
  if (cc.zkprov === undefined) {
    add("zkprov assertion", false, `the active manifest has no ${ZKPROV_ASSERTION_LABEL} assertion`);
    return done();
  }
  let bundle: ProofBundle;
  try {
    bundle = parseZkprovAssertion(cc.zkprov).bundle;
  } catch (e) {
    add("zkprov assertion", false, (e as InvalidInputError).shortMessage);
    return done();
  }
  if (bundle.circuit !== "provenance") {
    add("zkprov assertion", false, `it carries a ${bundle.circuit} proof, not provenance`);
    return done();
  }
  add(
    "zkprov assertion",
    !zkEdited,
    zkEdited
      ? `${ZKPROV_ASSERTION_LABEL} was changed after the claim was signed`
      : `${ZKPROV_ASSERTION_LABEL} holds a provenance bundle`,
  );
  out.bundle = bundle;
  const report = await verifyBundle(bundle, o);
  bundleVerdict = report.verdict;
  checks.push(...report.checks);
  if (report.checks.some((c) => c.name === "verification key" && c.status === "fail")) return done();

  const signals = parsePublicSignals("provenance", bundle.publicSignals);
  const content = contentAssetHashOf(bytes, what);
  add(
    "asset binding",
    signals.assetHash === content,
    signals.assetHash === content
      ? "the proof is for this file's content: the bytes the hard binding covers"
      : `the embedded proof was made for another asset (asset hash ${signals.assetHash}), not this file's content (${content})`,
  );
  const expected = trainingMiningFor(signals.grantedRights);
  const stated = cc.trainingMining;
  const same =
    stated !== undefined &&
    Object.keys(stated).length === Object.keys(expected).length &&
    Object.entries(expected).every(
      ([k, e]) => stated[k]?.use === e.use && (stated[k]?.constraint_info ?? undefined) === e.constraint_info,
    );
  add(
    "training-mining",
    same,
    stated === undefined
      ? `the manifest states no ${CAWG_TRAINING_MINING_LABEL} terms`
      : same
        ? `${CAWG_TRAINING_MINING_LABEL} states exactly the proven rights (grantedRights ${signals.grantedRights})`
        : `${CAWG_TRAINING_MINING_LABEL} differs from what the proven rights (grantedRights ${signals.grantedRights}) allow`,
  );
  return done();
}

// Read an asset's Content Credentials: the manifest store, the active manifest's assertions zkprov cares about,
// and the C2PA validation of that manifest (hard binding, assertion hashes, claim signature) by c2pa-ts.
// Browser-safe (c2pa-ts is pure TypeScript over WebCrypto).
import { JPEG, PNG, type Asset } from "@trustnxt/c2pa-ts/asset";
import { CBORBox, SuperBox } from "@trustnxt/c2pa-ts/jumbf";
import {
  ActionAssertion,
  DataHashAssertion,
  IngredientAssertion,
  ManifestStore,
  TrainingAndDataMiningAssertion,
  ValidationResult,
  type ValidationStatusEntry,
} from "@trustnxt/c2pa-ts/manifest";
import { InvalidInputError } from "../../core/errors.ts";
import { c2paMediaTypeOf, manifestRanges, type ByteRange } from "./content.ts";
import { CAWG_TRAINING_MINING_LABEL, type C2paMediaType, type TrainingMiningEntry } from "./format.ts";
import { ZKPROV_ASSERTION_LABEL } from "../../core/formats/c2pa-assertion.ts";

/** What an asset's active manifest says, and what c2pa-ts found validating it. */
export interface ContentCredentials {
  mediaType: C2paMediaType;
  /** The active manifest's label (urn:c2pa:…). */
  manifestLabel: string;
  /** Every manifest label in the store, oldest first. */
  manifests: string[];
  /** SHA-256 of the manifest store's bytes as embedded (hex). */
  manifestStoreHash: string;
  /** c2pa-ts's status entries for the active manifest. */
  validation: ValidationStatusEntry[];
  /** The hard binding's exclusion ranges and where the manifest store actually sits in this file. */
  exclusions: ByteRange[];
  storeRanges: ByteRange[];
  /** The decoded CBOR content of the zkprov assertion, if the manifest has one. */
  zkprov?: unknown;
  /** The end of the zkprov assertion's JUMBF URI (status entries name it relative or absolute). */
  zkprovUri?: string;
  trainingMining?: Record<string, TrainingMiningEntry>;
  actions: { action: string; digitalSourceType?: string }[];
  ingredients: { title?: string; relationship?: string; activeManifest?: string }[];
  /** The claim signer's certificate subject and issuer, as the manifest says (not checked against any trust list). */
  signer?: { subject: string; issuer: string };
}

function assetOf(bytes: Uint8Array, what: string): { asset: Asset; mediaType: C2paMediaType } {
  const mediaType = c2paMediaTypeOf(bytes);
  if (mediaType === "image/jpeg" && JPEG.canRead(bytes)) return { asset: new JPEG(bytes), mediaType };
  if (mediaType === "image/png" && PNG.canRead(bytes)) return { asset: new PNG(bytes), mediaType };
  throw new InvalidInputError(`${what} is neither a JPEG nor a PNG: zkprov reads Content Credentials in those only`);
}

const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");

/**
 * Read and validate an asset's Content Credentials; undefined when the file carries none.
 *
 * @throws {InvalidInputError} if the file is neither a JPEG nor a PNG, or its manifest store cannot be parsed.
 * @example const cc = await readContentCredentials(fs.readFileSync("signed.jpg")); cc?.validation
 */
export async function readContentCredentials(
  input: Uint8Array,
  what = "the asset",
): Promise<ContentCredentials | undefined> {
  const bytes = new Uint8Array(input);
  const { asset, mediaType } = assetOf(bytes, what);
  const jumbf = asset.getManifestJUMBF();
  if (!jumbf) return undefined;
  let store: ManifestStore;
  try {
    store = ManifestStore.read(SuperBox.fromBuffer(jumbf as Uint8Array<ArrayBuffer>));
  } catch (cause) {
    throw new InvalidInputError(`${what}'s C2PA manifest store cannot be parsed (corrupt manifest)`, { cause });
  }
  const manifest = store.getActiveManifest();
  if (!manifest?.label || !manifest.assertions)
    throw new InvalidInputError(`${what}'s C2PA manifest store has no active manifest`);
  let validation: ValidationResult;
  try {
    validation = await manifest.validate(asset);
  } catch (e) {
    validation = ValidationResult.fromError(e as Error);
  }
  const assertions = manifest.assertions.assertions;
  const hard = assertions.find((a): a is DataHashAssertion => a instanceof DataHashAssertion);
  // c2pa-ts stops before the hard binding when an assertion's hash mismatches: check the binding anyway, so that
  // an edited assertion is not also reported as changed pixels.
  if (hard && !validation.statusEntries.some((e) => e.code.startsWith("assertion.dataHash")))
    validation.merge(await hard.validateAgainstAsset(asset));
  const zk = assertions.find((a) => a.label === ZKPROV_ASSERTION_LABEL);
  const zkContent = zk?.sourceBox?.contentBoxes.find((b) => b instanceof CBORBox) as CBORBox | undefined;
  const tdm = assertions.find(
    (a): a is TrainingAndDataMiningAssertion =>
      a instanceof TrainingAndDataMiningAssertion && a.label === CAWG_TRAINING_MINING_LABEL,
  );
  const cert = manifest.signature?.signatureData.certificate;
  return {
    mediaType,
    manifestLabel: manifest.label,
    manifests: store.manifests.map((m) => m.label ?? "(unlabelled)"),
    manifestStoreHash: hex(await crypto.subtle.digest("SHA-256", jumbf as Uint8Array<ArrayBuffer>)),
    validation: validation.statusEntries,
    exclusions: (hard?.exclusions ?? []).map((e) => ({ start: e.start, length: e.length })),
    storeRanges: manifestRanges(bytes, what),
    ...(zkContent ? { zkprov: zkContent.content, zkprovUri: `c2pa.assertions/${zk!.fullLabel}` } : {}),
    ...(tdm
      ? {
          trainingMining: Object.fromEntries(
            Object.entries(tdm.entries).map(([k, e]) => [
              k,
              {
                use: e.choice,
                ...(e.constraintInfo ? { constraint_info: e.constraintInfo } : {}),
              } as TrainingMiningEntry,
            ]),
          ),
        }
      : {}),
    actions: assertions
      .filter((a): a is ActionAssertion => a instanceof ActionAssertion)
      .flatMap((a) => a.actions.map((x) => ({ action: x.action, digitalSourceType: x.digitalSourceType }))),
    ingredients: assertions
      .filter((a): a is IngredientAssertion => a instanceof IngredientAssertion)
      .map((i) => ({ title: i.title, relationship: i.relationship, activeManifest: i.activeManifest?.uri })),
    ...(cert ? { signer: { subject: cert.subject, issuer: cert.issuer } } : {}),
  };
}

// Embed a provenance proof into an image as Content Credentials (C2PA): one new manifest holding
// c2pa.actions (c2pa.created by trainedAlgorithmicMedia), cawg.training-mining derived from the proven rights,
// the zkprov assertion (the proof bundle), and the hard binding c2pa.hash.data over the file minus the
// manifest. A manifest the asset already carries stays in the store and becomes this one's parent ingredient.
import { JPEG, PNG, type Asset } from "@trustnxt/c2pa-ts/asset";
import { SuperBox, CBORBox } from "@trustnxt/c2pa-ts/jumbf";
import {
  ActionAssertion,
  Assertion,
  ClaimVersion,
  DataHashAssertion,
  DigitalSourceType,
  IngredientAssertion,
  ManifestStore,
  RelationshipType,
  Signature,
  TrainingAndDataMiningAssertion,
  type Claim,
} from "@trustnxt/c2pa-ts/manifest";
import { parsePublicSignals } from "../../core/codecs.ts";
import { assetContentBytes, c2paMediaTypeOf, contentAssetHashOf } from "../../verifier/c2pa/content.ts";
import {
  CLAIM_GENERATOR,
  CREATED_ACTION,
  TRAINED_ALGORITHMIC_MEDIA,
  trainingMiningFor,
} from "../../verifier/c2pa/format.ts";
import { ZKPROV_ASSERTION_LABEL, zkprovAssertion } from "../../core/formats/c2pa-assertion.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { ephemeralClaimSigner, type ClaimSigner } from "./signer.ts";
import { type ProofBundle } from "../../core/formats/bundle.ts";

/** The zkprov assertion as a c2pa-ts assertion: a CBOR box under zkprov's label. */
export class ZkprovProofAssertion extends Assertion {
  override label = ZKPROV_ASSERTION_LABEL;
  override uuid = new Uint8Array([
    0x63, 0x62, 0x6f, 0x72, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
  ]); // the JUMBF content type of a CBOR assertion ("cbor" + ISO suffix)
  constructor(private readonly content: unknown) {
    super();
  }
  readContentFromJUMBF(): void {
    throw new Error("ZkprovProofAssertion is write-only; readers decode the CBOR box");
  }
  generateJUMBFBoxForContent(): CBORBox {
    const box = new CBORBox();
    box.content = this.content;
    return box;
  }
}

/** What embedContentCredentials writes and reports. */
export interface EmbeddedAsset {
  /** The asset with its Content Credentials. */
  bytes: Uint8Array;
  mediaType: "image/jpeg" | "image/png";
  /** The new (active) manifest's label. */
  manifestLabel: string;
  /** Size of the whole manifest store in bytes (as stored, before format overhead). */
  manifestStoreBytes: number;
  /** The label of the manifest the asset already carried, now the parent ingredient (if any). */
  parentManifest?: string;
  /** Who signed the claim: "ephemeral" names nobody. */
  signer: { kind: ClaimSigner["kind"]; subject: string };
}

/** Options of embedContentCredentials. */
export interface EmbedOptions {
  /** The claim signer; a fresh ephemeral one when omitted. */
  signer?: ClaimSigner;
  /** The asset's title in the claim (e.g. its file name). */
  title?: string;
}

function assetOf(bytes: Uint8Array, what: string): { asset: Asset; mediaType: "image/jpeg" | "image/png" } {
  const mediaType = c2paMediaTypeOf(bytes);
  if (mediaType === "image/jpeg" && JPEG.canRead(bytes)) return { asset: new JPEG(bytes), mediaType };
  if (mediaType === "image/png" && PNG.canRead(bytes)) return { asset: new PNG(bytes), mediaType };
  throw new InvalidInputError(`${what} is neither a JPEG nor a PNG: zkprov embeds Content Credentials in those only`);
}

/**
 * Embed a provenance bundle into the asset it proves, as a signed C2PA manifest. The bundle's asset hash must be
 * the asset's content hash (the file without any manifest it already carries): the proof covers exactly the
 * bytes the manifest's hard binding covers.
 *
 * @throws {InvalidInputError} if the asset is not a JPEG or PNG, the bundle is not a provenance proof, or the
 *   bundle was made for other bytes.
 * @example const { bytes } = await embedContentCredentials(fs.readFileSync("art.png"), bundle)
 */
export async function embedContentCredentials(
  input: Uint8Array,
  bundle: ProofBundle,
  o: EmbedOptions = {},
  what = "the asset",
): Promise<EmbeddedAsset> {
  if (bundle.circuit !== "provenance")
    throw new InvalidInputError(
      `a ${bundle.circuit} bundle cannot be embedded: Content Credentials carry a provenance proof`,
    );
  const signals = parsePublicSignals("provenance", bundle.publicSignals);
  const content = contentAssetHashOf(input, what);
  if (signals.assetHash !== content)
    throw new InvalidInputError(
      `the proof is for asset hash ${signals.assetHash}, ${what} has content hash ${content}: embed the proof into the asset it was made for`,
    );
  const { asset, mediaType } = assetOf(new Uint8Array(input), what);
  const claimSigner = o.signer ?? (await ephemeralClaimSigner());

  // Keep a manifest store the asset already has: its manifests stay, the active one becomes our parent.
  const existing = asset.getManifestJUMBF();
  let store: ManifestStore;
  try {
    store = existing
      ? ManifestStore.read(SuperBox.fromBuffer(existing as Uint8Array<ArrayBuffer>))
      : new ManifestStore();
  } catch (cause) {
    throw new InvalidInputError(`${what} carries a C2PA manifest store that cannot be read`, { cause });
  }
  const parent = store.getActiveManifest();
  // What the parent's validation found, recorded in the ingredient (C2PA 2.x v3 ingredients carry it).
  const parentStatus = parent ? (await parent.validate(asset)).statusEntries : [];

  const manifest = store.createManifest({
    claimVersion: ClaimVersion.V2,
    assetFormat: mediaType,
    instanceID: `xmp:iid:${crypto.randomUUID()}`,
    defaultHashAlgorithm: "SHA-256",
    signer: claimSigner.signer,
  });
  // c2pa-ts reserves 25 kB in the signature for a timestamp token zkprov does not request: reserve what the
  // signature and its certificate chain take, with room to spare (sign() fails if it were too little).
  const chainBytes = [claimSigner.signer.certificate, ...claimSigner.signer.chainCertificates].reduce(
    (n, c) => n + c.rawData.byteLength,
    0,
  );
  manifest.signature = Signature.create(claimSigner.signer, chainBytes + 1024);
  const claim = manifest.claim as Claim;
  claim.claimGeneratorName = CLAIM_GENERATOR;
  if (o.title) claim.title = o.title;

  if (parent?.label) {
    const ingredient = IngredientAssertion.createV3(RelationshipType.ParentOf);
    ingredient.title = o.title ?? "parent";
    ingredient.format = mediaType;
    ingredient.activeManifest = manifest.createHashedReference(`/c2pa/${parent.label}`);
    const status = (ok: boolean) =>
      parentStatus
        .filter((e) => (e.success ?? false) === ok)
        .map((e) => ({
          code: e.code,
          ...(e.url ? { url: e.url } : {}),
          ...(e.explanation ? { explanation: e.explanation } : {}),
        }));
    ingredient.validationResults = {
      activeManifest: { success: status(true), informational: [], failure: status(false) },
    } as IngredientAssertion["validationResults"];
    if (parent.claim?.signatureRef)
      ingredient.claimSignature = manifest.createHashedReference(`/c2pa/${parent.label}/c2pa.signature`);
    manifest.addAssertion(ingredient);
  }

  const actions = new ActionAssertion();
  actions.actions.push({
    action: CREATED_ACTION,
    digitalSourceType: TRAINED_ALGORITHMIC_MEDIA as DigitalSourceType,
    softwareAgent: { name: CLAIM_GENERATOR },
    ...(parent?.label ? {} : {}),
  } as ActionAssertion["actions"][number]);
  manifest.addAssertion(actions);

  const tdm = new TrainingAndDataMiningAssertion(true);
  for (const [key, e] of Object.entries(trainingMiningFor(signals.grantedRights)))
    tdm.entries[key] = { choice: e.use, ...(e.constraint_info ? { constraintInfo: e.constraint_info } : {}) } as never;
  manifest.addAssertion(tdm);

  manifest.addAssertion(new ZkprovProofAssertion(zkprovAssertion(bundle)));

  const hash = DataHashAssertion.create("SHA-256");
  manifest.addAssertion(hash);

  await asset.ensureManifestSpace(store.measureSize());
  await hash.updateWithAsset(asset);
  await manifest.sign(claimSigner.signer);
  const storeBytes = store.getBytes();
  await asset.writeManifestJUMBF(storeBytes);
  const bytes = await asset.getDataRange();

  // The claim: the bytes outside the manifest are the bytes the proof is over. Checked, never assumed.
  if (
    contentAssetHashOf(bytes, what) !== signals.assetHash ||
    assetContentBytes(bytes).length !== assetContentBytes(input).length
  )
    throw new InvalidInputError(`embedding changed ${what}'s content bytes (a bug): nothing was written`);
  return {
    bytes,
    mediaType,
    manifestLabel: manifest.label!,
    manifestStoreBytes: storeBytes.length,
    ...(parent?.label ? { parentManifest: parent.label } : {}),
    signer: { kind: claimSigner.kind, subject: claimSigner.subject },
  };
}

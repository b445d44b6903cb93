// Content Credentials: a provenance proof embedded in a JPEG and a PNG as a C2PA manifest, read back and verified
// by zkprov, and validated independently by the reference implementation (c2pa-rs as WASM). Real proofs; every
// tampering is refused with its own reason.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { expect } from "chai";
import * as x509 from "@peculiar/x509";
import { JPEG, PNG, type Asset } from "@trustnxt/c2pa-ts/asset";
import { SuperBox } from "@trustnxt/c2pa-ts/jumbf";
import {
  ActionAssertion,
  ClaimVersion,
  DataHashAssertion,
  DigitalSourceType,
  ManifestStore,
} from "@trustnxt/c2pa-ts/manifest";
import { artifactPaths } from "../../artifacts/paths.ts";
import type { RegistryTreeName } from "../../core/circuits.ts";
import { parsePublicSignals } from "../../core/codecs.ts";
import { assetContentBytes, contentAssetHashOf, manifestRanges } from "../../verifier/c2pa/content.ts";
import { NON_COMMERCIAL_CONSTRAINT, trainingMiningFor } from "../../verifier/c2pa/format.ts";
import { ZKPROV_ASSERTION_LABEL, zkprovAssertion } from "../../core/formats/c2pa-assertion.ts";
import { readContentCredentials } from "../../verifier/c2pa/read.ts";
import { verifyAsset, type AssetReport } from "../../verifier/c2pa/verify-asset.ts";
import { RIGHTS } from "../../core/domain.ts";
import { InvalidInputError } from "../../core/errors.ts";
import type { VerificationKey } from "../../core/vkey.ts";
import { embedContentCredentials, ZkprovProofAssertion } from "../../prover/c2pa/embed.ts";
import {
  EPHEMERAL_SUBJECT,
  ephemeralClaimSigner,
  userClaimSigner,
  type ClaimSigner,
} from "../../prover/c2pa/signer.ts";
import { generatedPng } from "../../fixtures/asset.ts";
import { provenanceBundleFor, referenceValidate } from "../helpers/c2pa.ts";
import type { Scenario } from "../../fixtures/scenario.ts";
import { type ProofBundle } from "../../core/formats/bundle.ts";

const JPEG_FILE = "test/fixtures/c2pa/generated.jpg";
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const reasonOf = (r: AssetReport, name: string) => r.checks.find((c) => c.name === name)?.reason ?? "";
const failed = (r: AssetReport) => r.checks.filter((c) => c.status === "fail").map((c) => c.name);
const CHECKS = [
  "content credentials",
  "hard binding",
  "manifest",
  "claim signature",
  "zkprov assertion",
  "verification key",
  "named signals",
  "proof",
  "asset",
  "roots",
  "asset binding",
  "training-mining",
];

/** The c2pa-ts asset of a JPEG or PNG. */
const assetOf = (b: Uint8Array): Asset => (JPEG.canRead(b) ? new JPEG(new Uint8Array(b)) : new PNG(new Uint8Array(b)));

/** A CA and an end-entity certificate (PEM) with its PKCS#8 key, as an organisation would hold them. */
async function userCertificate(subject: string): Promise<{ certPem: string; keyPem: string }> {
  const alg = { name: "ECDSA", namedCurve: "P-256" };
  const caKeys = (await crypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const now = Date.now();
  const validity = { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 86_400_000 * 30) };
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=Example Marketplace Root,O=Example Marketplace",
    ...validity,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = (await crypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: "02",
    subject,
    issuer: ca.subject,
    ...validity,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(["1.3.6.1.5.5.7.3.4"], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  return {
    certPem: leaf.toString("pem") + "\n" + ca.toString("pem") + "\n",
    keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n`,
  };
}

/**
 * Sign a manifest onto `bytes` with c2pa-ts directly, as another tool would: c2pa.created plus a hard binding
 * and, when given, an assertion copied from elsewhere. No check that a proof is for these bytes.
 */
async function signForeignManifest(bytes: Uint8Array, signer: ClaimSigner, copied?: ProofBundle): Promise<Uint8Array> {
  const asset = assetOf(bytes);
  const store = new ManifestStore();
  const m = store.createManifest({
    claimVersion: ClaimVersion.V2,
    assetFormat: asset.mimeType,
    instanceID: `xmp:iid:${crypto.randomUUID()}`,
    defaultHashAlgorithm: "SHA-256",
    signer: signer.signer,
  });
  m.claim!.claimGeneratorName = "example-generator";
  const actions = new ActionAssertion();
  actions.actions.push({
    action: "c2pa.created",
    digitalSourceType: DigitalSourceType.TrainedAlgorithmicMedia,
  } as ActionAssertion["actions"][number]);
  m.addAssertion(actions);
  if (copied) m.addAssertion(new ZkprovProofAssertion(zkprovAssertion(copied)));
  const hash = DataHashAssertion.create("SHA-256");
  m.addAssertion(hash);
  await asset.ensureManifestSpace(store.measureSize());
  await hash.updateWithAsset(asset);
  await m.sign(signer.signer);
  await asset.writeManifestJUMBF(store.getBytes());
  return asset.getDataRange();
}

describe("Content Credentials (C2PA)", function () {
  let vkey: VerificationKey;
  const formats: Record<
    "jpeg" | "png",
    { original: Uint8Array; signed: Uint8Array; bundle: ProofBundle; scenario: Scenario; mime: string }
  > = {} as never;
  const knownRoots = (s: Scenario) => ({
    isKnownRoot: (tree: RegistryTreeName, root: bigint) =>
      (tree === "model" && root === s.modelTree.root) || (tree === "license" && root === s.licenseTree.root),
  });

  before(async function () {
    vkey = JSON.parse(fs.readFileSync(artifactPaths("provenance").vkey, "utf8")) as VerificationKey;
    const jpeg = new Uint8Array(fs.readFileSync(JPEG_FILE));
    // The JPEG's model and license grant PUBLISH, COMMERCIAL, DERIVATIVES; the PNG's AI_TRAINING without COMMERCIAL.
    const j = await provenanceBundleFor(jpeg);
    const pngRights = BigInt(RIGHTS.PUBLISH | RIGHTS.DERIVATIVES | RIGHTS.AI_TRAINING);
    const png = new Uint8Array(generatedPng(7));
    const p = await provenanceBundleFor(png, { modelRights: pngRights, licenseRights: pngRights });
    formats.jpeg = {
      original: jpeg,
      ...j,
      mime: "image/jpeg",
      signed: (await embedContentCredentials(jpeg, j.bundle)).bytes,
    };
    formats.png = {
      original: png,
      ...p,
      mime: "image/png",
      signed: (await embedContentCredentials(png, p.bundle)).bytes,
    };
  });

  describe("# round trip", function () {
    for (const f of ["jpeg", "png"] as const) {
      it(`Should embed a proof into a ${f.toUpperCase()} and verify every check by name against the registry`, async function () {
        const { signed, scenario } = formats[f];
        const report = await verifyAsset(signed, { vkey, ...knownRoots(scenario) });
        expect(report.checks.map((c) => c.name)).to.deep.equal(CHECKS);
        expect(failed(report), JSON.stringify(report.checks)).to.deep.equal([]);
        expect(report.checks.every((c) => c.status === "pass")).to.equal(true);
        expect(report.valid).to.equal(true);
        expect(report.signer).to.include({ ephemeral: true, trust: "not checked against a trust list" });
        const cc = (await readContentCredentials(signed))!;
        expect(cc.actions).to.deep.equal([
          {
            action: "c2pa.created",
            digitalSourceType: "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
          },
        ]);
      });

      it(`Should make the ${f.toUpperCase()} hard-binding hash the proof's asset hash: SHA-256 of the file before embedding = c2pa.hash.data over the file minus its exclusion range`, async function () {
        const { original, signed, bundle } = formats[f];
        const store = ManifestStore.read(
          SuperBox.fromBuffer(assetOf(signed).getManifestJUMBF() as Uint8Array<ArrayBuffer>),
        );
        const hard = store.getActiveManifest()!.assertions!.assertions.find((a) => a instanceof DataHashAssertion)!;
        // Recompute what a C2PA validator does, independently of zkprov's content module.
        const kept: Uint8Array[] = [];
        let at = 0;
        for (const e of [...hard.exclusions].sort((a, b) => a.start - b.start)) {
          kept.push(signed.subarray(at, e.start));
          at = e.start + e.length;
        }
        kept.push(signed.subarray(at));
        const outside = Buffer.concat(kept);
        expect(Buffer.compare(outside, Buffer.from(original))).to.equal(0);
        expect(Buffer.from(hard.hash!).toString("hex")).to.equal(sha256(original));
        expect(BigInt("0x" + sha256(original)) >> 3n).to.equal(BigInt(bundle.assetHash));
        // The exclusion range is exactly where the manifest store sits in the file.
        expect(hard.exclusions.map((e) => [e.start, e.length])).to.deep.equal(
          manifestRanges(signed).map((r) => [r.start, r.length]),
        );
        expect(Buffer.compare(Buffer.from(assetContentBytes(signed)), Buffer.from(original))).to.equal(0);
      });

      it(`Should validate the ${f.toUpperCase()} with the reference implementation (c2pa-rs) with no failure`, async function () {
        const { signed, mime, bundle } = formats[f];
        const { report, failures, state } = await referenceValidate(signed, mime);
        expect(
          failures.filter((x) => x.code !== "signingCredential.untrusted"),
          JSON.stringify(failures),
        ).to.deep.equal([]);
        expect(state).to.be.oneOf(["Valid", "Trusted"]);
        const active = (report.manifests as Record<string, { assertions: { label: string; data: unknown }[] }>)[
          report.active_manifest as string
        ]!;
        expect(active.assertions.map((a) => a.label)).to.include.members([
          "c2pa.actions.v2",
          "cawg.training-mining",
          ZKPROV_ASSERTION_LABEL,
        ]);
        // c2pa-rs re-sorts CBOR map keys: compare content, not bytes.
        const zk = active.assertions.find((a) => a.label === ZKPROV_ASSERTION_LABEL)!.data as { bundle: ProofBundle };
        expect(zk.bundle.publicSignals).to.deep.equal(bundle.publicSignals);
        expect(zk.bundle.proof).to.deep.equal(bundle.proof);
      });
    }
  });

  describe("# training and data mining", function () {
    it("Should map the proven rights to CAWG entries: allowed with COMMERCIAL, constrained without, notAllowed when not granted", function () {
      const R = RIGHTS;
      const constrained = { use: "constrained", constraint_info: NON_COMMERCIAL_CONSTRAINT };
      expect(trainingMiningFor(BigInt(R.PUBLISH))).to.deep.equal({
        "cawg.data_mining": { use: "notAllowed" },
        "cawg.ai_inference": { use: "notAllowed" },
        "cawg.ai_generative_training": { use: "notAllowed" },
        "cawg.ai_training": { use: "notAllowed" },
      });
      expect(trainingMiningFor(BigInt(R.PUBLISH | R.COMMERCIAL | R.AI_TRAINING))).to.deep.equal({
        "cawg.data_mining": { use: "allowed" },
        "cawg.ai_inference": { use: "notAllowed" },
        "cawg.ai_generative_training": { use: "notAllowed" },
        "cawg.ai_training": { use: "allowed" },
      });
      expect(trainingMiningFor(BigInt(R.PUBLISH | R.DERIVATIVES | R.AI_TRAINING))).to.deep.equal({
        "cawg.data_mining": constrained,
        "cawg.ai_inference": constrained,
        "cawg.ai_generative_training": constrained,
        "cawg.ai_training": constrained,
      });
    });

    it("Should embed the entries that the proof's grantedRights give, readable by the reference implementation", async function () {
      for (const f of ["jpeg", "png"] as const) {
        const { signed, bundle, mime } = formats[f];
        const granted = parsePublicSignals("provenance", bundle.publicSignals).grantedRights;
        expect((await readContentCredentials(signed))!.trainingMining).to.deep.equal(trainingMiningFor(granted));
        const { report } = await referenceValidate(signed, mime);
        const active = (report.manifests as Record<string, { assertions: { label: string; data: unknown }[] }>)[
          report.active_manifest as string
        ]!;
        expect(active.assertions.find((a) => a.label === "cawg.training-mining")!.data).to.deep.equal({
          entries: trainingMiningFor(granted),
        });
      }
      expect(parsePublicSignals("provenance", formats.png.bundle.publicSignals).grantedRights).to.equal(
        BigInt(RIGHTS.PUBLISH | RIGHTS.DERIVATIVES | RIGHTS.AI_TRAINING),
      );
    });
  });

  describe("# refused", function () {
    it("Should refuse a changed pixel byte by the hard binding (and so does the reference implementation)", async function () {
      const { signed, scenario, mime } = formats.jpeg;
      const tampered = new Uint8Array(signed);
      tampered[tampered.length - 10]! ^= 0x01; // inside the entropy-coded image data, far from the manifest
      const report = await verifyAsset(tampered, { vkey, ...knownRoots(scenario) });
      expect(report.valid).to.equal(false);
      expect(failed(report)).to.deep.equal(["hard binding", "asset binding"]);
      expect(reasonOf(report, "hard binding")).to.match(/bytes were changed after the manifest was signed/);
      const ref = await referenceValidate(tampered, mime);
      expect(ref.failures.map((x) => x.code)).to.include("assertion.dataHash.mismatch");
    });

    it("Should refuse an edited zkprov assertion as changed after signing (and so does the reference implementation)", async function () {
      const { signed, bundle, scenario, mime } = formats.png;
      const tag = Buffer.from(bundle.signals.creatorTag as string);
      const at = Buffer.from(signed).indexOf(tag);
      expect(at).to.be.greaterThan(0);
      const tampered = new Uint8Array(signed);
      tampered[at + 3] = tampered[at + 3] === 0x31 ? 0x32 : 0x31; // one digit of creatorTag in the named signals
      const report = await verifyAsset(tampered, { vkey, ...knownRoots(scenario) });
      expect(report.valid).to.equal(false);
      expect(failed(report)).to.include.members(["zkprov assertion", "named signals"]);
      expect(failed(report)).to.not.include("hard binding");
      expect(reasonOf(report, "zkprov assertion")).to.equal(
        `${ZKPROV_ASSERTION_LABEL} was changed after the claim was signed`,
      );
      const ref = await referenceValidate(tampered, mime);
      expect(ref.failures.map((x) => x.code)).to.include("assertion.hashedURI.mismatch");
    });

    it("Should refuse an asset whose manifest was stripped: no content credentials", async function () {
      const { signed, mime } = formats.jpeg;
      const stripped = assetContentBytes(signed);
      const report = await verifyAsset(stripped, { vkey });
      expect(report.checks).to.deep.equal([
        {
          name: "content credentials",
          status: "fail",
          reason: "the asset carries no C2PA manifest: the credentials were stripped or never embedded",
        },
      ]);
      let refused: unknown;
      await referenceValidate(stripped, mime).catch((e: unknown) => (refused = e));
      expect(String(refused)).to.match(/JumbfNotFound|not found|no manifest/i);
    });

    it("Should refuse a manifest moved into another image: made for another file, the proof for another asset", async function () {
      const { signed, scenario, mime } = formats.png;
      const [range] = manifestRanges(signed);
      const store = signed.subarray(range!.start, range!.start + range!.length);
      // Another PNG, the store put in before its IEND chunk.
      const other = generatedPng(8);
      const iend = other.length - 12;
      const moved = Buffer.concat([other.subarray(0, iend), store, other.subarray(iend)]);
      const report = await verifyAsset(moved, { vkey, ...knownRoots(scenario) });
      expect(failed(report)).to.deep.equal(["hard binding", "asset binding"]);
      expect(reasonOf(report, "hard binding")).to.match(
        /not where the manifest sits in this file: the manifest was made for another file/,
      );
      expect(reasonOf(report, "asset binding")).to.match(/the embedded proof was made for another asset/);
      const ref = await referenceValidate(moved, mime);
      expect(ref.failures.map((x) => x.code)).to.include("assertion.dataHash.mismatch");
    });

    it("Should refuse the zkprov assertion copied into a freshly signed manifest of another image, which C2PA alone accepts", async function () {
      const { bundle, scenario, mime } = formats.png;
      const other = generatedPng(9);
      const forged = await signForeignManifest(other, await ephemeralClaimSigner(), bundle);
      // To the reference implementation this is a perfectly good manifest ...
      const ref = await referenceValidate(forged, mime);
      expect(ref.failures.filter((x) => x.code !== "signingCredential.untrusted")).to.deep.equal([]);
      // ... but the proof is for another asset.
      const report = await verifyAsset(forged, { vkey, ...knownRoots(scenario) });
      expect(failed(report)).to.deep.equal(["asset binding", "training-mining"]);
      expect(reasonOf(report, "asset binding")).to.match(/the embedded proof was made for another asset/);
    });

    it("Should refuse to embed a proof into an asset it was not made for, or into a file that is not an image", async function () {
      const { bundle } = formats.jpeg;
      let e: unknown;
      await embedContentCredentials(generatedPng(1), bundle).catch((x: unknown) => (e = x));
      expect(e).to.be.instanceOf(InvalidInputError);
      expect((e as InvalidInputError).shortMessage).to.match(
        /the proof is for asset hash \d+, the asset has content hash \d+/,
      );
      e = undefined;
      await embedContentCredentials(new TextEncoder().encode("not an image"), bundle).catch((x: unknown) => (e = x));
      expect((e as InvalidInputError).shortMessage).to.match(/the proof is for asset hash|neither a JPEG nor a PNG/);
    });
  });

  describe("# an asset that already had Content Credentials", function () {
    it("Should keep the generator's manifest as the parent ingredient; the proof covers the file without any manifest", async function () {
      const original = generatedPng(11);
      const generator = await userCertificate("CN=Example Generator,O=Example AI");
      const fromGenerator = await signForeignManifest(
        original,
        await userClaimSigner(generator.certPem, generator.keyPem),
      );
      const generatorLabel = (await readContentCredentials(fromGenerator))!.manifestLabel;
      // The proof is made over the content bytes: the generator's file minus its manifest = the original bytes.
      expect(contentAssetHashOf(fromGenerator)).to.equal(contentAssetHashOf(original));
      const { bundle, scenario } = await provenanceBundleFor(fromGenerator);
      const out = await embedContentCredentials(fromGenerator, bundle);
      expect(out.parentManifest).to.equal(generatorLabel);
      const cc = (await readContentCredentials(out.bytes))!;
      expect(cc.manifests).to.deep.equal([generatorLabel, out.manifestLabel]);
      expect(cc.ingredients).to.deep.equal([
        { title: "parent", relationship: "parentOf", activeManifest: `self#jumbf=/c2pa/${generatorLabel}` },
      ]);
      expect(Buffer.compare(Buffer.from(assetContentBytes(out.bytes)), Buffer.from(original))).to.equal(0);
      const report = await verifyAsset(out.bytes, { vkey, ...knownRoots(scenario) });
      expect(failed(report), JSON.stringify(report.checks)).to.deep.equal([]);
      const ref = await referenceValidate(out.bytes, "image/png");
      expect(
        ref.failures.filter((x) => x.code !== "signingCredential.untrusted"),
        JSON.stringify(ref.failures),
      ).to.deep.equal([]);
      expect(Object.keys(ref.report.manifests as object)).to.have.members([generatorLabel, out.manifestLabel]);
    });
  });

  describe("# claim signer", function () {
    it("Should sign with a fresh ephemeral certificate per asset whose subject names nobody", async function () {
      const a = await ephemeralClaimSigner();
      const b = await ephemeralClaimSigner();
      expect(a.subject).to.equal(EPHEMERAL_SUBJECT);
      expect(a.signer.certificate.subject).to.equal(b.signer.certificate.subject);
      expect(a.signer.certificate.serialNumber).to.not.equal(b.signer.certificate.serialNumber);
      expect(
        Buffer.from(a.signer.certificate.publicKey.rawData).equals(Buffer.from(b.signer.certificate.publicKey.rawData)),
      ).to.equal(false);
      expect((await readContentCredentials(formats.jpeg.signed))!.signer!.subject).to.equal(
        "CN=zkprov ephemeral claim signer, O=zkprov",
      );
    });

    it("Should sign with the user's own certificate when given, and report it apart from the proof's verdict", async function () {
      const { original, bundle, scenario } = formats.jpeg;
      const cert = await userCertificate("CN=Example Marketplace,O=Example Marketplace");
      const out = await embedContentCredentials(original, bundle, {
        signer: await userClaimSigner(cert.certPem, cert.keyPem),
      });
      expect(out.signer).to.deep.equal({ kind: "user", subject: "CN=Example Marketplace, O=Example Marketplace" });
      const report = await verifyAsset(out.bytes, { vkey, ...knownRoots(scenario) });
      expect(report.valid).to.equal(true);
      expect(report.signer).to.deep.include({
        subject: "CN=Example Marketplace, O=Example Marketplace",
        ephemeral: false,
      });
      const ref = await referenceValidate(out.bytes, "image/jpeg");
      expect(ref.failures.filter((x) => x.code !== "signingCredential.untrusted")).to.deep.equal([]);
    });

    it("Should refuse a key that is not the certificate's", async function () {
      const a = await userCertificate("CN=A");
      const b = await userCertificate("CN=B");
      let e: unknown;
      await userClaimSigner(a.certPem, b.keyPem, "a.pem").catch((x: unknown) => (e = x));
      expect((e as InvalidInputError).shortMessage).to.equal("the claim signing key does not belong to a.pem");
    });
  });
});

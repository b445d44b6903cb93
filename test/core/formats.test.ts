// The document formats (core/formats/): each one's serialize is read back by its parse to the same document, and
// a malformed document is refused with an error naming the file and the first failing field.
import { expect } from "chai";
import { LeanIMT } from "@zk-kit/lean-imt";
import { InvalidInputError } from "../../core/errors.ts";
import { hashNode, modelLeaf, OPEN_UNTIL, type ModelEntry } from "../../core/hashes.ts";
import { attestationFormat, type AttestationFile } from "../../core/formats/attestation.ts";
import { blindingFormat } from "../../core/formats/blinding.ts";
import { bundleFormat } from "../../core/formats/bundle.ts";
import { keyFormat, type KeyFile } from "../../core/formats/key.ts";
import { licenseFormat } from "../../core/formats/license.ts";
import { emptyProjectFile, projectFormat } from "../../core/formats/project.ts";
import { reportFormat, type VerificationReport } from "../../core/formats/report.ts";
import { snapshotFormat } from "../../core/formats/snapshot.ts";

const license = {
  datasetHash: 11n,
  modelHash: 12n,
  rights: 7n,
  start: 1_800_000_000n,
  expiry: 1_900_000_000n,
  royaltyBps: 1500n,
  licensorCommit: 13n,
  salt: 14n,
};
const refused = (fn: () => unknown, message: RegExp) => expect(fn).to.throw(InvalidInputError, message);

describe("document formats", function () {
  it("Should read back every key kind it writes, and name the file and field of a bad one", function () {
    const keys: KeyFile[] = [
      { kind: "model", privateKey: Uint8Array.from({ length: 32 }, (_, i) => i), publicKey: [1n, 2n] },
      { kind: "regulator", secret: 3n, publicKey: [4n, 5n] },
      { kind: "account", privateKey: "0x" + "ab".repeat(32), address: "0x" + "12".repeat(20) },
      { kind: "creator", secret: 6n, commitment: 7n },
    ];
    for (const k of keys) expect(keyFormat.parse(JSON.parse(keyFormat.serialize(k)), "k.json")).to.deep.equal(k);
    const doc = JSON.parse(keyFormat.serialize(keys[3]!));
    refused(
      () => keyFormat.parse({ ...doc, secret: "x" }, "c.key.json"),
      /^c\.key\.json is not a valid zkprov key file: secret: /,
    );
  });

  it("Should read back a license, an attestation and a blinding file, naming a bad field", function () {
    expect(licenseFormat.parse(JSON.parse(licenseFormat.serialize(license)), "l.json")).to.deep.equal(license);
    refused(
      () => licenseFormat.parse({ ...JSON.parse(licenseFormat.serialize(license)), salt: "-1" }, "l.json"),
      /^l\.json is not a valid license entry: salt: /,
    );
    const att: AttestationFile = {
      attestation: {
        fields: { assetHash: 1n, modelHash: 12n, licenseLeaf: 2n, creatorCommit: 3n, generatedAt: 4n },
        message: 5n,
        signature: { R8: [6n, 7n], S: 8n },
      },
      model: { publicKey: [9n, 10n], modelHash: 12n, rights: 15n },
      license,
    };
    expect(attestationFormat.parse(JSON.parse(attestationFormat.serialize(att)), "a.json")).to.deep.equal(att);
    refused(
      () => attestationFormat.parse({ ...JSON.parse(attestationFormat.serialize(att)), version: 2 }, "a.json"),
      /^a\.json is not a valid zkprov attestation: version: /,
    );
    expect(blindingFormat.parse(JSON.parse(blindingFormat.serialize(99n)), "b.json")).to.equal(99n);
    refused(() => blindingFormat.parse({}, "b.json"), /^b\.json is not a valid blinding file: creatorBlinding: /);
  });

  it("Should read back a snapshot with its rebuilt tree and names, and refuse leaves that do not give its root", function () {
    const imt = new LeanIMT<bigint>(hashNode, [1n, 2n, 3n]);
    const s = snapshotFormat.parse(
      JSON.parse(snapshotFormat.serialize({ tree: "model", imt, names: { "12": "aurora" } })),
      "m.json",
    );
    expect(s.root).to.equal(imt.root);
    expect(s.imt.root).to.equal(imt.root);
    expect(s.leaves).to.deep.equal([1n, 2n, 3n]);
    expect(s.names.get(12n)).to.equal("aurora");
    const doc = JSON.parse(snapshotFormat.serialize({ tree: "model", imt }));
    refused(
      () => snapshotFormat.parse({ ...doc, leaves: ["1", "2"] }, "m.json"),
      /^m\.json: the leaves do not give the recorded root/,
    );
    refused(
      () => snapshotFormat.parse({ ...doc, tree: "people" }, "m.json"),
      /^m\.json is not a valid registry snapshot: tree: /,
    );
  });

  it("Should read back a model snapshot's described entries (validity intervals), and refuse one not in the tree", function () {
    const entries: ModelEntry[] = [
      { publicKey: [1n, 2n], modelHash: 12n, rights: 15n, validFrom: 1_800_000_000n, validUntil: 1_800_000_500n },
      { publicKey: [1n, 2n], modelHash: 12n, rights: 15n, validFrom: 1_800_000_600n, validUntil: OPEN_UNTIL },
    ];
    const imt = new LeanIMT<bigint>(hashNode, entries.map(modelLeaf));
    const text = snapshotFormat.serialize({ tree: "model", imt, models: entries });
    expect(snapshotFormat.parse(JSON.parse(text), "m.json").models).to.deep.equal(entries);
    const doc = JSON.parse(text);
    doc.models[1].validFrom = "1800000601";
    refused(
      () => snapshotFormat.parse(doc, "m.json"),
      /^m\.json: model entry 1 \(modelHash 12\) is not a leaf of the tree/,
    );
    refused(
      () => snapshotFormat.parse({ ...doc, models: [{ ...doc.models[0], validUntil: "x" }] }, "m.json"),
      /^m\.json is not a valid registry snapshot: models\.0\.validUntil: /,
    );
  });

  it("Should read back a project file, and name the file and field of a bad one", function () {
    const data = emptyProjectFile();
    expect(projectFormat.parse(JSON.parse(projectFormat.serialize(data)), "project.json")).to.deep.equal(data);
    // The deployment records the mint gate's maxAttestationAge (proofs are made for it).
    const a = "0x" + "12".repeat(20);
    const deployed = {
      ...data,
      deployment: {
        rpc: "http://127.0.0.1:8545",
        chainId: "31337",
        block: 1,
        deployedAt: "2026-12-02T00:00:00.000Z",
        contracts: {
          registry: a,
          mintGate: a,
          licenseGate: a,
          royaltyVault: a,
          provenanceVerifier: a,
          royaltyClaimVerifier: a,
          licenseeVerifier: a,
          poseidonT3: a,
          poseidonT4: a,
          poseidonT6: a,
        },
        regulatorKey: ["1", "2"] as [string, string],
        maxAttestationAge: "604800",
      },
    };
    expect(projectFormat.parse(JSON.parse(projectFormat.serialize(deployed)), "p.json")).to.deep.equal(deployed);
    refused(
      () => projectFormat.parse({ ...data, chain: { rpc: 1 } }, "p/project.json"),
      /^p\/project\.json is not a valid zkprov project file: chain\.rpc: /,
    );
  });

  it("Should name the file and the first bad field of a bundle, and check a verification report", function () {
    refused(
      () => bundleFormat.parse({ format: "zkprov-proof-bundle", version: 1 }, "b.json"),
      /^b\.json: not a zkprov-proof-bundle v1 document: circuit: /,
    );
    const report: VerificationReport = {
      format: "zkprov-verification-report",
      version: 1,
      createdAt: "2026-12-02T00:00:00.000Z",
      valid: true,
      verdict: "valid",
      complete: true,
      bundle: { circuit: "provenance", vkeyHash: "0x00", assetHash: "1", chainId: "31337", roots: { modelRoot: "2" } },
      checks: [{ name: "proof", status: "pass", reason: "verifies" }],
      registrySnapshots: [],
    };
    expect(reportFormat.parse(JSON.parse(reportFormat.serialize(report)), "r.json")).to.deep.equal(report);
    refused(
      () => reportFormat.parse({ ...report, checks: [{ name: "proof", status: "maybe", reason: "" }] }, "r.json"),
      /^r\.json is not a valid zkprov verification report: checks\.0\.status: /,
    );
  });
});

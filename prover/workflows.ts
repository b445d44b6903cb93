// File-level workflows: each CLI command is one call to one of these (the tests call them too).
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { assetHashFromSha256 } from "../core/asset.ts";
import { c2paMediaTypeOf, contentAssetHashOf } from "../verifier/c2pa/content.ts";
import { decryptAudit, nameAuditRecord, type NamedAuditRecord, type RegistryNames } from "../verifier/audit.ts";
import {
  createBundle,
  verifyBundle,
  type BundleCheck,
  type BundleReport,
  type VerifyBundleOptions,
} from "../verifier/bundle.ts";
import { circuitInstance, type CircuitId, type RegistryTreeName } from "../core/circuits.ts";
import { parsePublicSignals } from "../core/codecs.ts";
import { RIGHTS, RIGHTS_MASK_BOUND } from "../core/domain.ts";
import { DEV_CHAIN_ID } from "../core/context.ts";
import { ArtifactIntegrityError, ChainError, InvalidInputError, withArticle } from "../core/errors.ts";
import type { ChainFacts, ChainSource } from "../verifier/chain.ts";
import {
  checkAttestationAge,
  checkProofTime,
  checkRights,
  CLOCK_SKEW,
  type StatementCheck,
} from "../verifier/statement.ts";
import {
  licenseeLeaf,
  licenseeNullifier,
  licenseLeaf,
  modelLeaf,
  OPEN_UNTIL,
  type ModelEntry,
} from "../core/hashes.ts";
import { artifactPaths, defaultBuildDir, loadManifest, readArtifact } from "../artifacts/paths.ts";
import type { Groth16Proof } from "../core/proof.ts";
import type { VerificationKey } from "../core/vkey.ts";
import { signAttestation, verifyAttestation } from "./attestation.ts";
import { readAttestationFile, readBlindingFile, readKeyFile, readLicenseFile, readSnapshotFile } from "./files.ts";
import { licenseeCircuitInput, provenanceCircuitInput, royaltyClaimCircuitInput, royaltyClaimData } from "./inputs.ts";
import { randomFieldElement, randomScalar } from "./keys.ts";
import { merkleWitness, quinaryWitness } from "./merkle.ts";
import { asLeanTree, asQuinaryTree, registryRootOf } from "../core/registry-trees.ts";
import { generateProof, type ProofStage } from "./prove.ts";
import { errnoText, readDocument, readJsonFile, writeFilesAtomic } from "../artifacts/files.ts";
import { blindingFormat } from "../core/formats/blinding.ts";
import type { AttestationFile } from "../core/formats/attestation.ts";
import { bundleFormat, parseBundle, type ProofBundle } from "../core/formats/bundle.ts";

/**
 * The asset hash of a file, read as a stream in constant memory (assets may be videos of many gigabytes). A JPEG
 * or PNG is hashed over its content bytes: all of them except a C2PA manifest store it already carries
 * (docs/C2PA.md), so that a proof embedded as Content Credentials is for exactly the bytes they bind.
 *
 * @throws {InvalidInputError} naming the file and the system's reason (missing, a folder, unreadable).
 * @example const assetHash = await assetHashOfFile("asset.png")
 */
export async function assetHashOfFile(file: string): Promise<bigint> {
  const hash = createHash("sha256");
  let head: Buffer | undefined;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      head ??= chunk as Buffer;
      hash.update(chunk as Buffer);
    }
    // An image is read whole to find its manifest (images are small; a manifest is a few kB anywhere in them).
    if (head && c2paMediaTypeOf(head) !== undefined) return contentAssetHashOf(fs.readFileSync(file), `asset ${file}`);
  } catch (cause) {
    if (cause instanceof InvalidInputError) throw cause;
    throw new InvalidInputError(`cannot read asset ${file}: ${errnoText(cause)}`, { cause });
  }
  return assetHashFromSha256(hash.digest("hex"));
}

/** What `attestFiles` needs. */
export interface AttestFilesInput {
  modelKeyFile: string;
  assetFile: string;
  modelHash: bigint;
  /** The model's registered rights mask; the license's rights when omitted. */
  modelRights?: bigint;
  licenseFile: string;
  creatorCommit: bigint;
  generatedAt: bigint;
}

/**
 * The model operator attests an asset file: hashes it, signs the attestation with the model key file.
 *
 * @throws {InvalidInputError} for a missing or corrupt key, asset or license file, or a license for another model.
 * @example const att = attestFiles({ modelKeyFile, assetFile, modelHash, modelRights: 7n, licenseFile, creatorCommit, generatedAt })
 */
export async function attestFiles(i: AttestFilesInput): Promise<AttestationFile> {
  const key = readKeyFile(i.modelKeyFile, "model");
  const license = readLicenseFile(i.licenseFile);
  if (license.modelHash !== i.modelHash)
    throw new InvalidInputError(`license ${i.licenseFile} is for model hash ${license.modelHash}, not ${i.modelHash}`);
  const attestation = signAttestation(key.privateKey, {
    assetHash: await assetHashOfFile(i.assetFile),
    modelHash: i.modelHash,
    licenseLeaf: licenseLeaf(license),
    creatorCommit: i.creatorCommit,
    generatedAt: i.generatedAt,
  });
  return {
    attestation,
    model: { publicKey: key.publicKey, modelHash: i.modelHash, rights: i.modelRights ?? license.rights },
    license,
  };
}

/** What `proveProvenanceFiles` needs. */
export interface ProveProvenanceFilesInput {
  attestationFile: string;
  creatorKeyFile: string;
  assetFile: string;
  modelTreeFile: string;
  licenseTreeFile: string;
  regulatorKey: [bigint, bigint];
  context: bigint;
  now: bigint;
  /** The mint gate's maxAttestationAge (read it from the gate: the proof must be made for its setting). */
  maxAttestationAge: bigint;
  requiredRights?: bigint;
  chainId?: bigint;
  onProgress?: (stage: ProofStage, fraction: number) => void;
}

/**
 * The registry entry of an attested model valid at `generatedAt`, among a model snapshot's described entries: the
 * same key, hash and rights, registered at or before `generatedAt` and not retired before it (validity is judged
 * as of creation).
 *
 * @throws {InvalidInputError} naming the snapshot when the model has no entry there, or none valid at generatedAt.
 * @example const entry = modelEntryAt(snapshot.models, attested.model, attestation.fields.generatedAt, "models.json")
 */
export function modelEntryAt(
  entries: readonly ModelEntry[],
  model: { publicKey: [bigint, bigint]; modelHash: bigint; rights: bigint },
  generatedAt: bigint,
  snapshotFile: string,
): ModelEntry {
  const same = entries.filter(
    (e) =>
      e.publicKey[0] === model.publicKey[0] &&
      e.publicKey[1] === model.publicKey[1] &&
      e.modelHash === model.modelHash &&
      e.rights === model.rights,
  );
  if (same.length === 0)
    throw new InvalidInputError(
      `the attested model is not in the model snapshot ${snapshotFile} (a snapshot from zkprov registry snapshot describes its entries)`,
    );
  const valid = same.find((e) => e.validFrom <= generatedAt && generatedAt <= e.validUntil);
  if (!valid) {
    const intervals = same
      .map((e) => `from ${e.validFrom}${e.validUntil === OPEN_UNTIL ? "" : ` until ${e.validUntil}`}`)
      .join(", ");
    throw new InvalidInputError(
      `the attested model was not approved at generatedAt ${generatedAt}: its entries in ${snapshotFile} are valid ${intervals}`,
    );
  }
  return valid;
}

/** A provenance proof as files: the bundle, snarkjs proof and public signals, and the creator's blinding. */
export interface ProvenanceProofFiles {
  bundle: ProofBundle;
  proof: Groth16Proof;
  publicSignals: string[];
  /** The creator needs it for royalty claims: keep it secret. */
  creatorBlinding: bigint;
}

/**
 * The creator proves provenance of an asset file from an attestation, its key and two registry snapshots.
 *
 * @throws {InvalidInputError} naming the files when the asset does not match the attestation, the key is not the
 *   attested creator, or the model or license is not in its snapshot.
 * @throws {WitnessError} if the circuit rejects the statement (e.g. expired license, missing rights).
 * @throws {ArtifactIntegrityError} if a circuit artifact is missing or altered.
 * @example const { bundle } = await proveProvenanceFiles({ attestationFile, creatorKeyFile, assetFile, ... })
 */
export async function proveProvenanceFiles(i: ProveProvenanceFilesInput): Promise<ProvenanceProofFiles> {
  const { attestation, model, license } = readAttestationFile(i.attestationFile);
  const creator = readKeyFile(i.creatorKeyFile, "creator");
  const assetHash = await assetHashOfFile(i.assetFile);
  if (assetHash !== attestation.fields.assetHash)
    throw new InvalidInputError(
      `asset ${i.assetFile} is not the asset attested in ${i.attestationFile}: its hash ${assetHash} differs from the attested ${attestation.fields.assetHash}`,
    );
  if (creator.commitment !== attestation.fields.creatorCommit)
    throw new InvalidInputError(`creator key ${i.creatorKeyFile} is not the creator attested in ${i.attestationFile}`);
  if (!verifyAttestation(attestation, model.publicKey))
    throw new InvalidInputError(`the signature in ${i.attestationFile} does not verify under its model key`);
  const models = readSnapshotFile(i.modelTreeFile);
  const licenses = readSnapshotFile(i.licenseTreeFile);
  if (models.tree !== "model")
    throw new InvalidInputError(`${i.modelTreeFile} is ${withArticle(models.tree)} snapshot, not model`);
  if (licenses.tree !== "license")
    throw new InvalidInputError(`${i.licenseTreeFile} is ${withArticle(licenses.tree)} snapshot, not license`);
  const entry = modelEntryAt(models.models, model, attestation.fields.generatedAt, i.modelTreeFile);
  const mIndex = models.imt.indexOf(modelLeaf(entry));
  const lIndex = licenses.imt.indexOf(licenseLeaf(license));
  if (lIndex < 0)
    throw new InvalidInputError(`the attested license is not in the license snapshot ${i.licenseTreeFile}`);

  const p = circuitInstance("provenance").params;
  const creatorBlinding = randomFieldElement();
  const input = provenanceCircuitInput({
    assetHash,
    requiredRights: i.requiredRights ?? BigInt(RIGHTS.PUBLISH),
    now: i.now,
    maxAttestationAge: i.maxAttestationAge,
    context: i.context,
    regulatorKey: i.regulatorKey,
    model: { ...entry, path: merkleWitness(asLeanTree(models.imt, i.modelTreeFile), mIndex, p.MODEL_DEPTH!) },
    license: {
      ...license,
      path: quinaryWitness(asQuinaryTree(licenses.imt, i.licenseTreeFile), lIndex, p.LICENSE_DEPTH!),
    },
    signature: attestation.signature,
    creatorSecret: creator.secret,
    generatedAt: attestation.fields.generatedAt,
    creatorBlinding,
    auditRandomness: randomScalar(),
  });
  const result = await generateProof("provenance", input, { onProgress: i.onProgress });
  const bundle = createBundle({
    circuit: "provenance",
    vkeyHash: loadManifest().circuits.provenance!.vkeyHash,
    proof: result.proof,
    publicSignals: result.publicSignals,
    chainId: i.chainId ?? DEV_CHAIN_ID,
  });
  return { bundle, proof: result.proof, publicSignals: result.publicSignals, creatorBlinding };
}

/**
 * The verification key of circuit `id` from the installed build, checked against the SHA-256 the build's
 * manifest pins for it (the bundle's own vkeyHash is then compared with it by verifyBundle).
 *
 * @throws {ArtifactIntegrityError} if the build has no such circuit or the key file was altered.
 * @example const vkey = installedVerificationKey("provenance")
 */
export function installedVerificationKey(id: CircuitId, buildDir: string = defaultBuildDir()): VerificationKey {
  const entry = loadManifest(buildDir).circuits[id];
  if (!entry) throw new ArtifactIntegrityError(`the installed build has no ${id} circuit: build it with npm run build`);
  const bytes = readArtifact(artifactPaths(id, buildDir).vkey, entry.artifacts.vkey.sha256);
  return JSON.parse(new TextDecoder().decode(bytes)) as VerificationKey;
}

/** Where a proof's files go: the bundle, proof.json and public.json beside it, and (provenance) the blinding file. */
export interface ProofOutputFiles {
  bundle: string;
  /** The proof exactly as snarkjs writes it. */
  proof: string;
  /** The public signals exactly as snarkjs writes them. */
  publicSignals: string;
  /** The creator's blinding (0600), beside a provenance bundle. */
  blinding: string;
}

/**
 * The files of a proof written as `bundleFile` (as `zkprov prove provenance --out` writes them).
 *
 * @example proofOutputFiles("mint/bundle.json").blinding // "mint/bundle.blinding.json"
 */
export function proofOutputFiles(bundleFile: string): ProofOutputFiles {
  const dir = path.dirname(bundleFile);
  return {
    bundle: bundleFile,
    proof: path.join(dir, "proof.json"),
    publicSignals: path.join(dir, "public.json"),
    blinding: `${bundleFile.replace(/\.json$/, "")}.blinding.json`,
  };
}

/**
 * Write a proof as files, all or nothing: the bundle, and beside it proof.json and public.json (so that
 * `snarkjs groth16 verify` checks it without zkprov), and the creator's blinding file (0600) when given.
 *
 * @throws {InvalidInputError} naming the first file that exists (without `force`) or cannot be written.
 * @example writeProofFiles("mint/bundle.json", await proveProvenanceFiles(input))
 */
export function writeProofFiles(
  bundleFile: string,
  r: { bundle: ProofBundle; proof: Groth16Proof; publicSignals: string[]; creatorBlinding?: bigint },
  o: { force?: boolean } = {},
): ProofOutputFiles {
  const f = proofOutputFiles(bundleFile);
  const json = (v: unknown): string => JSON.stringify(v, null, 2) + "\n";
  writeFilesAtomic(
    [
      [f.bundle, bundleFormat.serialize(r.bundle)],
      [f.proof, json(r.proof)],
      [f.publicSignals, json(r.publicSignals)],
      ...(r.creatorBlinding === undefined
        ? []
        : [[f.blinding, blindingFormat.serialize(r.creatorBlinding), 0o600] as [string, string, number]]),
    ],
    { force: o.force },
  );
  return f;
}

/** A bundle's verification with its statement checks, as `zkprov verify` reports it. */
export interface BundleFileReport extends Omit<BundleReport, "checks"> {
  checks: (BundleCheck | StatementCheck)[];
  /** What was asked of the chain (`chain` given). */
  chainNote?: string;
}

/**
 * Verify a bundle file offline, or also against a chain: verifyBundle's checks (verification key, named signals,
 * proof, asset, roots: against the snapshot files and, with `chain`, the Registry), then, when the proof verifies,
 * the statement checks a mint gate makes: the proof time (against the gate's window at the mint's block with
 * `chain`, else not in the future) and the attestation age (equal to the gate's setting with `chain`, else within
 * what a gate may set), and the rights. A failed statement check makes the bundle invalid.
 *
 * @throws {InvalidInputError} for a missing or malformed bundle, verification key or snapshot file.
 * @throws {ChainError} naming the URL if the chain cannot be asked.
 * @example const report = await verifyBundleFile("bundle.json", "verification_key.json", ["models.json"])
 */
export async function verifyBundleFile(
  bundleFile: string,
  vkeyFile: string | undefined,
  snapshotFiles: string[] = [],
  o: { chain?: ChainSource; now?: bigint } = {},
): Promise<BundleFileReport> {
  const value = readJsonFile(bundleFile, "proof bundle");
  const bundle = parseBundle(value, bundleFile);
  const vkey = vkeyFile
    ? (readJsonFile(vkeyFile, "verification key") as VerificationKey)
    : installedVerificationKey(bundle.circuit);
  if (typeof vkey !== "object" || vkey === null || !Array.isArray(vkey.IC))
    throw new InvalidInputError(`${vkeyFile} is not a snarkjs verification key`);
  let facts: ChainFacts | undefined;
  if (o.chain) {
    // ethers loads only when a chain is asked (the offline verify stays light).
    const { readChainFacts } = await import("../verifier/chain.ts");
    try {
      facts = await readChainFacts(o.chain, bundle);
    } catch (e) {
      throw new ChainError(`${bundleFile}: the chain could not be asked: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  const fromSnapshots = knownRootsOf(snapshotFiles).isKnownRoot;
  const known = facts?.known;
  const isKnownRoot =
    fromSnapshots || known
      ? (tree: RegistryTreeName, root: bigint) => (fromSnapshots?.(tree, root) ?? false) || (known?.get(tree) ?? false)
      : undefined;
  const report = await verifyBundle(bundle, { vkey, ...(isKnownRoot ? { isKnownRoot } : {}) });
  const checks: (BundleCheck | StatementCheck)[] = [...report.checks];
  if (report.checks.some((c) => c.name === "proof" && c.status === "pass")) {
    // The proof verifies: the statement checks read values a valid proof stands behind.
    const now = o.now ?? BigInt(Math.floor(Date.now() / 1000));
    checks.push(checkProofTime(bundle, { now, window: CLOCK_SKEW, ...(facts?.gate ? { gate: facts.gate } : {}) }));
    checks.push(checkAttestationAge(bundle, facts?.gate));
    checks.push(checkRights(bundle));
  }
  const failed = checks.some((c) => c.status === "fail");
  const verdict = failed ? "invalid" : report.verdict;
  return {
    valid: verdict === "valid",
    verdict,
    circuit: report.circuit,
    checks,
    ...(facts ? { chainNote: facts.note } : {}),
  };
}

/**
 * The `isKnownRoot` of verifyBundle for registry snapshot files (none given: roots are not checked).
 *
 * @throws {InvalidInputError} for a missing or malformed snapshot file.
 * @example await verifyBundle(bundle, { vkey, ...knownRootsOf(["registry/model.json", "registry/license.json"]) })
 */
export function knownRootsOf(snapshotFiles: string[]): Pick<VerifyBundleOptions, "isKnownRoot"> {
  const roots = new Map<RegistryTreeName, Set<bigint>>();
  for (const f of snapshotFiles) {
    const s = readSnapshotFile(f);
    if (!roots.has(s.tree)) roots.set(s.tree, new Set());
    roots.get(s.tree)!.add(registryRootOf(s.imt));
  }
  return snapshotFiles.length
    ? { isKnownRoot: (tree: RegistryTreeName, root: bigint) => roots.get(tree)?.has(root) ?? false }
    : {};
}

/** The audit record of a bundle, and (when a license file is given) whether it matches that license. */
export interface AuditResult {
  record: NamedAuditRecord;
  /** Set when a license file was given: whether modelHash and datasetHash equal the license's. */
  matchesLicense?: boolean;
}

/**
 * The regulator decrypts a provenance bundle's audit record with its key file, and names model and dataset
 * from registry metadata when given (`names`; `registeredModelHashes` from the registry's ModelDescribed events).
 *
 * @throws {InvalidInputError} for a missing or corrupt bundle or key, a bundle that is not a provenance proof,
 *   or (when `licenseFile` is given) values that match nothing in it: a wrong regulator key.
 * @example const { record } = auditBundleFile("bundle.json", "regulator.key.json")
 */
export function auditBundleFile(
  bundleFile: string,
  regulatorKeyFile: string,
  licenseFile?: string,
  names?: RegistryNames,
  registeredModelHashes?: readonly bigint[],
): AuditResult {
  return auditBundle(
    readBundleFile(bundleFile, "provenance"),
    bundleFile,
    regulatorKeyFile,
    licenseFile,
    names,
    registeredModelHashes,
  );
}

/**
 * auditBundleFile for a bundle already read (e.g. from an asset's Content Credentials), named `bundleFile` in errors.
 *
 * @throws {InvalidInputError} as auditBundleFile.
 * @example const { record } = auditBundle(report.bundle, "art.jpg", "regulator.key.json")
 */
export function auditBundle(
  bundle: ProofBundle,
  bundleFile: string,
  regulatorKeyFile: string,
  licenseFile?: string,
  names?: RegistryNames,
  registeredModelHashes?: readonly bigint[],
): AuditResult {
  if (bundle.circuit !== "provenance")
    throw new InvalidInputError(`${bundleFile} is a ${bundle.circuit} proof, not provenance`);
  const key = readKeyFile(regulatorKeyFile, "regulator");
  const s = parsePublicSignals("provenance", bundle.publicSignals);
  if (s.regulatorKey[0] !== key.publicKey[0] || s.regulatorKey[1] !== key.publicKey[1])
    throw new InvalidInputError(
      `${bundleFile} was encrypted to another regulator key than ${regulatorKeyFile}: the decryption would be meaningless`,
    );
  const record = nameAuditRecord(
    decryptAudit(key.secret, s.auditEphemeral, s.auditCipher),
    names,
    registeredModelHashes,
  );
  if (!licenseFile) return { record };
  const license = readLicenseFile(licenseFile);
  const matchesLicense = license.modelHash === record.modelHash && license.datasetHash === record.datasetHash;
  if (!matchesLicense)
    throw new InvalidInputError(
      `the decrypted audit record of ${bundleFile} matches nothing in ${licenseFile}: wrong regulator key or another license`,
    );
  return { record, matchesLicense };
}

/** What `proveRoyaltyClaimFiles` needs. */
export interface ProveRoyaltyClaimFilesInput {
  /** A creator or licensor key file. */
  keyFile: string;
  /** The asset's provenance bundle (carries the asset hash and both payee tags). */
  provenanceBundleFile: string;
  /** Creator: the blinding file written beside the provenance bundle. */
  blindingFile?: string;
  /** Licensor: the license entry file (its salt is the licensor's blinding). */
  licenseFile?: string;
  context: bigint;
  chainId?: bigint;
  onProgress?: (stage: ProofStage, fraction: number) => void;
}

/**
 * A creator or licensor proves it may claim an asset's royalties: it knows the secret and blinding behind
 * the payee tag in the asset's provenance bundle.
 *
 * @throws {InvalidInputError} naming the files if the key, blinding or license do not give the bundle's tag.
 * @throws {ArtifactIntegrityError} if a circuit artifact is missing or altered.
 * @example const { bundle } = await proveRoyaltyClaimFiles({ keyFile: "creator.key.json", provenanceBundleFile: "bundle.json", blindingFile: "bundle.blinding.json", context })
 */
export async function proveRoyaltyClaimFiles(
  i: ProveRoyaltyClaimFilesInput,
): Promise<{ bundle: ProofBundle; proof: Groth16Proof; publicSignals: string[] }> {
  const key = readKeyFile(i.keyFile);
  if (key.kind !== "creator" && key.kind !== "licensor")
    throw new InvalidInputError(
      `${i.keyFile} is ${withArticle(key.kind)} key; royalties are claimed with a creator or licensor key`,
    );
  const provenance = readBundleFile(i.provenanceBundleFile, "provenance");
  const signals = parsePublicSignals("provenance", provenance.publicSignals);
  let blinding: bigint;
  if (key.kind === "creator") {
    if (!i.blindingFile) throw new InvalidInputError("a creator claim needs the blinding file (--blinding)");
    blinding = readBlindingFile(i.blindingFile);
  } else {
    if (!i.licenseFile) throw new InvalidInputError("a licensor claim needs the license file (--license)");
    blinding = readLicenseFile(i.licenseFile).salt;
  }
  const tag = key.kind === "creator" ? signals.creatorTag : signals.licensorTag;
  const data = royaltyClaimData({ secret: key.secret, blinding, assetHash: signals.assetHash, context: i.context });
  if (data.tag !== tag)
    throw new InvalidInputError(
      `${i.keyFile} with ${key.kind === "creator" ? i.blindingFile : i.licenseFile} does not give the ${key.kind} tag of ${i.provenanceBundleFile}`,
    );
  const result = await generateProof("royaltyClaim", royaltyClaimCircuitInput(data), { onProgress: i.onProgress });
  const bundle = createBundle({
    circuit: "royaltyClaim",
    vkeyHash: loadManifest().circuits.royaltyClaim!.vkeyHash,
    proof: result.proof,
    publicSignals: result.publicSignals,
    chainId: i.chainId ?? DEV_CHAIN_ID,
  });
  return { bundle, proof: result.proof, publicSignals: result.publicSignals };
}

/**
 * Read a proof bundle file of circuit `circuit`, naming the file in every error.
 *
 * @throws {InvalidInputError} for a missing or malformed bundle, or one of another circuit.
 * @example const bundle = readBundleFile("mint/bundle.json", "provenance")
 */
export function readBundleFile(file: string, circuit: ProofBundle["circuit"]): ProofBundle {
  const bundle = readDocument(file, bundleFormat, "proof bundle");
  if (bundle.circuit !== circuit)
    throw new InvalidInputError(`${file} is ${withArticle(bundle.circuit)} proof, not ${circuit}`);
  return bundle;
}

/** What `proveLicenseeFiles` needs. */
export interface ProveLicenseeFilesInput {
  licenseeKeyFile: string;
  /** The licensee registry snapshot. */
  licenseeTreeFile: string;
  tokenId: bigint;
  /** The rights mask licensed (e.g. COMMERCIAL). */
  usageRights: bigint;
  context: bigint;
  chainId?: bigint;
  onProgress?: (stage: ProofStage, fraction: number) => void;
}

/**
 * A licensee proves it is enrolled (its leaf is in the licensee snapshot) for licensing `tokenId` for
 * `usageRights`; the nullifier stops it licensing the same token and usage twice.
 *
 * @throws {InvalidInputError} if the key is not a licensee key or the licensee is not in the snapshot.
 * @throws {ArtifactIntegrityError} if a circuit artifact is missing or altered.
 * @example const { bundle } = await proveLicenseeFiles({ licenseeKeyFile, licenseeTreeFile, tokenId, usageRights: 2n, context })
 */
export async function proveLicenseeFiles(
  i: ProveLicenseeFilesInput,
): Promise<{ bundle: ProofBundle; proof: Groth16Proof; publicSignals: string[] }> {
  const key = readKeyFile(i.licenseeKeyFile, "licensee");
  const tree = readSnapshotFile(i.licenseeTreeFile);
  if (tree.tree !== "licensee")
    throw new InvalidInputError(`${i.licenseeTreeFile} is ${withArticle(tree.tree)} snapshot, not licensee`);
  const index = tree.imt.indexOf(licenseeLeaf(key.commitment));
  if (index < 0)
    throw new InvalidInputError(
      `licensee ${i.licenseeKeyFile} is not in the licensee snapshot ${i.licenseeTreeFile}: is it enrolled? then take a new snapshot`,
    );
  if (i.usageRights <= 0n || i.usageRights >= RIGHTS_MASK_BOUND)
    throw new InvalidInputError("the usage rights must be a non-empty 16-bit mask");
  const result = await generateProof(
    "licensee",
    licenseeCircuitInput({
      tokenId: i.tokenId,
      usageRights: i.usageRights,
      context: i.context,
      nullifier: licenseeNullifier(key.secret, i.tokenId, i.usageRights),
      secret: key.secret,
      path: merkleWitness(asLeanTree(tree.imt, i.licenseeTreeFile), index, circuitInstance("licensee").params.DEPTH!),
    }),
    { onProgress: i.onProgress },
  );
  const bundle = createBundle({
    circuit: "licensee",
    vkeyHash: loadManifest().circuits.licensee!.vkeyHash,
    proof: result.proof,
    publicSignals: result.publicSignals,
    chainId: i.chainId ?? DEV_CHAIN_ID,
  });
  return { bundle, proof: result.proof, publicSignals: result.publicSignals };
}

// zkprov end to end, through the same library calls the CLI commands make (cli/*.ts: each command is one call
// into prover/ or prover/chain/), on a local `hardhat node` the demo starts as `zkprov chain start` does, with
// real Groth16 proofs: deploy, register a model and a dataset license, attest and mint a generated image,
// refuse non-compliant assets, trust over time (a future-dated attestation, a retired model, a compromised and
// re-registered one), license the token, pay royalties in and claim them anonymously (in ETH and in zUSD), the
// market, let the regulator verify and decrypt the audit record offline, and check the proof bundles from disk. The
// state lives in a project folder (keys/, registry/, project.json) as the CLI keeps it. Every step checks
// what it did; any unexpected result throws and the exit code is 1.
//
// The demo is the list STEPS below: each step a name and one function over the demo's state. To add a step,
// write its function and put it in the list.
//
// Run: npm run demo [-- --json] [-- --out DIR]   (scripts/demo.sh maps the flags to the variables below)
//   ZKPROV_DEMO_JSON=1   print only one JSON object on stdout (the story goes to stderr)
//   ZKPROV_DEMO_OUT=DIR  output folder (default demo-output/ in the repository root)
// See docs/DEMO.md.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Contract, EventLog, Wallet, formatEther, parseEther, type JsonRpcProvider } from "ethers";
import { writeFilesAtomic } from "../artifacts/files.ts";
import { artifactPaths, loadManifest, REPO_ROOT } from "../artifacts/paths.ts";
import { parsePublicSignals } from "../core/codecs.ts";
import { Payee } from "../core/context.ts";
import { retainCurves } from "../core/curve.ts";
import { RIGHTS } from "../core/domain.ts";
import { ContractRevertError, WitnessError, ZkprovError } from "../core/errors.ts";
import { DEFAULT_MAX_ATTESTATION_AGE } from "../core/registry.ts";
import { documentHashOf } from "../core/asset.ts";
import { attestationFormat, type AttestationFile } from "../core/formats/attestation.ts";
import type { Deployment } from "../core/formats/project.ts";
import { licenseFormat } from "../core/formats/license.ts";
import type { LicenseEntry } from "../core/hashes.ts";
import { payeeTag } from "../core/hashes.ts";
import { verifyAttestation } from "../prover/attestation.ts";
import { embedBundleFile, readAssetBundleFile } from "../prover/c2pa/files.ts";
import type { ChainOptions } from "../prover/chain/connect.ts";
import { deployProject } from "../prover/chain/deploy.ts";
import {
  claimContextFor,
  claimRoyalty,
  licenseBundle,
  licenseContextFor,
  mintBundle,
  mintContextFor,
  payRoyalty,
} from "../prover/chain/gates.ts";
import { startNode, stopNode } from "../prover/chain/node.ts";
import { openProject, requireDeployment, snapshotPath, type Project } from "../prover/chain/project.ts";
import {
  addLicense,
  addLicensee,
  addModel,
  compromiseLeaf,
  grantRole,
  licenseeCommitment,
  retireModel,
  snapshotRegistry,
} from "../prover/chain/registry.ts";
import { withDeployment, type Session } from "../prover/chain/session.ts";
import { newKey, readKeyFile, writeKeyFile } from "../prover/files.ts";
import {
  attestFiles,
  auditBundleFile,
  proofOutputFiles,
  proveLicenseeFiles,
  proveProvenanceFiles,
  proveRoyaltyClaimFiles,
  verifyBundleFile,
  writeProofFiles,
  type ProofOutputFiles,
  type ProvenanceProofFiles,
} from "../prover/workflows.ts";
import { generatedPng } from "../fixtures/asset.ts";
import { marketSteps, type MarketResult } from "./demo/market.ts";
import { witnessRefusal } from "./demo/reasons.ts";

const JSON_MODE = process.env.ZKPROV_DEMO_JSON === "1";
const OUT_DIR = path.resolve(process.env.ZKPROV_DEMO_OUT || path.join(REPO_ROOT, "demo-output"));

const DAY = 86_400n;
const LICENSE_RIGHTS = BigInt(RIGHTS.PUBLISH | RIGHTS.COMMERCIAL | RIGHTS.DERIVATIVES);
const MODEL_RIGHTS = BigInt(RIGHTS.PUBLISH | RIGHTS.COMMERCIAL | RIGHTS.DERIVATIVES | RIGHTS.SUBLICENSE);
const ROYALTY_BPS = 1_500n;
const USAGE = BigInt(RIGHTS.COMMERCIAL);
const SALE_PRICE = parseEther("2");

const MODEL_CARD = "zkprov demo model card\nname: aurora-diffusion-mini\nversion: 1.0\nweights-sha256: 5e1f…demo\n";
const OTHER_MODEL_CARD = "zkprov demo model card\nname: unrelated-model\nversion: 0.3\n";
const DATASET_MANIFEST =
  "zkprov demo dataset manifest\nname: open-landscapes-2025\nitems: 120000\nlicense: CC-BY-4.0\n";
const OTHER_DATASET_MANIFEST = "zkprov demo dataset manifest\nname: licensed-for-another-model\n";
// The trust-over-time steps' models, each with a license of its own.
const SUNSET_MODEL_CARD = "zkprov demo model card\nname: sunset-diffusion\nversion: 0.9\n";
const SUNSET_DATASET_MANIFEST = "zkprov demo dataset manifest\nname: sunset-archive\n";
const LEAKY_MODEL_CARD = "zkprov demo model card\nname: leaky-diffusion\nversion: 2.1\n";
const LEAKY_DATASET_MANIFEST = "zkprov demo dataset manifest\nname: leaky-archive\n";

/** Who signs what: the node's default accounts by index (`--account N` in the CLI). */
const ACCOUNT = { regulator: 0, curator: 1, licensor: 2, kyc: 3, licensee: 4, relayer: 5, marketplace: 6 } as const;
/** The market steps' accounts: two licensees and a share holder. */
const MARKET_ACCOUNTS = [7, 8, 9] as const;
const as = (account: number): ChainOptions => ({ account });

// ---------------------------------------------------------------------------------------------------- output

const story = JSON_MODE ? process.stderr : process.stdout;
function say(line: string): void {
  story.write(line + "\n");
}

/** Throw unless `cond` holds: every step checks what it did. */
function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`demo check failed: ${what}`);
}

const hex = (x: bigint): string => "0x" + x.toString(16).padStart(64, "0");
const short = (x: bigint): string => {
  const h = hex(x);
  return `${h.slice(0, 8)}…${h.slice(-6)}`;
};
const addr = (a: string): string => `${a.slice(0, 6)}…${a.slice(-4)}`;
const ms = (t: number): string => `${(t / 1000).toFixed(1)} s`;
const eth = (wei: bigint): string => `${formatEther(wei)} ETH`;
const rightsName = (mask: bigint): string =>
  Object.entries(RIGHTS)
    .filter(([, bit]) => (mask & BigInt(bit)) !== 0n)
    .map(([n]) => n)
    .join("|");
const rel = (f: string): string => path.relative(process.cwd(), f) || ".";

/** Time `fn` (wall clock). */
async function timed<T>(fn: () => Promise<T>): Promise<T & { ms: number }> {
  const t = performance.now();
  const r = await fn();
  return { ...r, ms: Math.round(performance.now() - t) };
}

// ---------------------------------------------------------------------------------------------------- state

/** What the steps share: the project, its files, and what earlier steps made. Each step fills its part. */
interface Demo {
  project: Project;
  /** The node's default accounts, by index. */
  accounts: string[];
  keys: Record<"regulator" | "model" | "otherModel" | "licensor" | "creator" | "licensee", string>;
  files: { license: string; attestation: string; asset: string; credentials: string };
  license?: LicenseEntry;
  modelHash?: bigint;
  assetHash?: bigint;
  tokenId?: bigint;
  owner?: string;
  mint?: ProofOutputFiles;
  /** The snapshots each bundle was proven against (copied beside it), to verify it later as the CLI does. */
  snapshots: Record<string, string[]>;
  bundles: Record<string, ProofOutputFiles>;
  tags?: readonly [bigint, bigint];
  creatorBlinding?: bigint;
  result: Partial<DemoResult>;
}

interface DemoResult {
  market: MarketResult;
  chainId: string;
  rpc: string;
  projectDir: string;
  contracts: Record<string, string>;
  assetFile: string;
  /** The asset with its provenance proof embedded as Content Credentials: the mint was made from it. */
  credentialsFile: string;
  assetHash: string;
  tokenId: string;
  owner: string;
  grantedRights: string;
  mintGas: number;
  licenseGas: number;
  licenseFee: string;
  royaltyPaid: string;
  claimGas: { creator: number; licensor: number };
  claimed: { creator: string; licensor: string };
  claimRecipients: { creator: string; licensor: string };
  /** The creator's zUSD claim (base units, 6 decimals). */
  creatorClaimedUsd: string;
  proofTimes: { mint: number; license: number; claimCreator: number; claimLicensor: number };
  refusals: {
    case: string;
    stage: "attest" | "prover" | "chain";
    reason: string;
    constraint?: string;
    statement?: string;
  }[];
  audit: { modelHash: string; modelName: string; datasetHash: string; datasetName: string; creatorCommit: string };
  bundleDir: string;
  bundles: Record<string, string>;
  steps: { name: string; ms: number }[];
  totalMs: number;
}

/** Read the deployment's contracts (signing as account 0): the demo's checks of on-chain state. */
function read<T>(d: Demo, fn: (s: Session) => Promise<T>): Promise<T> {
  return withDeployment(d.project, {}, "read", fn);
}
const chainTime = (d: Demo): Promise<bigint> =>
  read(d, async ({ chain }) => BigInt((await chain.provider.getBlock("latest"))!.timestamp));
const deployment = (d: Demo): Deployment => requireDeployment(d.project);
const bundleFile = (name: string): string => path.join(OUT_DIR, name, "bundle.json");

/** Copy the project's current registry snapshots of `trees` beside bundle `name`: the roots it is proven against. */
function keepSnapshots(d: Demo, name: string, trees: ("model" | "license" | "licensee")[]): void {
  d.snapshots[name] = trees.map((tree) => {
    const to = path.join(OUT_DIR, name, `${tree}.snapshot.json`);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(snapshotPath(d.project, tree), to);
    return to;
  });
}

/** The mint gate's maxAttestationAge as the deployment recorded it (the proof must be made for it). */
const maxAge = (d: Demo): bigint => BigInt(deployment(d).maxAttestationAge ?? DEFAULT_MAX_ATTESTATION_AGE);

/**
 * `prove provenance --to RECIPIENT`: the creator proves an attested asset against the project's current registry
 * snapshots, for a mint to `recipient` now (chain time).
 */
async function proveForMint(
  d: Demo,
  o: { attestationFile: string; assetFile: string; assetHash: bigint; recipient: string },
): Promise<ProvenanceProofFiles> {
  const dep = deployment(d);
  return proveProvenanceFiles({
    attestationFile: o.attestationFile,
    creatorKeyFile: d.keys.creator,
    assetFile: o.assetFile,
    modelTreeFile: snapshotPath(d.project, "model"),
    licenseTreeFile: snapshotPath(d.project, "license"),
    regulatorKey: [BigInt(dep.regulatorKey[0]), BigInt(dep.regulatorKey[1])],
    context: mintContextFor(dep, o.recipient, o.assetHash),
    now: await chainTime(d),
    maxAttestationAge: maxAge(d),
    chainId: BigInt(dep.chainId),
  });
}

/**
 * The model generates image `asset` (seed `seed`) and `zkprov attest` signs it for the demo's creator under a
 * license, dated `generatedAt`: the asset and the attestation file written.
 */
async function attestTo(
  d: Demo,
  o: { modelKeyFile: string; modelHash: bigint; licenseFile: string; asset: string; seed: number; generatedAt: bigint },
): Promise<{ attestationFile: string; assetFile: string; assetHash: bigint; att: AttestationFile }> {
  fs.writeFileSync(o.asset, generatedPng(o.seed));
  const att = await attestFiles({
    modelKeyFile: o.modelKeyFile,
    assetFile: o.asset,
    modelHash: o.modelHash,
    modelRights: MODEL_RIGHTS,
    licenseFile: o.licenseFile,
    creatorCommit: readKeyFile(d.keys.creator, "creator").commitment,
    generatedAt: o.generatedAt,
  });
  const attestationFile = path.join(d.project.dir, `${path.basename(o.asset, ".png")}.attestation.json`);
  writeFilesAtomic([[attestationFile, attestationFormat.serialize(att)]], { force: true });
  return { attestationFile, assetFile: o.asset, assetHash: att.attestation.fields.assetHash, att };
}

/**
 * `keys new model`, `registry add-model` and `registry add-license` for it (the demo's licensor, dataset
 * `manifest`): a model of its own for a trust-over-time step. The license file is written 0600.
 */
async function modelWithLicense(d: Demo, name: string, card: string, manifest: string) {
  const keyFile = path.join(d.project.keysDir, `${name}.key.json`);
  writeKeyFile(keyFile, newKey("model"), { force: true });
  const modelHash = documentHashOf(card);
  const model = await addModel(d.project, as(ACCOUNT.curator), {
    modelKeyFile: keyFile,
    modelHash,
    rights: MODEL_RIGHTS,
    name,
  });
  const { license } = await addLicense(d.project, as(ACCOUNT.licensor), {
    licensorKeyFile: d.keys.licensor,
    datasetHash: documentHashOf(manifest),
    modelHash,
    rights: LICENSE_RIGHTS,
    expiry: (await chainTime(d)) + 365n * DAY,
    royaltyBps: ROYALTY_BPS,
  });
  const licenseFile = path.join(d.project.dir, `${name}.license.json`);
  writeFilesAtomic([[licenseFile, licenseFormat.serialize(license), 0o600]], { force: true });
  return { keyFile, modelHash, leaf: model.leaf, entry: model.entry, licenseFile, license };
}

/**
 * A refusal as the story tells it, recorded in the result: the real error (its name and message; a WitnessError
 * with the circuit's failed constraint and statement).
 *
 * @throws the error itself if it is not a zkprov error (an unexpected failure).
 */
function refusal(d: Demo, caseName: string, stage: "attest" | "prover" | "chain", e: unknown): string {
  if (!(e instanceof ZkprovError)) throw e;
  const refusals = (d.result.refusals ??= []);
  if (e instanceof WitnessError) {
    const r = witnessRefusal(e, "provenance");
    refusals.push({
      case: caseName,
      stage,
      reason: r.shortMessage,
      ...(r.constraint ? { constraint: r.constraint } : {}),
      ...(r.statement ? { statement: r.statement } : {}),
    });
    return (
      `WitnessError: ${r.shortMessage}` +
      (r.constraint ? `\n        failed: ${r.statement ? `"${r.statement}": ` : ""}${r.constraint}` : "")
    );
  }
  // The message names the files as given; the story names them from the current folder.
  const reason = e.shortMessage.replaceAll(`${process.cwd()}${path.sep}`, "");
  refusals.push({ case: caseName, stage, reason });
  return `${e.name}: ${reason}`;
}

/** Run `fn`, which must be refused with a zkprov error: the refusal as the story tells it. */
async function refused(
  d: Demo,
  caseName: string,
  stage: "attest" | "prover" | "chain",
  fn: () => Promise<unknown>,
): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return refusal(d, caseName, stage, e);
  }
  throw new Error(`demo check failed: ${caseName} was not refused`);
}

// ---------------------------------------------------------------------------------------------------- steps

/** [1] `zkprov chain start`, `keys new regulator`, `deploy`. */
async function deploy(d: Demo): Promise<void> {
  writeKeyFile(d.keys.regulator, newKey("regulator"), { force: true });
  const node = await startNode(d.project, { port: await freePort() });
  const { deployment: dep } = await deployProject(d.project, {
    account: ACCOUNT.regulator,
    regulatorKeyFile: d.keys.regulator,
  });
  d.accounts = await read(
    d,
    async ({ chain }) => (await (chain.provider as JsonRpcProvider).send("eth_accounts", [])) as string[],
  );
  check(d.accounts.length > MARKET_ACCOUNTS.at(-1)!, "the node has the accounts the demo signs with");
  const regulator = readKeyFile(d.keys.regulator, "regulator");
  const manifest = loadManifest();
  await read(d, async ({ contracts, chain }) => {
    const [x, y] = (await contracts.registry.getFunction("regulatorKey")()) as [bigint, bigint];
    check(x === regulator.publicKey[0] && y === regulator.publicKey[1], "the registry pins the regulator key");
    check(
      (await contracts.mintGate.getFunction("royaltyVault")()) === dep.contracts.royaltyVault,
      "the mint gate's vault is the deployed vault",
    );
    check(
      (await contracts.mintGate.getFunction("maxAttestationAge")()) === maxAge(d),
      "the project records the mint gate's maxAttestationAge",
    );
    for (const [id, name] of [
      ["provenance", "provenanceVerifier"],
      ["royaltyClaim", "royaltyClaimVerifier"],
      ["licensee", "licenseeVerifier"],
    ] as const) {
      const v = new Contract(dep.contracts[name], ["function VKEY_HASH() view returns (bytes32)"], chain.provider);
      check(
        (await v.getFunction("VKEY_HASH")()) === manifest.circuits[id]?.vkeyHash,
        `${name}.VKEY_HASH matches the circuit manifest`,
      );
    }
  });
  d.result.chainId = dep.chainId;
  d.result.rpc = node.url;
  d.result.contracts = { ...dep.contracts };
  say(
    `[1] started a local chain (${node.url}, chain ${dep.chainId}) and deployed zkprov (Ignition): registry ` +
      `${addr(dep.contracts.registry)}, mint gate ${addr(dep.contracts.mintGate)}, license gate ` +
      `${addr(dep.contracts.licenseGate)}, vault ${addr(dep.contracts.royaltyVault)}; fresh regulator key ` +
      `${short(regulator.publicKey[0])} pinned; verifier key hashes match the manifest`,
  );
}

/** [2] `registry grant-role`, `keys new model|licensor`, `registry add-model`, `registry add-license`. */
async function registerModelAndLicense(d: Demo): Promise<void> {
  for (const role of ["curator", "licensor", "kyc"] as const)
    await grantRole(d.project, as(ACCOUNT.regulator), role, d.accounts[ACCOUNT[role]]!);
  writeKeyFile(d.keys.model, newKey("model"), { force: true });
  writeKeyFile(d.keys.licensor, newKey("licensor"), { force: true });
  d.modelHash = documentHashOf(MODEL_CARD);
  await addModel(d.project, as(ACCOUNT.curator), {
    modelKeyFile: d.keys.model,
    modelHash: d.modelHash,
    rights: MODEL_RIGHTS,
    name: "aurora-diffusion-mini",
  });
  const { license, leaf } = await addLicense(d.project, as(ACCOUNT.licensor), {
    licensorKeyFile: d.keys.licensor,
    datasetHash: documentHashOf(DATASET_MANIFEST),
    modelHash: d.modelHash,
    rights: LICENSE_RIGHTS,
    expiry: (await chainTime(d)) + 365n * DAY,
    royaltyBps: ROYALTY_BPS,
    name: "open-landscapes-2025",
  });
  writeFilesAtomic([[d.files.license, licenseFormat.serialize(license), 0o600]], { force: true });
  d.license = license;
  await read(d, async ({ contracts }) =>
    check(await contracts.registry.getFunction("has")(1, leaf), "the license leaf is in the license registry"),
  );
  say(
    `[2] regulator granted curator/licensor/KYC roles; curator registered model "aurora-diffusion-mini" ` +
      `(modelHash ${short(d.modelHash)}, rights ${rightsName(MODEL_RIGHTS)}); licensor registered dataset ` +
      `"open-landscapes-2025" for it (rights ${rightsName(license.rights)}, royalty ${license.royaltyBps} bps, ` +
      `expires ${new Date(Number(license.expiry) * 1000).toISOString().slice(0, 10)})`,
  );
}

/** [3] The model generates an image; `keys new creator`, `attest`. */
async function attestAsset(d: Demo): Promise<void> {
  fs.writeFileSync(d.files.asset, generatedPng(7));
  writeKeyFile(d.keys.creator, newKey("creator"), { force: true });
  const creator = readKeyFile(d.keys.creator, "creator");
  const att = await attestFiles({
    modelKeyFile: d.keys.model,
    assetFile: d.files.asset,
    modelHash: d.modelHash!,
    modelRights: MODEL_RIGHTS,
    licenseFile: d.files.license,
    creatorCommit: creator.commitment,
    // Validity is judged as of creation: the image is generated once the license (registered after the model) started.
    generatedAt: d.license!.start,
  });
  writeFilesAtomic([[d.files.attestation, attestationFormat.serialize(att)]], { force: true });
  check(verifyAttestation(att.attestation, att.model.publicKey), "the creator's copy of the attestation verifies");
  d.assetHash = att.attestation.fields.assetHash;
  say(
    `[3] model generated ${path.relative(REPO_ROOT, d.files.asset)} (${fs.statSync(d.files.asset).size} bytes, ` +
      `assetHash ${short(d.assetHash)}); operator signed the attestation for creator commitment ${short(creator.commitment)}`,
  );
}

/** [4] `registry snapshot`, `prove provenance --to`, `c2pa embed`, `mint` (a front-runner's copy refused). */
async function proveAndMint(d: Demo): Promise<void> {
  await snapshotRegistry(d.project, {});
  const dep = deployment(d);
  const recipient = Wallet.createRandom().address;
  const context = mintContextFor(dep, recipient, d.assetHash!);
  await read(d, async ({ contracts }) =>
    check(
      context === (await contracts.mintGate.getFunction("mintContext")(recipient, d.assetHash)),
      "the mint context is the gate's",
    ),
  );
  const proof = await timed(() =>
    proveForMint(d, {
      attestationFile: d.files.attestation,
      assetFile: d.files.asset,
      assetHash: d.assetHash!,
      recipient,
    }),
  );
  d.mint = writeProofFiles(bundleFile("mint"), proof, { force: true });
  keepSnapshots(d, "mint", ["model", "license"]);
  d.creatorBlinding = proof.creatorBlinding;
  const s = parsePublicSignals("provenance", proof.publicSignals);
  const creator = readKeyFile(d.keys.creator, "creator");
  check(s.grantedRights === (MODEL_RIGHTS & LICENSE_RIGHTS), "grantedRights = modelRights AND licenseRights");
  check(s.licensorBps === ROYALTY_BPS, "licensorBps is the license's royaltyBps");
  check(
    s.creatorTag === payeeTag(creator.commitment, proof.creatorBlinding, d.assetHash!),
    "creatorTag is the creator's",
  );
  check(
    s.licensorTag === payeeTag(d.license!.licensorCommit, d.license!.salt, d.assetHash!),
    "licensorTag is the licensor's",
  );

  // The proof travels inside the image as Content Credentials (docs/C2PA.md); the mint reads it from there.
  const embedded = await embedBundleFile({
    assetFile: d.files.asset,
    bundleFile: d.mint.bundle,
    outFile: d.files.credentials,
    force: true,
  });
  const fromImage = await readAssetBundleFile(d.files.credentials);
  say(
    `[4] creator proved provenance locally in ${ms(proof.ms)} (against registry snapshots mirrored from the ` +
      `registry's events) and embedded the proof in ${path.relative(REPO_ROOT, d.files.credentials)} (C2PA ` +
      `manifest ${embedded.manifestStoreBytes} bytes, claim signed by an ephemeral certificate that names nobody)`,
  );

  // A front-runner copying the proof from the mempool to mint the asset to itself is refused.
  let frontRun: string | undefined;
  try {
    await mintBundle(d.project, as(ACCOUNT.marketplace), fromImage.bundle, d.accounts[ACCOUNT.marketplace]!);
  } catch (e) {
    if (!(e instanceof ContractRevertError)) throw e;
    frontRun = e.revert;
  }
  check(frontRun === "MintContextMismatch", "a copied proof minting to another recipient is refused");
  const minted = await mintBundle(d.project, as(ACCOUNT.relayer), fromImage.bundle, recipient);
  d.tokenId = minted.tokenId;
  d.owner = recipient;
  d.tags = [s.creatorTag, s.licensorTag];
  await read(d, async ({ contracts }) => {
    check((await contracts.mintGate.getFunction("ownerOf")(d.tokenId)) === recipient, "the token is the creator's");
    const record = (await contracts.mintGate.getFunction("tokenRecord")(d.tokenId)) as {
      grantedRights: bigint;
      licensorBps: bigint;
    };
    check(record.grantedRights === s.grantedRights && record.licensorBps === ROYALTY_BPS, "the token record");
  });
  say(
    `    minted token ${short(d.tokenId)} from the image to fresh address ${addr(recipient)} (sent by a relayer): ` +
      `${minted.gas} gas, granted ${rightsName(minted.grantedRights)}`,
  );
  say(`    a front-runner replaying the proof for itself is refused on chain: ${frontRun}`);
  (d.result.refusals ??= []).push({
    case: "proof copied to mint to another recipient",
    stage: "chain",
    reason: frontRun,
  });
  Object.assign(d.result, {
    assetFile: d.files.asset,
    credentialsFile: d.files.credentials,
    assetHash: d.assetHash!.toString(),
    tokenId: d.tokenId.toString(),
    owner: recipient,
    grantedRights: rightsName(s.grantedRights),
    mintGas: Number(minted.gas),
    proofTimes: { mint: proof.ms, license: 0, claimCreator: 0, claimLicensor: 0 },
  });
}

/** [5] A license for another model: the model operator's `attest` refuses it. */
async function refuseNonCompliant(d: Demo): Promise<void> {
  writeKeyFile(d.keys.otherModel, newKey("model"), { force: true });
  const otherModelHash = documentHashOf(OTHER_MODEL_CARD);
  await addModel(d.project, as(ACCOUNT.curator), {
    modelKeyFile: d.keys.otherModel,
    modelHash: otherModelHash,
    rights: MODEL_RIGHTS,
  });
  const { license } = await addLicense(d.project, as(ACCOUNT.licensor), {
    licensorKeyFile: d.keys.licensor,
    datasetHash: documentHashOf(OTHER_DATASET_MANIFEST),
    modelHash: otherModelHash,
    rights: LICENSE_RIGHTS,
    expiry: (await chainTime(d)) + 365n * DAY,
    royaltyBps: ROYALTY_BPS,
  });
  const foreignFile = path.join(d.project.dir, "foreign.license.json");
  writeFilesAtomic([[foreignFile, licenseFormat.serialize(license), 0o600]], { force: true });
  // The operator of aurora-diffusion-mini is asked to attest under a license that names another model.
  const a = await refused(d, "license for another model", "attest", () =>
    attestTo(d, {
      modelKeyFile: d.keys.model,
      modelHash: d.modelHash!,
      licenseFile: foreignFile,
      asset: path.join(OUT_DIR, "refused-other-model.png"),
      seed: 8,
      generatedAt: license.start,
    }),
  );
  say(
    `[5] non-compliant assets are refused before any proof exists:\n` +
      `    (a) image to be attested under dataset "licensed-for-another-model", whose license names another model -> ${a}`,
  );
}

/** [5b] Issue 14: an attestation dated after the proof's `now` (the chain's clock): no proof exists. */
async function refuseFutureDated(d: Demo): Promise<void> {
  const future = await attestTo(d, {
    modelKeyFile: d.keys.model,
    modelHash: d.modelHash!,
    licenseFile: d.files.license,
    asset: path.join(OUT_DIR, "refused-future.png"),
    seed: 9,
    generatedAt: (await chainTime(d)) + 30n * DAY,
  });
  const b = await refused(d, "future-dated attestation", "prover", () =>
    proveForMint(d, { ...future, recipient: d.owner! }),
  );
  say(`    (b) image whose attestation is dated 30 days ahead of the chain's clock -> ${b}`);
}

/**
 * [5c] Issue 14: `registry retire` (a planned end). An asset generated while the model was approved still proves
 * (against the retired entry, valid until the retirement) and mints; one generated after is refused.
 */
async function retiredModel(d: Demo): Promise<void> {
  const m = await modelWithLicense(d, "sunset-diffusion", SUNSET_MODEL_CARD, SUNSET_DATASET_MANIFEST);
  const attest = (name: string, seed: number, generatedAt: bigint) =>
    attestTo(d, { ...m, modelKeyFile: m.keyFile, asset: path.join(OUT_DIR, `${name}.png`), seed, generatedAt });
  const before = await attest("retired-model-before", 10, m.license.start);
  const retired = await retireModel(d.project, as(ACCOUNT.curator), m.modelHash);
  const retiredAt = retired.entry.validUntil;
  check(retired.oldLeaf === m.leaf && retired.leaf !== m.leaf, "the retirement replaced the model's leaf");
  check(before.att.attestation.fields.generatedAt <= retiredAt, "the first asset was generated before the retirement");
  const after = await attest("refused-retired-model", 11, retiredAt + 1n);
  await snapshotRegistry(d.project, {});

  const recipient = Wallet.createRandom().address;
  const proof = await timed(() => proveForMint(d, { ...before, recipient }));
  const name = "mint-retired-model";
  d.bundles[name] = writeProofFiles(bundleFile(name), proof, { force: true });
  keepSnapshots(d, name, ["model", "license"]);
  const minted = await mintBundle(d.project, as(ACCOUNT.relayer), d.bundles[name]!.bundle, recipient);
  check(minted.tokenId === before.assetHash, "the asset generated before the retirement minted");
  const late = await refused(d, "attested after its model was retired", "prover", () =>
    proveForMint(d, { ...after, recipient }),
  );
  say(
    `[5c] curator retired model "sunset-diffusion" at ${retiredAt} (registered ${m.entry.validFrom}): an image ` +
      `generated before still proved (${ms(proof.ms)}) and minted token ${short(minted.tokenId)} (${minted.gas} gas); ` +
      `one attested a second after the retirement -> ${late}`,
  );
}

/**
 * [5d] Issue 14: a model's key leaks. `registry compromise` removes its entry (every earlier model root stops
 * being accepted at once); the curator registers the same key and hash again, valid from now. A proof made before
 * the compromise is refused by the mint gate, and the old attestation cannot be proven again: it predates the
 * new entry.
 */
async function compromisedModel(d: Demo): Promise<void> {
  const m = await modelWithLicense(d, "leaky-diffusion", LEAKY_MODEL_CARD, LEAKY_DATASET_MANIFEST);
  const old = await attestTo(d, {
    ...m,
    modelKeyFile: m.keyFile,
    asset: path.join(OUT_DIR, "refused-compromised-model.png"),
    seed: 12,
    generatedAt: m.license.start,
  });
  await snapshotRegistry(d.project, {});
  const recipient = Wallet.createRandom().address;
  const proof = await timed(() => proveForMint(d, { ...old, recipient }));
  const inFlight = writeProofFiles(bundleFile("refused-compromised-model"), proof, { force: true });

  await compromiseLeaf(d.project, as(ACCOUNT.curator), "model", m.leaf);
  const again = await addModel(d.project, as(ACCOUNT.curator), {
    modelKeyFile: m.keyFile,
    modelHash: m.modelHash,
    rights: MODEL_RIGHTS,
    name: "leaky-diffusion",
  });
  check(again.entry.validFrom > old.att.attestation.fields.generatedAt, "the new entry starts after the old asset");
  const onChain = await refused(d, "proof made before its model was compromised", "chain", () =>
    mintBundle(d.project, as(ACCOUNT.relayer), inFlight.bundle, recipient),
  );
  check(onChain.includes("MintCompromisedRoot"), "the mint gate refuses the pre-compromise model root");
  await snapshotRegistry(d.project, {});
  const reproved = await refused(d, "attested before its model was re-registered", "prover", () =>
    proveForMint(d, { ...old, recipient }),
  );
  say(
    `[5d] model "leaky-diffusion"'s key leaked after an image was attested and proven (${ms(proof.ms)}): the curator ` +
      `compromised its entry and registered the same key again (valid from ${again.entry.validFrom}).\n` +
      `    the proof made before the compromise -> ${onChain}\n` +
      `    proving the old attestation again, against the new registry -> ${reproved}`,
  );
}

/** [6] `keys new licensee`, `registry add-licensee`, `prove licensee --to`, `license`. */
async function licenseToken(d: Demo): Promise<void> {
  writeKeyFile(d.keys.licensee, newKey("licensee"), { force: true });
  await addLicensee(d.project, as(ACCOUNT.kyc), licenseeCommitment(d.keys.licensee));
  await snapshotRegistry(d.project, {});
  const dep = deployment(d);
  const licensee = d.accounts[ACCOUNT.licensee]!;
  const proof = await timed(() =>
    proveLicenseeFiles({
      licenseeKeyFile: d.keys.licensee,
      licenseeTreeFile: snapshotPath(d.project, "licensee"),
      tokenId: d.tokenId!,
      usageRights: USAGE,
      context: licenseContextFor(dep, licensee, d.tokenId!, USAGE),
      chainId: BigInt(dep.chainId),
    }),
  );
  d.bundles.license = writeProofFiles(bundleFile("license"), proof, { force: true });
  keepSnapshots(d, "license", ["licensee"]);
  const licensed = await licenseBundle(d.project, as(ACCOUNT.licensee), d.bundles.license.bundle);
  await read(d, async ({ contracts }) => {
    const rights = (await contracts.licenseGate.getFunction("licensedRights")(d.tokenId, licensee)) as bigint;
    check((rights & USAGE) === USAGE, "the licensee holds the COMMERCIAL right for the token");
    check(
      ((await contracts.royaltyVault.getFunction("accrued")(d.tokenId)) as bigint) === licensed.fee,
      "the license fee accrued to the token in the vault",
    );
  });
  Object.assign(d.result, { licenseGas: Number(licensed.gas), licenseFee: licensed.fee.toString() });
  d.result.proofTimes!.license = proof.ms;
  say(
    `[6] KYC provider enrolled a licensee; licensee proved membership in ${ms(proof.ms)} and licensed ` +
      `${rightsName(USAGE)} use for ${eth(licensed.fee)}: ${licensed.gas} gas`,
  );
}

/** [7] `royalty pay`; `prove royalty-claim --to` and `royalty claim` for the creator and the licensor. */
async function royalties(d: Demo): Promise<void> {
  const [receiver, royalty] = await read(
    d,
    async ({ contracts }) =>
      (await contracts.mintGate.getFunction("royaltyInfo")(d.tokenId, SALE_PRICE)) as [string, bigint],
  );
  check(receiver === deployment(d).contracts.royaltyVault && royalty > 0n, "ERC-2981 royaltyInfo points at the vault");
  const { accrued: total } = await payRoyalty(d.project, as(ACCOUNT.marketplace), d.tokenId!, royalty);
  check(total === BigInt(d.result.licenseFee!) + royalty, "the vault accrued the license fee and the royalty");
  const expected = { licensor: (total * ROYALTY_BPS) / 10_000n, creator: total - (total * ROYALTY_BPS) / 10_000n };
  const dep = deployment(d);

  const claim = async (who: "creator" | "licensor") => {
    const recipient = Wallet.createRandom().address;
    const proof = await timed(() =>
      proveRoyaltyClaimFiles({
        keyFile: who === "creator" ? d.keys.creator : d.keys.licensor,
        provenanceBundleFile: d.mint!.bundle,
        ...(who === "creator" ? { blindingFile: d.mint!.blinding } : { licenseFile: d.files.license }),
        context: claimContextFor(dep, recipient, d.tokenId!, who === "creator" ? Payee.Creator : Payee.Licensor),
        chainId: BigInt(dep.chainId),
      }),
    );
    const name = `claim-${who}`;
    d.bundles[name] = writeProofFiles(bundleFile(name), proof, { force: true });
    d.snapshots[name] = [];
    const paid = await claimRoyalty(d.project, as(ACCOUNT.relayer), d.bundles[name]!.bundle, recipient);
    check(paid.payee === who, `the claim is the ${who}'s`);
    const received = await read(d, ({ chain }) => chain.provider.getBalance(recipient));
    return { recipient, received, gas: paid.gas, ms: proof.ms };
  };
  const creator = await claim("creator");
  const licensor = await claim("licensor");
  check(creator.received === expected.creator, `the creator received exactly ${expected.creator} wei`);
  check(licensor.received === expected.licensor, `the licensor received exactly ${expected.licensor} wei`);
  check(
    (await read(d, ({ chain }) => chain.provider.getBalance(dep.contracts.royaltyVault))) === 0n,
    "the vault paid out everything",
  );
  Object.assign(d.result, {
    royaltyPaid: royalty.toString(),
    claimGas: { creator: Number(creator.gas), licensor: Number(licensor.gas) },
    claimed: { creator: creator.received.toString(), licensor: licensor.received.toString() },
    claimRecipients: { creator: creator.recipient, licensor: licensor.recipient },
  });
  d.result.proofTimes!.claimCreator = creator.ms;
  d.result.proofTimes!.claimLicensor = licensor.ms;
  say(
    `[7] ${eth(royalty)} ERC-2981 royalty on a ${eth(SALE_PRICE)} sale paid into the vault (total ${eth(total)}); ` +
      `creator claimed ${eth(creator.received)} to fresh ${addr(creator.recipient)} (proof ${ms(creator.ms)}, ` +
      `${creator.gas} gas, sent by a relayer), licensor claimed ${eth(licensor.received)} (${ROYALTY_BPS} bps) to ` +
      `fresh ${addr(licensor.recipient)} (proof ${ms(licensor.ms)}, ${licensor.gas} gas)`,
  );
}

/** [7b]-[7e] The market (scripts/demo/market.ts): `terms set`, `license --units`, `shares issue|claim`, in zUSD. */
async function market(d: Demo): Promise<void> {
  d.result.market = await marketSteps({
    project: d.project,
    accounts: d.accounts,
    roles: {
      kyc: ACCOUNT.kyc,
      relayer: ACCOUNT.relayer,
      marketplace: ACCOUNT.marketplace,
      licensees: [MARKET_ACCOUNTS[0], MARKET_ACCOUNTS[1]],
      holder: MARKET_ACCOUNTS[2],
    },
    creator: { keyFile: d.keys.creator, provenanceBundleFile: d.mint!.bundle, blindingFile: d.mint!.blinding },
    licensor: {
      claimBundleFile: d.bundles["claim-licensor"]!.bundle,
      recipient: d.result.claimRecipients!.licensor,
      bps: ROYALTY_BPS,
    },
    tokenId: d.tokenId!,
    salePrice: 2_000n * 10n ** 6n,
    outDir: OUT_DIR,
    say,
    check,
  });
}

/**
 * [7f] Issue 18: `royalty claim BUNDLE --to ADDR --currency zUSD`. The creator's bundle from its ETH claim claims
 * its zUSD too (the proof binds token, payee and recipient, not the currency), to the same fresh address; a second
 * claim finds nothing owed.
 */
async function creatorClaimsZusd(d: Demo): Promise<void> {
  const dep = deployment(d);
  const usd = dep.contracts.devStablecoin!;
  const recipient = d.result.claimRecipients!.creator;
  const bundle = d.bundles["claim-creator"]!.bundle;
  const balanceOf = (who: string) =>
    read(d, async ({ chain }) => {
      const token = new Contract(usd, ["function balanceOf(address) view returns (uint256)"], chain.provider);
      return (await token.getFunction("balanceOf")(who)) as bigint;
    });
  const owed = await read(
    d,
    async ({ contracts }) =>
      (await contracts.royaltyVault.getFunction("claimable")(d.tokenId, Payee.Creator, usd)) as bigint,
  );
  check(owed === BigInt(d.result.market!.creatorOwed), "the vault owes the creator its part of every zUSD");
  const before = await balanceOf(recipient);
  const paid = await claimRoyalty(d.project, as(ACCOUNT.relayer), bundle, recipient, "zUSD");
  const received = (await balanceOf(recipient)) - before;
  check(paid.payee === "creator" && paid.currency === usd, "the claim is the creator's, in zUSD");
  check(received === owed && paid.amount === owed, `the creator received exactly ${owed} zUSD base units`);
  const again = await refused(d, "second zUSD claim of the creator", "chain", () =>
    claimRoyalty(d.project, as(ACCOUNT.relayer), bundle, recipient, "zUSD"),
  );
  check(again.includes("VaultNothingOwed"), "nothing is owed after the claim");
  d.result.creatorClaimedUsd = received.toString();
  say(
    `[7f] the creator claimed its own ${Number(received) / 1e6} zUSD (all of its part before the shares issue, the ` +
      `unissued 70 % after) to the same fresh ${addr(recipient)} with the bundle of its ETH claim: no new proof ` +
      `(${paid.gas} gas, sent by a relayer); claiming again -> ${again}`,
  );
}

/** [8] `verify` (against the snapshots it was proven with) and `audit decrypt` with the regulator key. */
async function regulatorAudit(d: Demo): Promise<void> {
  const report = await verifyBundleFile(d.mint!.bundle, undefined, d.snapshots.mint);
  for (const c of report.checks) check(c.status === "pass", `bundle check "${c.name}": ${c.reason}`);
  check(report.valid, "the mint bundle verifies offline");
  const registered = await read(d, async ({ contracts }) =>
    (await contracts.registry.queryFilter(contracts.registry.filters.ModelDescribed!()))
      .filter((l) => l instanceof EventLog)
      .map((l) => (l as EventLog).args.modelHash as bigint),
  );
  const { record: audit } = auditBundleFile(
    d.mint!.bundle,
    d.keys.regulator,
    d.files.license,
    d.project.data.names,
    registered,
  );
  const creator = readKeyFile(d.keys.creator, "creator");
  check(audit.modelRegistered === true, "the decrypted modelHash names a registered model");
  check(audit.modelName !== undefined && audit.datasetName !== undefined, "the audit record is named");
  check(audit.modelHash === d.modelHash, "the decrypted modelHash is the registered model's");
  check(audit.datasetHash === d.license!.datasetHash, "the decrypted datasetHash is the licensed dataset's");
  check(audit.creatorCommit === creator.commitment, "the decrypted creator commitment is the creator's");
  const vkeyHash = JSON.parse(fs.readFileSync(d.mint!.bundle, "utf8")).vkeyHash as string;
  d.result.audit = {
    modelHash: hex(audit.modelHash),
    modelName: audit.modelName!,
    datasetHash: hex(audit.datasetHash),
    datasetName: audit.datasetName!,
    creatorCommit: hex(audit.creatorCommit),
  };
  say(
    `[8] regulator verified the mint bundle offline (vkey ${vkeyHash.slice(0, 10)}…, roots found in the registry ` +
      `snapshots it was proven against) and decrypted the audit record: model "${audit.modelName}" modelHash ` +
      `${short(audit.modelHash)}, dataset "${audit.datasetName}" datasetHash ${short(audit.datasetHash)}, ` +
      `creator commitment ${short(audit.creatorCommit)}`,
  );
}

/** [9] Every proof's files, checked again from disk as `zkprov verify` does. */
async function bundlesFromDisk(d: Demo): Promise<void> {
  const all: Record<string, ProofOutputFiles> = { mint: d.mint!, ...d.bundles };
  for (const [name, files] of Object.entries(all)) {
    const report = await verifyBundleFile(files.bundle, undefined, d.snapshots[name]);
    check(report.verdict === "valid", `bundle ${name} verifies from disk (${report.verdict})`);
    const b = JSON.parse(fs.readFileSync(files.bundle, "utf8")) as { proof: unknown; publicSignals: unknown };
    check(
      JSON.stringify(JSON.parse(fs.readFileSync(files.proof, "utf8"))) === JSON.stringify(b.proof) &&
        JSON.stringify(JSON.parse(fs.readFileSync(files.publicSignals, "utf8"))) === JSON.stringify(b.publicSignals),
      `${name}'s proof.json and public.json are the bundle's`,
    );
  }
  const mint = proofOutputFiles(d.mint!.bundle);
  d.result.bundles = Object.fromEntries(Object.entries(all).map(([k, f]) => [k, f.bundle]));
  say(
    `[9] wrote ${Object.keys(all).length} proof bundles to ${rel(OUT_DIR)}/ (${Object.keys(all).join(", ")}: ` +
      `bundle.json + proof.json + public.json), all verified from disk; e.g. snarkjs groth16 verify ` +
      `${rel(artifactPaths("provenance").vkey)} ${rel(mint.publicSignals)} ${rel(mint.proof)}`,
  );
}

/** The demo, in order: each step one function over the shared state. */
const STEPS: { name: string; run: (d: Demo) => Promise<void> }[] = [
  { name: "deploy", run: deploy },
  { name: "register a model and a dataset license", run: registerModelAndLicense },
  { name: "generate and attest an asset", run: attestAsset },
  { name: "prove provenance and mint", run: proveAndMint },
  { name: "refuse an attestation under another model's license", run: refuseNonCompliant },
  { name: "refuse a future-dated attestation", run: refuseFutureDated },
  { name: "retire a model: earlier assets still mint, later ones are refused", run: retiredModel },
  { name: "compromise and re-register a model: its old attestations no longer mint", run: compromisedModel },
  { name: "license the token", run: licenseToken },
  { name: "pay and claim royalties", run: royalties },
  { name: "market", run: market },
  { name: "the creator claims its zUSD royalties", run: creatorClaimsZusd },
  { name: "regulator verifies and audits", run: regulatorAudit },
  { name: "bundles from disk", run: bundlesFromDisk },
];

// ---------------------------------------------------------------------------------------------------- main

/** A free TCP port on 127.0.0.1 for the demo's node. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function demo(): Promise<DemoResult> {
  const started = performance.now();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const projectDir = path.join(OUT_DIR, "project");
  fs.rmSync(projectDir, { recursive: true, force: true });
  const project = openProject(projectDir, { create: true });
  const key = (name: string) => path.join(project.keysDir, `${name}.key.json`);
  const d: Demo = {
    project,
    accounts: [],
    keys: {
      regulator: key("regulator"),
      model: key("model"),
      otherModel: key("other-model"),
      licensor: key("licensor"),
      creator: key("creator"),
      licensee: key("licensee"),
    },
    files: {
      license: path.join(project.dir, "license.json"),
      attestation: path.join(project.dir, "attestation.json"),
      asset: path.join(OUT_DIR, "asset.png"),
      credentials: path.join(OUT_DIR, "asset.c2pa.png"),
    },
    snapshots: {},
    bundles: {},
    result: { projectDir, bundleDir: OUT_DIR, steps: [] },
  };
  try {
    for (const step of STEPS) {
      const t = performance.now();
      try {
        await step.run(d);
      } catch (e) {
        if (e instanceof Error) e.message = `step "${step.name}": ${e.message}`;
        throw e;
      }
      d.result.steps!.push({ name: step.name, ms: Math.round(performance.now() - t) });
    }
  } finally {
    if (project.data.chain?.node) await stopNode(project);
  }
  return { ...d.result, totalMs: Math.round(performance.now() - started) } as DemoResult;
}

// Keep snarkjs's curve workers warm across the demo's proofs; released (and the workers ended) at the end so
// that the process exits by itself.
const release = retainCurves();
try {
  const result = await demo();
  say(
    `[10] done in ${ms(result.totalMs)}: every step checked` +
      (JSON_MODE ? "" : " (npm run demo -- --json for the numbers)"),
  );
  if (JSON_MODE) process.stdout.write(JSON.stringify(result, null, 2) + "\n");
} catch (e) {
  process.exitCode = 1;
  process.stderr.write(`\ndemo FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
  // A failed check or a zkprov error says what is wrong; anything else also gets its stack.
  if (e instanceof Error && e.stack && !(e instanceof ZkprovError) && !e.message.includes("demo check failed")) {
    process.stderr.write(e.stack.split("\n").slice(1, 6).join("\n") + "\n");
  }
} finally {
  await release();
}

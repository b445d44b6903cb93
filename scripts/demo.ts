// zkprov end to end on Hardhat's in-process chain, with real Groth16 proofs: deploy, register a model and a
// dataset license, attest and mint a generated image, refuse non-compliant assets, license the token, pay
// royalties in and claim them anonymously, let the regulator verify and decrypt the audit record offline, and
// write the proof bundles. Every step is checked; any unexpected result throws and the exit code is 1.
//
// Run: npm run demo [-- --json] [-- --out DIR]   (scripts/demo.sh maps the flags to the variables below)
//   ZKPROV_DEMO_JSON=1   print only one JSON object on stdout (the story goes to stderr)
//   ZKPROV_DEMO_OUT=DIR  output folder (default demo-output/ in the repository root)
// See docs/DEMO.md.
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { network } from "hardhat";
import { EventLog, Wallet, formatEther, parseEther, type ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { artifactPaths, loadManifest, REPO_ROOT } from "../artifacts/paths.ts";
import { assetHashOf, documentHashOf } from "../core/asset.ts";
import { decryptAudit, nameAuditRecord } from "../verifier/audit.ts";
import { circuitInstance, REGISTRY_TREE_NAMES, type CircuitId, type RegistryTreeName } from "../core/circuits.ts";
import {
  claimActionData,
  computeContext,
  licenseActionData,
  mintActionData,
  Payee,
  type PayeeKind,
} from "../core/context.ts";
import { retainCurves } from "../core/curve.ts";
import { RIGHTS } from "../core/domain.ts";
import { ContractRevertError, ZkprovError } from "../core/errors.ts";
import {
  identityCommitment,
  licenseeLeaf,
  licenseeNullifier,
  licenseBody,
  licenseLeaf,
  modelLeaf,
  payeeTag,
  type LicenseEntry,
} from "../core/hashes.ts";
import { toSolidityProof } from "../core/proof.ts";
import { createBundle, verifyBundle } from "../verifier/bundle.ts";
import { verifyAsset } from "../verifier/c2pa/verify-asset.ts";
import { embedContentCredentials } from "../prover/c2pa/embed.ts";
import type { VerificationKey } from "../core/vkey.ts";
import { signAttestation, verifyAttestation } from "../prover/attestation.ts";
import {
  licenseeCircuitInput,
  provenanceCircuitInput,
  royaltyClaimCircuitInput,
  royaltyClaimData,
} from "../prover/inputs.ts";
import {
  generateModelKey,
  generateRegulatorKey,
  randomFieldElement,
  randomScalar,
  type ModelKeyPair,
} from "../prover/keys.ts";
import { merkleWitness } from "../prover/merkle.ts";
import { chainError } from "../prover/chain/contracts.ts";
import { deployZkprov } from "../prover/chain/deploy.ts";
import { generateProof, type ProofResult } from "../prover/prove.ts";
import { generatedPng } from "../fixtures/asset.ts";
import { bundleFiles, readBundle, writeBundle, type BundleFiles } from "./demo/bundle.ts";
import { Tree, type TreeId } from "../core/registry.ts";
import { mirrorTree } from "./demo/mirror.ts";
import { witnessRefusal, type WitnessRefusal } from "./demo/reasons.ts";
import { marketSteps, type MarketContext, type MarketResult } from "./demo/market.ts";
import { typed, type TypedContract } from "../prover/chain/typed.ts";

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

/** The gas a mined transaction used; throws if it reverted. */
async function gasOf(tx: ContractTransactionResponse): Promise<{ gas: bigint; hash: string; logs: EventLog[] }> {
  const receipt = await tx.wait();
  check(receipt && receipt.status === 1, `transaction ${tx.hash} succeeded`);
  return { gas: receipt.gasUsed, hash: receipt.hash, logs: receipt.logs.filter((l) => l instanceof EventLog) };
}

/** Generate a proof and time it (wall clock, witness + proving). */
async function timedProof<C extends CircuitId>(
  id: C,
  input: Parameters<typeof generateProof>[1],
): Promise<ProofResult<C> & { ms: number }> {
  const t = performance.now();
  const result = await generateProof(id, input);
  return { ...result, ms: Math.round(performance.now() - t) };
}

// ---------------------------------------------------------------------------------------------------- the demo

interface DemoResult {
  market: MarketResult;
  chainId: string;
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
  proofTimes: { mint: number; license: number; claimCreator: number; claimLicensor: number };
  refusals: { case: string; stage: "prover" | "chain"; reason: string; constraint?: string; statement?: string }[];
  audit: { modelHash: string; modelName: string; datasetHash: string; datasetName: string; creatorCommit: string };
  bundleDir: string;
  bundles: Record<string, string>;
  totalMs: number;
}

type MarketContextContracts = MarketContext["contracts"];

async function demo(): Promise<DemoResult> {
  const started = performance.now();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const manifest = loadManifest();

  // ---- 1. deploy
  const { ethers, ignition } = await network.create();
  const [regulatorAcct, curator, licensor, kyc, licensee, relayer, marketplace] =
    (await ethers.getSigners()) as HardhatEthersSigner[];
  check(marketplace, "the chain has at least 7 funded accounts");
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const regulator = generateRegulatorKey();
  const deployed = await deployZkprov(
    { ignition },
    {
      regulator: regulatorAcct!.address,
      regulatorKey: regulator.publicKey,
      devStablecoin: true,
    },
  );
  const registry = typed("Registry", deployed.registry);
  const mintGate = typed("MintGate", deployed.mintGate);
  const licenseGate = typed("LicenseGate", deployed.licenseGate);
  const vault = typed("RoyaltyVault", deployed.royaltyVault);
  const provenanceVerifier = typed("ProvenanceVerifier", deployed.provenanceVerifier);
  const contracts: Record<string, string> = {};
  for (const [name, c] of Object.entries(deployed)) contracts[name] = await c.getAddress();
  const [keyX, keyY] = (await registry.regulatorKey()) as [bigint, bigint];
  check(keyX === regulator.publicKey[0] && keyY === regulator.publicKey[1], "the registry pins the regulator key");
  check((await mintGate.royaltyVault()) === contracts.royaltyVault, "the mint gate's vault is the deployed vault");
  for (const [id, name] of [
    ["provenance", "provenanceVerifier"],
    ["royaltyClaim", "royaltyClaimVerifier"],
    ["licensee", "licenseeVerifier"],
  ] as const) {
    const onChain = (await typed("ProvenanceVerifier", deployed[name]).VKEY_HASH()) as string;
    check(onChain === manifest.circuits[id]?.vkeyHash, `${name}.VKEY_HASH matches the circuit manifest`);
  }
  say(
    `[1] deployed zkprov on chain ${chainId} (Ignition): registry ${addr(contracts.registry!)}, ` +
      `mint gate ${addr(contracts.mintGate!)}, license gate ${addr(contracts.licenseGate!)}, ` +
      `vault ${addr(contracts.royaltyVault!)}; fresh regulator key ${short(regulator.publicKey[0])} pinned; ` +
      `verifier key hashes match the manifest`,
  );

  // ---- 2. roles, model, license
  for (const [role, who] of [
    ["CURATOR_ROLE", curator],
    ["LICENSOR_ROLE", licensor],
    ["KYC_ROLE", kyc],
  ] as const) {
    const roleId = (await registry[role]()) as string;
    await gasOf(await registry.connect(regulatorAcct!).grantRole(roleId, who!.address));
    check(await registry.hasRole(roleId, who!.address), `${role} granted`);
  }
  const modelKeys = { ...generateModelKey(), modelHash: documentHashOf(MODEL_CARD), rights: MODEL_RIGHTS };
  await gasOf(
    await registry
      .connect(curator!)
      .insertModel(modelKeys.publicKey[0], modelKeys.publicKey[1], modelKeys.modelHash, modelKeys.rights),
  );
  // The registry set the entry's validity interval (from the registration's block time, open until retired).
  const onChainEntry = await registry.modelEntry(await registry.liveModelOf(modelKeys.modelHash));
  const model = { ...modelKeys, validFrom: onChainEntry.validFrom, validUntil: onChainEntry.validUntil };
  check(await registry.has(Tree.Model, modelLeaf(model)), "the model leaf is in the model registry");
  // A license's leaf is computed by the registry from its body and interval; start 0 = the registration's block.
  const registerLicense = async (l: Omit<LicenseEntry, "start">): Promise<LicenseEntry> => {
    const { logs } = await gasOf(await registry.connect(licensor!).insertLicense(licenseBody(l), 0n, l.expiry));
    const described = logs.find((e) => e.eventName === "LicenseDescribed");
    check(described !== undefined, "the registry described the license");
    return { ...l, start: described!.args.start as bigint };
  };

  let chainNow = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const licensorSecret = randomFieldElement();
  const license: LicenseEntry = await registerLicense({
    datasetHash: documentHashOf(DATASET_MANIFEST),
    modelHash: model.modelHash,
    rights: LICENSE_RIGHTS,
    expiry: chainNow + 365n * DAY,
    royaltyBps: ROYALTY_BPS,
    licensorCommit: identityCommitment(licensorSecret),
    salt: randomFieldElement(),
  });
  check(await registry.has(Tree.License, licenseLeaf(license)), "the license leaf is in the license registry");
  say(
    `[2] regulator granted curator/licensor/KYC roles; curator registered model "aurora-diffusion-mini" ` +
      `(modelHash ${short(model.modelHash)}, rights ${rightsName(model.rights)}); licensor registered dataset ` +
      `"open-landscapes-2025" for it (rights ${rightsName(license.rights)}, royalty ${license.royaltyBps} bps, ` +
      `expires ${new Date(Number(license.expiry) * 1000).toISOString().slice(0, 10)})`,
  );

  // ---- 3. the generated asset and its attestation
  const assetBytes = generatedPng(7);
  const assetFile = path.join(OUT_DIR, "asset.png");
  fs.writeFileSync(assetFile, assetBytes);
  const assetHash = assetHashOf(fs.readFileSync(assetFile));
  const creatorSecret = randomFieldElement();
  const creatorCommit = identityCommitment(creatorSecret);
  const creatorBlinding = randomFieldElement();
  // Generated once the license started (validity is judged as of creation).
  const generatedAt = license.start;
  const attestation = signAttestation(model.privateKey, {
    assetHash,
    modelHash: model.modelHash,
    licenseLeaf: licenseLeaf(license),
    creatorCommit,
    generatedAt,
  });
  check(verifyAttestation(attestation, model.publicKey), "the creator's copy of the attestation verifies");
  say(
    `[3] model generated ${path.relative(REPO_ROOT, assetFile)} (${assetBytes.length} bytes, assetHash ` +
      `${short(assetHash)}); operator signed the attestation for creator commitment ${short(creatorCommit)}`,
  );

  // ---- 4. the creator proves provenance locally and mints to a fresh address
  const creatorProver = async (o: {
    asset: bigint;
    lic: LicenseEntry;
    signature: typeof attestation.signature;
    generatedAt: bigint;
    recipient: string;
    now: bigint;
  }) => {
    const p = circuitInstance("provenance").params;
    const [modelTree, licenseTree] = [await mirrorTree(registry, Tree.Model), await mirrorTree(registry, Tree.License)];
    const context = computeContext(chainId, contracts.mintGate!, o.recipient, mintActionData(o.asset));
    check(context === (await mintGate.mintContext(o.recipient, o.asset)), "the local mint context is the gate's");
    const input = provenanceCircuitInput({
      assetHash: o.asset,
      requiredRights: BigInt(RIGHTS.PUBLISH),
      now: o.now,
      maxAttestationAge: await mintGate.maxAttestationAge(),
      context,
      regulatorKey: regulator.publicKey,
      model: { ...model, path: merkleWitness(modelTree, modelTree.indexOf(modelLeaf(model)), p.MODEL_DEPTH!) },
      license: {
        ...o.lic,
        path: merkleWitness(licenseTree, licenseTree.indexOf(licenseLeaf(o.lic)), p.LICENSE_DEPTH!),
      },
      signature: o.signature,
      creatorSecret,
      generatedAt: o.generatedAt,
      creatorBlinding,
      auditRandomness: randomScalar(),
    });
    return timedProof("provenance", input);
  };
  const creatorRecipient = Wallet.createRandom().address;
  chainNow = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const mintProof = await creatorProver({
    asset: assetHash,
    lic: license,
    signature: attestation.signature,
    generatedAt,
    recipient: creatorRecipient,
    now: chainNow,
  });
  const mintSignals = mintProof.signals;
  check(mintSignals.grantedRights === (MODEL_RIGHTS & LICENSE_RIGHTS), "grantedRights = modelRights AND licenseRights");
  check(mintSignals.licensorBps === ROYALTY_BPS, "licensorBps is the license's royaltyBps");
  check(mintSignals.creatorTag === payeeTag(creatorCommit, creatorBlinding, assetHash), "creatorTag is the creator's");
  check(
    mintSignals.licensorTag === payeeTag(license.licensorCommit, license.salt, assetHash),
    "licensorTag is the licensor's",
  );
  // The proof travels inside the image as Content Credentials (docs/C2PA.md); the mint reads it from there.
  const credentialsFile = path.join(OUT_DIR, "asset.c2pa.png");
  const embedded = await embedContentCredentials(
    assetBytes,
    createBundle({
      circuit: "provenance",
      vkeyHash: manifest.circuits.provenance!.vkeyHash,
      proof: mintProof.proof,
      publicSignals: mintProof.publicSignals,
      assetHash,
      chainId,
    }),
  );
  fs.writeFileSync(credentialsFile, embedded.bytes);
  const fromImage = await verifyAsset(fs.readFileSync(credentialsFile), {
    vkey: JSON.parse(fs.readFileSync(artifactPaths("provenance").vkey, "utf8")) as VerificationKey,
  });
  check(fromImage.valid && fromImage.bundle !== undefined, "the image's embedded proof verifies");
  say(
    `    embedded the proof in ${path.relative(REPO_ROOT, credentialsFile)} (C2PA manifest ` +
      `${embedded.manifestStoreBytes} bytes, claim signed by an ephemeral certificate that names nobody)`,
  );
  const mintArgs = [toSolidityProof(fromImage.bundle!.proof), fromImage.bundle!.publicSignals.map(BigInt)] as const;

  // A front-runner copying the proof from the mempool to mint the asset to itself is refused.
  const refusals: DemoResult["refusals"] = [];
  let frontRun;
  try {
    await mintGate.connect(marketplace!).mint.staticCall(marketplace!.address, ...mintArgs);
  } catch (e) {
    // The library decodes the revert by its custom error's name (as the CLI reports it).
    const refused = chainError(e, "mint");
    if (!(refused instanceof ContractRevertError)) throw refused;
    frontRun = { name: refused.revert };
  }
  check(frontRun?.name === "MintContextMismatch", "a copied proof minting to another recipient is refused");

  const minted = await gasOf(await mintGate.connect(relayer!).mint(creatorRecipient, ...mintArgs));
  const tokenId = assetHash;
  check((await mintGate.ownerOf(tokenId)) === creatorRecipient, "the token belongs to the creator's fresh address");
  const record = (await mintGate.tokenRecord(tokenId)) as { grantedRights: bigint; licensorBps: bigint };
  check(record.grantedRights === mintSignals.grantedRights && record.licensorBps === ROYALTY_BPS, "the token record");
  const mintBundle = writeBundle(OUT_DIR, "mint", {
    circuit: "provenance",
    proof: mintProof.proof,
    publicSignals: mintProof.publicSignals,
    chainId,
    usedAt: { contract: contracts.mintGate!, transaction: minted.hash },
  });
  say(
    `[4] creator proved provenance locally in ${ms(mintProof.ms)} (trees mirrored from registry events) and ` +
      `minted token ${short(tokenId)} to fresh address ${addr(creatorRecipient)}: ${minted.gas} gas, ` +
      `granted ${rightsName(mintSignals.grantedRights)}`,
  );
  say(`    a front-runner replaying the proof for itself is refused on chain: ${frontRun.name}`);
  refusals.push({ case: "proof copied to mint to another recipient", stage: "chain", reason: frontRun.name });

  // ---- 5. non-compliant assets are refused by the prover itself
  const otherModel: ModelKeyPair & { modelHash: bigint; rights: bigint } = {
    ...generateModelKey(),
    modelHash: documentHashOf(OTHER_MODEL_CARD),
    rights: MODEL_RIGHTS,
  };
  await gasOf(
    await registry
      .connect(curator!)
      .insertModel(otherModel.publicKey[0], otherModel.publicKey[1], otherModel.modelHash, otherModel.rights),
  );
  const foreignLicense: LicenseEntry = await registerLicense({
    ...license,
    datasetHash: documentHashOf(OTHER_DATASET_MANIFEST),
    modelHash: otherModel.modelHash,
    salt: randomFieldElement(),
  });
  chainNow = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);

  const refuse = async (
    caseName: string,
    fileName: string,
    seed: number,
    lic: LicenseEntry,
    at: bigint,
  ): Promise<WitnessRefusal> => {
    const bytes = generatedPng(seed);
    const file = path.join(OUT_DIR, fileName);
    fs.writeFileSync(file, bytes);
    const asset = assetHashOf(bytes);
    const att = signAttestation(model.privateKey, {
      assetHash: asset,
      modelHash: model.modelHash,
      licenseLeaf: licenseLeaf(lic),
      creatorCommit,
      generatedAt: at,
    });
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    try {
      await creatorProver({ asset, lic, signature: att.signature, generatedAt: at, recipient: creatorRecipient, now });
    } catch (e) {
      const r = witnessRefusal(e, "provenance");
      refusals.push({
        case: caseName,
        stage: "prover",
        reason: r.shortMessage,
        ...(r.constraint ? { constraint: r.constraint } : {}),
        ...(r.statement ? { statement: r.statement } : {}),
      });
      return r;
    }
    throw new Error(`demo check failed: the prover produced a proof for a non-compliant asset (${caseName})`);
  };
  const explain = (r: WitnessRefusal): string =>
    `WitnessError: ${r.shortMessage}` +
    (r.constraint ? `\n        failed: ${r.statement ? `"${r.statement}": ` : ""}${r.constraint}` : "");
  const foreign = await refuse(
    "license for another model",
    "refused-other-model.png",
    8,
    foreignLicense,
    chainNow - 60n,
  );
  say(
    `[5] non-compliant assets are refused by the creator's own prover (no proof can exist):\n` +
      `    (a) image attested under dataset "licensed-for-another-model", whose license names another model -> ` +
      explain(foreign),
  );
  // Issue 14: an attestation dated after the proof's `now` proved and minted before; now no proof exists.
  const future = await refuse("future-dated attestation", "refused-future.png", 9, license, chainNow + 30n * DAY);
  say(`    (b) image whose attestation is dated 30 days in the future -> ${explain(future)}`);

  // ---- 6. KYC enrolls a licensee, who licenses the token for commercial use
  const licenseeSecret = randomFieldElement();
  await gasOf(await registry.connect(kyc!).insertLicensee(identityCommitment(licenseeSecret)));
  const licenseeTree = await mirrorTree(registry, Tree.Licensee);
  const licenseeIndex = licenseeTree.indexOf(licenseeLeaf(identityCommitment(licenseeSecret)));
  check(licenseeIndex >= 0, "the licensee leaf is in the mirrored licensee tree");
  const licenseContext = computeContext(
    chainId,
    contracts.licenseGate!,
    licensee!.address,
    licenseActionData(tokenId, USAGE),
  );
  check(
    licenseContext === (await licenseGate.licenseContext(licensee!.address, tokenId, USAGE)),
    "the local license context is the gate's",
  );
  const licenseProof = await timedProof(
    "licensee",
    licenseeCircuitInput({
      tokenId,
      usageRights: USAGE,
      context: licenseContext,
      nullifier: licenseeNullifier(licenseeSecret, tokenId, USAGE),
      secret: licenseeSecret,
      path: merkleWitness(licenseeTree, licenseeIndex, circuitInstance("licensee").params.DEPTH!),
    }),
  );
  const fee = (await licenseGate.feeFor(USAGE)) as bigint;
  const licensed = await gasOf(
    await licenseGate
      .connect(licensee!)
      .license(tokenId, USAGE, toSolidityProof(licenseProof.proof), licenseProof.publicSignals.map(BigInt), {
        value: fee,
      }),
  );
  const licensedRights = (await licenseGate.licensedRights(tokenId, licensee!.address)) as bigint;
  check((licensedRights & USAGE) === USAGE, "the licensee holds the COMMERCIAL right for the token");
  check(((await vault.accrued(tokenId)) as bigint) === fee, "the license fee accrued to the token in the vault");
  const licenseBundle = writeBundle(OUT_DIR, "license", {
    circuit: "licensee",
    proof: licenseProof.proof,
    publicSignals: licenseProof.publicSignals,
    chainId,
    usedAt: { contract: contracts.licenseGate!, transaction: licensed.hash },
  });
  say(
    `[6] KYC provider enrolled a licensee; licensee proved membership in ${ms(licenseProof.ms)} and licensed ` +
      `${rightsName(USAGE)} use for ${eth(fee)}: ${licensed.gas} gas`,
  );

  // ---- 7. royalties paid in, claimed anonymously to fresh addresses
  const [receiver, royalty] = (await mintGate.royaltyInfo(tokenId, SALE_PRICE)) as [string, bigint];
  check(receiver === contracts.royaltyVault && royalty > 0n, "ERC-2981 royaltyInfo points at the vault");
  await gasOf(await vault.connect(marketplace!).deposit(tokenId, { value: royalty }));
  const total = (await vault.accrued(tokenId)) as bigint;
  check(total === fee + royalty, "the vault accrued the license fee and the royalty");
  const expected = { licensor: (total * ROYALTY_BPS) / 10_000n, creator: total - (total * ROYALTY_BPS) / 10_000n };

  // The licensor finds its tokens by computing its tag for every minted asset.
  const mintedLogs = (await mintGate.queryFilter(mintGate.filters.Minted())).filter((l) => l instanceof EventLog);
  const mine = mintedLogs.filter(
    (l) =>
      payeeTag(license.licensorCommit, license.salt, l.args.assetHash as bigint) === (l.args.licensorTag as bigint),
  );
  check(mine.length === 1 && (mine[0]!.args.assetHash as bigint) === tokenId, "the licensor finds its token by tag");
  const tags = [mine[0]!.args.creatorTag as bigint, mine[0]!.args.licensorTag as bigint] as const;

  const claim = async (payee: PayeeKind, secret: bigint, blinding: bigint) => {
    const recipient = Wallet.createRandom().address;
    check((await ethers.provider.getBalance(recipient)) === 0n, "the fresh recipient starts with nothing");
    const context = computeContext(chainId, contracts.royaltyVault!, recipient, claimActionData(tokenId, payee));
    check(context === (await vault.claimContext(recipient, tokenId, payee)), "the local claim context is the vault's");
    const data = royaltyClaimData({ secret, blinding, assetHash, context });
    const nullifier = data.nullifier;
    const proof = await timedProof("royaltyClaim", royaltyClaimCircuitInput(data));
    const tx = await gasOf(
      await vault.connect(relayer!).claim(tokenId, payee, recipient, toSolidityProof(proof.proof), nullifier, tags),
    );
    const received = await ethers.provider.getBalance(recipient);
    const name = payee === Payee.Creator ? "creator" : "licensor";
    const bundle = writeBundle(OUT_DIR, `claim-${name}`, {
      circuit: "royaltyClaim",
      proof: proof.proof,
      publicSignals: proof.publicSignals,
      chainId,
      usedAt: { contract: contracts.royaltyVault!, transaction: tx.hash },
    });
    return { recipient, received, gas: tx.gas, ms: proof.ms, bundle };
  };
  const creatorClaim = await claim(Payee.Creator, creatorSecret, creatorBlinding);
  const licensorClaim = await claim(Payee.Licensor, licensorSecret, license.salt);
  check(creatorClaim.received === expected.creator, `the creator received exactly ${expected.creator} wei`);
  check(licensorClaim.received === expected.licensor, `the licensor received exactly ${expected.licensor} wei`);
  check((await ethers.provider.getBalance(contracts.royaltyVault!)) === 0n, "the vault paid out everything");
  say(
    `[7] ${eth(royalty)} ERC-2981 royalty on a ${eth(SALE_PRICE)} sale paid into the vault (total ${eth(total)}); ` +
      `creator claimed ${eth(creatorClaim.received)} to fresh ${addr(creatorClaim.recipient)} ` +
      `(proof ${ms(creatorClaim.ms)}, ${creatorClaim.gas} gas), licensor claimed ${eth(licensorClaim.received)} ` +
      `(${ROYALTY_BPS} bps) to fresh ${addr(licensorClaim.recipient)} (proof ${ms(licensorClaim.ms)}, ` +
      `${licensorClaim.gas} gas)`,
  );

  // ---- 7b-7e. the market (scripts/demo/market.ts): creator-set terms, zUSD licenses, shares, claims
  const marketSigners = (await ethers.getSigners()).slice(7, 11) as HardhatEthersSigner[];
  const market = await marketSteps({
    chainId,
    contracts: { registry, licenseGate, royaltyVault: vault, mintGate } as unknown as MarketContextContracts,
    devStablecoin: deployed.devStablecoin,
    kyc: kyc!,
    relayer: relayer!,
    marketplace: marketplace!,
    licensees: [marketSigners[0]!, marketSigners[1]!],
    holder: marketSigners[2]!,
    licensorRecipient: marketSigners[3]!,
    tokenId,
    tags,
    creator: { secret: creatorSecret, blinding: creatorBlinding },
    licensor: { secret: licensorSecret, salt: license.salt, bps: ROYALTY_BPS },
    salePrice: 2_000n * 10n ** 6n,
    say,
    check,
  });

  // ---- 8. the regulator verifies the mint proof offline and decrypts the audit record
  const vkey = JSON.parse(fs.readFileSync(artifactPaths("provenance").vkey, "utf8")) as VerificationKey;
  const bundle = readBundle(mintBundle);
  // The roots the circuit proves against, and of which tree, come from circuits.json (registryRoots).
  const everRoot = (tree: RegistryTreeName, root: bigint) =>
    wasRegistryRoot(registry, REGISTRY_TREE_NAMES.indexOf(tree) as TreeId, root);
  const report = await verifyBundle(bundle, { vkey, isKnownRoot: everRoot });
  for (const c of report.checks) check(c.status === "pass", `bundle check "${c.name}": ${c.reason}`);
  check(report.valid, "the mint bundle verifies offline");
  check(
    ((await provenanceVerifier.VKEY_HASH()) as string) === bundle.vkeyHash,
    "the on-chain verifier is the bundle's",
  );
  check(bundle.chainId === chainId.toString(), "the bundle names this chain");
  const mintedLog = minted.logs.find((l) => l.eventName === "Minted");
  check(mintedLog, "the mint emitted Minted");
  // Names from registry metadata: the registered model hashes (ModelDescribed events) and the names the curator
  // and licensor gave their entries.
  const registeredModelHashes = (await registry.queryFilter(registry.filters.ModelDescribed()))
    .filter((l) => l instanceof EventLog)
    .map((l) => l.args.modelHash as bigint);
  const audit = nameAuditRecord(
    decryptAudit(regulator.secret, [...mintedLog.args.auditEphemeral], [...mintedLog.args.auditCipher]),
    {
      models: { [model.modelHash.toString()]: "aurora-diffusion-mini" },
      datasets: { [license.datasetHash.toString()]: "open-landscapes-2025" },
    },
    registeredModelHashes,
  );
  check(audit.modelRegistered === true, "the decrypted modelHash names a registered model");
  check(audit.modelName !== undefined && audit.datasetName !== undefined, "the audit record is named");
  check(audit.modelHash === model.modelHash, "the decrypted modelHash is the registered model's");
  check(audit.datasetHash === license.datasetHash, "the decrypted datasetHash is the licensed dataset's");
  check(audit.creatorCommit === creatorCommit, "the decrypted creator commitment is the creator's");
  say(
    `[8] regulator verified the mint bundle offline (vkey ${bundle.vkeyHash.slice(0, 10)}…, roots found in the ` +
      `registry history) and decrypted the audit record: model "${audit.modelName}" modelHash ` +
      `${short(audit.modelHash)}, dataset "${audit.datasetName}" datasetHash ${short(audit.datasetHash)}, ` +
      `creator commitment ${short(audit.creatorCommit)}`,
  );

  // ---- 9. the proof bundles, each checked again from disk
  const bundles: Record<string, BundleFiles> = {
    mint: mintBundle,
    license: licenseBundle,
    claimCreator: creatorClaim.bundle,
    claimLicensor: licensorClaim.bundle,
  };
  for (const [name, files] of Object.entries(bundles)) {
    const b = readBundle(files);
    const k = JSON.parse(fs.readFileSync(artifactPaths(b.circuit).vkey, "utf8")) as VerificationKey;
    check((await verifyBundle(b, { vkey: k, isKnownRoot: everRoot })).valid, `bundle ${name} verifies from disk`);
  }
  say(
    `[9] wrote 4 proof bundles to ${path.relative(process.cwd(), OUT_DIR) || "."}/ (mint, license, ` +
      `claim-creator, claim-licensor: bundle.json + proof.json + public.json), all verified from disk; e.g. ` +
      `snarkjs groth16 verify ${path.relative(process.cwd(), artifactPaths("provenance").vkey)} ` +
      `${path.relative(process.cwd(), bundleFiles(OUT_DIR, "mint").publicSignals)} ` +
      `${path.relative(process.cwd(), bundleFiles(OUT_DIR, "mint").proof)}`,
  );

  const totalMs = Math.round(performance.now() - started);
  return {
    market,
    chainId: chainId.toString(),
    contracts,
    assetFile,
    credentialsFile,
    assetHash: assetHash.toString(),
    tokenId: tokenId.toString(),
    owner: creatorRecipient,
    grantedRights: rightsName(mintSignals.grantedRights),
    mintGas: Number(minted.gas),
    licenseGas: Number(licensed.gas),
    licenseFee: fee.toString(),
    royaltyPaid: royalty.toString(),
    claimGas: { creator: Number(creatorClaim.gas), licensor: Number(licensorClaim.gas) },
    claimed: { creator: creatorClaim.received.toString(), licensor: licensorClaim.received.toString() },
    claimRecipients: { creator: creatorClaim.recipient, licensor: licensorClaim.recipient },
    proofTimes: {
      mint: mintProof.ms,
      license: licenseProof.ms,
      claimCreator: creatorClaim.ms,
      claimLicensor: licensorClaim.ms,
    },
    refusals,
    audit: {
      modelHash: hex(audit.modelHash),
      modelName: audit.modelName!,
      datasetHash: hex(audit.datasetHash),
      datasetName: audit.datasetName!,
      creatorCommit: hex(audit.creatorCommit),
    },
    bundleDir: OUT_DIR,
    bundles: Object.fromEntries(Object.entries(bundles).map(([k, f]) => [k, f.bundle])),
    totalMs,
  };
}

/** True when `root` was ever a root of the registry tree (from the registry's events). */
async function wasRegistryRoot(registry: TypedContract<"Registry">, tree: TreeId, root: bigint): Promise<boolean> {
  const logs = (
    await Promise.all([
      registry.queryFilter(registry.filters.LeafInserted(tree)),
      registry.queryFilter(registry.filters.LeafUpdated(tree)),
      registry.queryFilter(registry.filters.LeafCompromised(tree)),
    ])
  ).flat();
  return logs.some((l) => l instanceof EventLog && (l.args.root as bigint) === root);
}

// ---------------------------------------------------------------------------------------------------- main

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
  if (e instanceof Error && e.stack && !(e instanceof ZkprovError) && !e.message.startsWith("demo check failed")) {
    process.stderr.write(e.stack.split("\n").slice(1, 6).join("\n") + "\n");
  }
} finally {
  await release();
}

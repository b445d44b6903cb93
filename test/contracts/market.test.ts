// The market on the gates, against real Groth16 proofs: creator-set terms (set anonymously with a
// royalty-claim proof of the creator tag), term and volume licenses in a stablecoin, linear prices, royalty
// shares, resale royalties in the sale's currency, and claims per currency. Every rejection path is reached
// with proofs the circuits accept, so the gate's own check does the rejecting. Gas figures printed here are
// the medians of several runs (see the "# gas" block).
import { expect } from "chai";
import { encodeBytes32String, ZeroAddress, type ContractTransactionResponse } from "ethers";
import { network } from "hardhat";
import { terminateCurves } from "../../core/curve.ts";
import { RIGHTS } from "../../core/domain.ts";
import { identityCommitment, licenseeLeaf } from "../../core/hashes.ts";
import {
  Pricing,
  shareIssueContext,
  TermsMode,
  termsContext,
  termsTuple,
  type Terms,
} from "../../core/market-context.ts";
import { publicSignalLayout } from "../../core/circuits.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { newRegistryTree } from "../../prover/merkle.ts";
import ZkprovModule from "../../ignition/modules/Zkprov.ts";
import { typed } from "../../prover/chain/typed.ts";
import { FIELD } from "./helpers/deploy.ts";
import {
  makeWorld,
  registerWorldEntries,
  proveClaim,
  proveLicensee,
  proveProvenance,
  ROYALTY_BPS,
  type ContractProof,
  type World,
} from "../../fixtures/world.ts";

const { ethers, ignition, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const position = (name: string) => publicSignalLayout("provenance").find((s) => s.name === name)!.position;
const CREATOR_TAG = position("creatorTag");
const LICENSOR_TAG = position("licensorTag");
const Payee = { Creator: 0, Licensor: 1 } as const;

const PUBLISH = BigInt(RIGHTS.PUBLISH);
const COMMERCIAL = BigInt(RIGHTS.COMMERCIAL);
const DERIVATIVES = BigInt(RIGHTS.DERIVATIVES);
const BOTH = PUBLISH | COMMERCIAL;
const NOW_WINDOW = 300n;
const ROYALTY_RATE = 500n;
const DAY = 86_400n;
const USD = 10n ** 6n; // the test stablecoin has 6 decimals
const SHARE_SUPPLY = 10_000n * 10n ** 18n;
const BASE = BigInt(Math.floor(Date.now() / 1000)) + 30n * DAY;
const PROOF_TIME = BASE + 2n * NOW_WINDOW;
const w = makeWorld(BASE - 3_600n, BASE + 365n * DAY);
const tokenId = w.assetHash;
/** A second enrolled licensee (the world has one). */
const secondLicenseeSecret = randomFieldElement();
const w2: World = {
  ...w,
  licenseeSecret: secondLicenseeSecret,
  licenseeTree: newRegistryTree(
    [...w.paddingLicensees, identityCommitment(w.licenseeSecret), identityCommitment(secondLicenseeSecret)].map((c) =>
      licenseeLeaf(c),
    ),
  ),
};
const w1: World = { ...w, licenseeTree: w2.licenseeTree };

const empty = "0x" + "00".repeat(32);
const none: Terms = { mode: 0, pricing: 0, currency: ZeroAddress, duration: 0n, unit: empty, price: 0n, slope: 0n };

/** Deterministic addresses: the mock tokens are the first contracts deployed after the Ignition module. */
let STABLE = "";
let FEE_TOKEN = "";
const termTerms = (): Terms => ({
  ...none,
  mode: TermsMode.Term,
  currency: STABLE,
  duration: 30n * DAY,
  price: 100n * USD,
});
const volumeTerms = (): Terms => ({
  ...none,
  mode: TermsMode.Volume,
  pricing: Pricing.Linear,
  currency: STABLE,
  unit: encodeBytes32String("copy"),
  price: 2n * USD,
  slope: 10_000n,
});
const perpetualEth: Terms = { ...none, mode: TermsMode.Perpetual, price: 10n ** 15n };
const closed: Terms = { ...none, mode: TermsMode.Closed };
/** Tiered volume pricing: the first 10 copies at 1 USD, the next 10 at 2 USD, and so on. */
const stepTerms = (): Terms => ({
  ...volumeTerms(),
  pricing: Pricing.Step,
  price: USD,
  slope: USD,
  tier: 10n,
});
const feeTerms = (): Terms => ({ ...termTerms(), currency: FEE_TOKEN });

async function deployFixture() {
  const [regulator, curator, licensor, kyc, alice, bob, carol, dave, creatorPayee, licensorPayee, eve, market] =
    await ethers.getSigners();
  const deployed = await ignition.deploy(ZkprovModule, {
    parameters: {
      Registry: { regulatorKey: w.regulator.publicKey.map(String), rootWindow: 120n, adminDelay: 3_600n },
      Zkprov: { nowWindow: NOW_WINDOW, royaltyRate: ROYALTY_RATE },
    },
  });
  const registry = typed("Registry", deployed.registry);
  const mintGate = typed("MintGate", deployed.mintGate);
  const licenseGate = typed("LicenseGate", deployed.licenseGate);
  const vault = typed("RoyaltyVault", deployed.royaltyVault);
  const stable = await ethers.deployContract("PlainToken");
  const feeToken = await ethers.deployContract("FeeOnTransferToken");
  await vault.setCurrencyAllowed(await stable.getAddress(), true);
  await vault.setCurrencyAllowed(await feeToken.getAddress(), true);
  await registry.grantRole(await registry.CURATOR_ROLE(), curator!.address);
  await registry.grantRole(await registry.LICENSOR_ROLE(), licensor!.address);
  await registry.grantRole(await registry.KYC_ROLE(), kyc!.address);
  await registerWorldEntries(w, {
    insertModel: (ax, ay, modelHash, rights) => registry.connect(curator!).insertModel(ax, ay, modelHash, rights),
    insertLicense: (body, start, expiry) => registry.connect(licensor!).insertLicense(body, start, expiry),
    setNextBlockTimestamp: (t) => time.setNextBlockTimestamp(t),
  });
  for (const c of [
    ...w.paddingLicensees,
    identityCommitment(w.licenseeSecret),
    identityCommitment(secondLicenseeSecret),
  ])
    await registry.connect(kyc!).insertLicensee(c);
  for (const buyer of [carol!, dave!, bob!, market!]) {
    for (const t of [stable, feeToken]) {
      await t.getFunction("mint")(buyer.address, 1_000_000n * USD);
      await t.connect(buyer).getFunction("approve")(await licenseGate.getAddress(), ethers.MaxUint256);
      await t.connect(buyer).getFunction("approve")(await vault.getAddress(), ethers.MaxUint256);
    }
  }
  await time.increaseTo(BASE);
  return {
    registry,
    mintGate,
    licenseGate,
    vault,
    stable: typed("PlainToken", stable),
    feeToken: typed("FeeOnTransferToken", feeToken),
    ...{ regulator: regulator!, alice: alice!, bob: bob!, carol: carol!, dave: dave!, eve: eve!, market: market! },
    ...{ creatorPayee: creatorPayee!, licensorPayee: licensorPayee! },
  };
}

type Fixture = Awaited<ReturnType<typeof deployFixture>>;

const proofs = {} as {
  mint: ContractProof;
  /** Creator terms proofs, by name: rights, terms and nonce are in the context. */
  terms: Record<string, ContractProof & { nullifier: bigint; rights: bigint; terms: Terms }>;
  termsByLicensor: ContractProof & { nullifier: bigint };
  /** Licensee proofs: carol (identity 1) and dave (identity 2); bob with carol's identity. */
  carolCommercial: ContractProof;
  bobCommercialSameIdentity: ContractProof;
  carolBoth: ContractProof;
  carolPublish: ContractProof;
  davePublish: ContractProof;
  shareIssues: (ContractProof & { nullifier: bigint })[];
  claimCreator: ContractProof & { nullifier: bigint };
  claimLicensor: ContractProof & { nullifier: bigint };
};
/** The share issues the proofs are made for: issue i gives recipient i 1000 * (i + 1) shares... see before(). */
let ISSUES: { recipients: string[]; amounts: bigint[] }[] = [];

async function mintedFixture() {
  const f = await loadFixture(deployFixture);
  await time.setNextBlockTimestamp(PROOF_TIME);
  await f.mintGate.connect(f.alice).mint(f.alice.address, proofs.mint.proof, proofs.mint.pub);
  return f;
}

function tags(): [bigint, bigint] {
  return [proofs.mint.pub[CREATOR_TAG]!, proofs.mint.pub[LICENSOR_TAG]!];
}

function setTerms(f: Fixture, name: string) {
  const p = proofs.terms[name]!;
  return f.licenseGate.connect(f.bob).setTerms(tokenId, p.rights, termsTuple(p.terms), p.proof, p.nullifier, tags());
}

/** Terms set: COMMERCIAL term licenses (30 days, 100 USD) and PUBLISH volume licenses (copies, linear). */
async function termsFixture() {
  const f = await loadFixture(mintedFixture);
  await setTerms(f, "term");
  await setTerms(f, "volume");
  return f;
}

function buy(
  f: Fixture,
  who: "carol" | "dave" | "bob",
  p: ContractProof,
  usage: bigint,
  quantity: bigint,
  max = ethers.MaxUint256,
) {
  return f.licenseGate.connect(f[who]).purchase(tokenId, usage, quantity, max, p.proof, p.pub);
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  return (await (await tx).wait())!.gasUsed;
}

function median(xs: bigint[]): bigint {
  const s = [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return s[Math.floor(s.length / 2)]!;
}

const gas: Record<string, bigint[]> = {};
function record(name: string, g: bigint) {
  (gas[name] ??= []).push(g);
}

describe("Market (real proofs)", function () {
  before(async function () {
    const f = await loadFixture(deployFixture);
    STABLE = await f.stable.getAddress();
    FEE_TOKEN = await f.feeToken.getAddress();
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const gate = await f.licenseGate.getAddress();
    const vault = await f.vault.getAddress();
    proofs.mint = await proveProvenance(w, {
      now: PROOF_TIME,
      context: await f.mintGate.mintContext(f.alice.address, tokenId),
    });

    const creator = async (rights: bigint, terms: Terms, nonce: bigint) => ({
      ...(await proveClaim(w, { payee: 0, context: termsContext(chainId, gate, tokenId, rights, nonce, terms) })),
      rights,
      terms,
    });
    proofs.terms = {
      term: await creator(COMMERCIAL, termTerms(), 0n),
      volume: await creator(PUBLISH, volumeTerms(), 1n),
      perpetual: await creator(COMMERCIAL, perpetualEth, 0n),
      closed: await creator(COMMERCIAL, closed, 0n),
      fee: await creator(COMMERCIAL, feeTerms(), 0n),
      // Back to the regulator's schedule after the two updates of termsFixture.
      reset: await creator(COMMERCIAL, none, 2n),
      step: await creator(PUBLISH, stepTerms(), 0n),
      // Gas runs: five updates in a row.
      ...Object.fromEntries(
        await Promise.all(
          [0n, 1n, 2n, 3n, 4n].map(async (n) => [
            `gas${n}`,
            await creator(COMMERCIAL, { ...termTerms(), price: (100n + n) * USD }, n),
          ]),
        ),
      ),
    };
    proofs.termsByLicensor = await proveClaim(w, {
      payee: 1,
      context: termsContext(chainId, gate, tokenId, COMMERCIAL, 0n, termTerms()),
    });
    const lc = (who: string, usage: bigint) => f.licenseGate.licenseContext(who, tokenId, usage);
    proofs.carolCommercial = await proveLicensee(w1, {
      tokenId,
      usageRights: COMMERCIAL,
      context: await lc(f.carol.address, COMMERCIAL),
    });
    proofs.bobCommercialSameIdentity = await proveLicensee(w1, {
      tokenId,
      usageRights: COMMERCIAL,
      context: await lc(f.bob.address, COMMERCIAL),
    });
    proofs.carolBoth = await proveLicensee(w1, {
      tokenId,
      usageRights: COMMERCIAL | PUBLISH,
      context: await lc(f.carol.address, COMMERCIAL | PUBLISH),
    });
    proofs.carolPublish = await proveLicensee(w1, {
      tokenId,
      usageRights: PUBLISH,
      context: await lc(f.carol.address, PUBLISH),
    });
    proofs.davePublish = await proveLicensee(w2, {
      tokenId,
      usageRights: PUBLISH,
      context: await lc(f.dave.address, PUBLISH),
    });

    const signers = await ethers.getSigners();
    ISSUES = [0, 1, 2, 3, 4].map((i) => ({
      recipients: [i === 0 ? f.eve.address : signers[12 + i]!.address],
      amounts: [i === 0 ? 3_000n * 10n ** 18n : 100n * 10n ** 18n],
    }));
    proofs.shareIssues = [];
    for (const [i, issue] of ISSUES.entries()) {
      const context = shareIssueContext(chainId, vault, tokenId, BigInt(i), issue.recipients, issue.amounts);
      proofs.shareIssues.push(await proveClaim(w, { payee: 0, context }));
    }
    proofs.claimCreator = await proveClaim(w, {
      payee: 0,
      context: await f.vault.claimContext(f.creatorPayee.address, tokenId, Payee.Creator),
    });
    proofs.claimLicensor = await proveClaim(w, {
      payee: 1,
      context: await f.vault.claimContext(f.licensorPayee.address, tokenId, Payee.Licensor),
    });
  });

  after(async function () {
    const rows = Object.entries(gas).map(([k, v]) => `${k}=${median(v)} (n=${v.length})`);
    if (rows.length) console.log(`      gas medians: ${rows.join(", ")}`);
    await terminateCurves();
  });

  describe("# terms", function () {
    it("Should let the creator set terms anonymously, with a proof bound to the terms and the nonce", async function () {
      const f = await loadFixture(mintedFixture);
      const p = proofs.terms.term!;
      expect(await f.licenseGate.termsContext(tokenId, COMMERCIAL, termsTuple(p.terms))).to.equal(
        termsContext(
          (await ethers.provider.getNetwork()).chainId,
          await f.licenseGate.getAddress(),
          tokenId,
          COMMERCIAL,
          0n,
          p.terms,
        ),
      );
      await expect(setTerms(f, "term"))
        .to.emit(f.licenseGate, "TermsSet")
        .withArgs(tokenId, COMMERCIAL, 0n, termsTuple(p.terms));
      expect(await f.licenseGate.termsNonce(tokenId)).to.equal(1n);
      const stored = await f.licenseGate.termsOf(tokenId, COMMERCIAL);
      expect(stored.mode).to.equal(BigInt(TermsMode.Term));
      expect(stored.currency).to.equal(STABLE);
      expect(await f.licenseGate.quote(tokenId, COMMERCIAL, 2n)).to.deep.equal([STABLE, 200n * USD]);
      // A right without terms keeps the regulator's schedule (all fees 0 in this deployment).
      expect((await f.licenseGate.termsOf(tokenId, PUBLISH)).mode).to.equal(BigInt(TermsMode.Default));
      expect(await f.licenseGate.quote(tokenId, PUBLISH, 1n)).to.deep.equal([ZeroAddress, 0n]);
    });

    it("Should not set terms other than the proof's", async function () {
      const f = await loadFixture(mintedFixture);
      const p = proofs.terms.term!;
      const other = termsTuple({ ...p.terms, price: p.terms.price - 1n });
      await expect(
        f.licenseGate.setTerms(tokenId, COMMERCIAL, other, p.proof, p.nullifier, tags()),
      ).to.be.revertedWithCustomError(f.licenseGate, "LicenseInvalidTermsProof");
      await expect(
        f.licenseGate.setTerms(tokenId, COMMERCIAL | PUBLISH, termsTuple(p.terms), p.proof, p.nullifier, tags()),
      ).to.be.revertedWithCustomError(f.licenseGate, "LicenseInvalidTermsProof");
    });

    it("Should not replay a terms proof after a later update", async function () {
      const f = await loadFixture(mintedFixture);
      await setTerms(f, "term");
      await setTerms(f, "volume");
      // The first proof bound nonce 0; the nonce is 2 now. Replaying it would undo a later update.
      await expect(setTerms(f, "term")).to.be.revertedWithCustomError(f.licenseGate, "LicenseInvalidTermsProof");
    });

    it("Should not set terms on the licensor's proof, nor on a royalty-claim proof", async function () {
      const f = await loadFixture(mintedFixture);
      const l = proofs.termsByLicensor;
      await expect(
        f.licenseGate.setTerms(tokenId, COMMERCIAL, termsTuple(termTerms()), l.proof, l.nullifier, tags()),
      ).to.be.revertedWithCustomError(f.licenseGate, "LicenseInvalidTermsProof");
      const c = proofs.claimCreator;
      await expect(
        f.licenseGate.setTerms(tokenId, COMMERCIAL, termsTuple(termTerms()), c.proof, c.nullifier, tags()),
      ).to.be.revertedWithCustomError(f.licenseGate, "LicenseInvalidTermsProof");
    });

    it("Should refuse terms for unknown tokens, ungranted rights, bad tags or an unreduced nullifier", async function () {
      const f = await loadFixture(mintedFixture);
      const p = proofs.terms.term!;
      const t = termsTuple(p.terms);
      await expect(f.licenseGate.setTerms(tokenId + 1n, COMMERCIAL, t, p.proof, p.nullifier, tags()))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseUnknownToken")
        .withArgs(tokenId + 1n);
      await expect(f.licenseGate.setTerms(tokenId, 0n, t, p.proof, p.nullifier, tags()))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseTermsRightsNotGranted")
        .withArgs(tokenId, 0n, PUBLISH | COMMERCIAL);
      await expect(f.licenseGate.setTerms(tokenId, DERIVATIVES, t, p.proof, p.nullifier, tags()))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseTermsRightsNotGranted")
        .withArgs(tokenId, DERIVATIVES, PUBLISH | COMMERCIAL);
      await expect(f.licenseGate.setTerms(tokenId, COMMERCIAL, t, p.proof, p.nullifier + FIELD, tags()))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseNullifierOutOfField")
        .withArgs(p.nullifier + FIELD);
      const [creatorTag, licensorTag] = tags();
      await expect(f.licenseGate.setTerms(tokenId, COMMERCIAL, t, p.proof, p.nullifier, [licensorTag, creatorTag]))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseTagsMismatch")
        .withArgs(tokenId);
    });

    it("Should refuse terms that say two things, or name a currency that is not allowlisted", async function () {
      const f = await loadFixture(mintedFixture);
      const p = proofs.terms.term!;
      const bad = (t: Terms) =>
        f.licenseGate.setTerms(tokenId, COMMERCIAL, termsTuple(t), p.proof, p.nullifier, tags());
      const Fault = { NotEmpty: 0, DurationMismatch: 1, UnitMismatch: 2, SlopeWithoutCurve: 3, TierMismatch: 4 };
      const cases: [Terms, number][] = [
        [{ ...none, price: 1n }, Fault.NotEmpty],
        [{ ...closed, currency: STABLE }, Fault.NotEmpty],
        [{ ...termTerms(), duration: 0n }, Fault.DurationMismatch],
        [{ ...perpetualEth, duration: 1n }, Fault.DurationMismatch],
        [{ ...volumeTerms(), unit: empty }, Fault.UnitMismatch],
        [{ ...termTerms(), unit: encodeBytes32String("seat") }, Fault.UnitMismatch],
        [{ ...termTerms(), slope: 1n }, Fault.SlopeWithoutCurve],
        [{ ...closed, tier: 1n }, Fault.NotEmpty],
        [{ ...stepTerms(), tier: 0n }, Fault.TierMismatch],
        [{ ...volumeTerms(), tier: 10n }, Fault.TierMismatch],
        [{ ...termTerms(), tier: 10n }, Fault.TierMismatch],
      ];
      for (const [t, fault] of cases) {
        await expect(bad(t)).to.be.revertedWithCustomError(f.licenseGate, "LicenseInvalidTerms").withArgs(fault);
      }
      const stranger = f.regulator.address;
      await expect(bad({ ...termTerms(), currency: stranger }))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseCurrencyNotAllowed")
        .withArgs(stranger);
    });

    it("Should return a right to the regulator's schedule when the creator clears its terms", async function () {
      const f = await loadFixture(termsFixture);
      await expect(setTerms(f, "reset")).to.emit(f.licenseGate, "TermsSet");
      await expect(buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n)).to.emit(f.licenseGate, "Licensed");
      expect(await f.licenseGate.licensedRights(tokenId, f.carol.address)).to.equal(COMMERCIAL);
    });
  });

  describe("# term licenses", function () {
    it("Should sell a term license in the stablecoin, in force until its end by block time", async function () {
      const f = await loadFixture(termsFixture);
      const at = BASE + DAY;
      await time.setNextBlockTimestamp(at);
      const until = at + 30n * DAY;
      const tx = buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n, 100n * USD);
      await expect(tx)
        .to.emit(f.licenseGate, "LicensedOnTerms")
        .withArgs(
          tokenId,
          f.carol.address,
          COMMERCIAL,
          TermsMode.Term,
          1n,
          STABLE,
          100n * USD,
          until,
          0n,
          proofs.carolCommercial.pub[4],
        );
      await expect(tx).to.changeTokenBalances(ethers, f.stable, [f.carol, f.vault], [-100n * USD, 100n * USD]);
      expect(await f.vault.accruedIn(tokenId, STABLE)).to.equal(100n * USD);
      expect(await f.licenseGate.licensedRights(tokenId, f.carol.address)).to.equal(COMMERCIAL);
      await time.increaseTo(until - 1n);
      expect(await f.licenseGate.licensedRights(tokenId, f.carol.address)).to.equal(COMMERCIAL);
      await time.increaseTo(until);
      expect(await f.licenseGate.licensedRights(tokenId, f.carol.address)).to.equal(0n);
    });

    it("Should extend a term license from its end when renewed in force, from now after it lapsed", async function () {
      const f = await loadFixture(termsFixture);
      await time.setNextBlockTimestamp(BASE + DAY);
      await buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n);
      const end = BASE + 31n * DAY;
      await time.setNextBlockTimestamp(BASE + 2n * DAY);
      await buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 2n);
      expect((await f.licenseGate.holdingOf(tokenId, f.carol.address, COMMERCIAL)).validUntil).to.equal(
        end + 60n * DAY,
      );
      const later = end + 100n * DAY;
      await time.setNextBlockTimestamp(later);
      await buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n);
      expect((await f.licenseGate.holdingOf(tokenId, f.carol.address, COMMERCIAL)).validUntil).to.equal(
        later + 30n * DAY,
      );
      expect(await f.licenseGate.soldOf(tokenId, COMMERCIAL)).to.equal(4n);
    });

    it("Should not let another account buy with an identity another account already holds", async function () {
      const f = await loadFixture(termsFixture);
      await buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n);
      await expect(buy(f, "bob", proofs.bobCommercialSameIdentity, COMMERCIAL, 1n))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseNullifierUsed")
        .withArgs(proofs.carolCommercial.pub[4]);
    });

    it("Should refuse a cost above the buyer's maximum, ETH sent with a token price, and a missing allowance", async function () {
      const f = await loadFixture(termsFixture);
      await expect(buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n, 100n * USD - 1n))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseCostAboveMax")
        .withArgs(100n * USD, 100n * USD - 1n);
      const p = proofs.carolCommercial;
      await expect(
        f.licenseGate
          .connect(f.carol)
          .purchase(tokenId, COMMERCIAL, 1n, ethers.MaxUint256, p.proof, p.pub, { value: 1n }),
      )
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseWrongFee")
        .withArgs(0n, 1n);
      await f.stable.connect(f.carol).approve(await f.licenseGate.getAddress(), 0n);
      await expect(buy(f, "carol", p, COMMERCIAL, 1n))
        .to.be.revertedWithCustomError(f.stable, "ERC20InsufficientAllowance")
        .withArgs(await f.licenseGate.getAddress(), 0n, 100n * USD);
    });

    it("Should sell several rights in one purchase, each on its own terms, for the sum the gate computes", async function () {
      const f = await loadFixture(termsFixture);
      const p = proofs.carolBoth;
      const each = (q: bigint[], max = ethers.MaxUint256) =>
        f.licenseGate.connect(f.carol).purchaseEach(tokenId, BOTH, q, max, p.proof, p.pub);
      // PUBLISH (bit 0) first: 10 copies on the linear curve from 2 USD; COMMERCIAL: two 30-day periods.
      const publishCost = 20n * USD + 45n * 10_000n;
      const commercialCost = 200n * USD;
      const total = publishCost + commercialCost;
      expect(await f.licenseGate.quoteEach(tokenId, BOTH, [10n, 2n])).to.deep.equal([STABLE, total]);
      await expect(each([10n, 2n], total - 1n))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseCostAboveMax")
        .withArgs(total, total - 1n);
      await time.setNextBlockTimestamp(BASE + DAY);
      const tx = each([10n, 2n], total);
      await expect(tx)
        .to.emit(f.licenseGate, "LicensedOnTerms")
        .withArgs(tokenId, f.carol.address, PUBLISH, TermsMode.Volume, 10n, STABLE, publishCost, 0n, 10n, p.pub[4]);
      await expect(tx)
        .to.emit(f.licenseGate, "LicensedOnTerms")
        .withArgs(
          tokenId,
          f.carol.address,
          COMMERCIAL,
          TermsMode.Term,
          2n,
          STABLE,
          commercialCost,
          BASE + 61n * DAY,
          0n,
          p.pub[4],
        );
      // One transfer of the whole cost, buyer -> gate -> vault; nothing stays in the gate.
      await expect(tx).to.changeTokenBalances(ethers, f.stable, [f.carol, f.vault], [-total, total]);
      expect(await f.stable.balanceOf(await f.licenseGate.getAddress())).to.equal(0n);
      expect(await f.vault.accruedIn(tokenId, STABLE)).to.equal(total);
      expect(await f.licenseGate.licensedRights(tokenId, f.carol.address)).to.equal(BOTH);
      expect(await f.licenseGate.soldOf(tokenId, PUBLISH)).to.equal(10n);
      expect(await f.licenseGate.soldOf(tokenId, COMMERCIAL)).to.equal(2n);
      // The same identity and usage from the same account tops up and renews both, each at its next price.
      const again = 5n * 2n * USD + 10_000n * (5n * 10n + 10n) + 100n * USD;
      expect(await f.licenseGate.quoteEach(tokenId, BOTH, [5n, 1n])).to.deep.equal([STABLE, again]);
      await expect(each([5n, 1n])).to.changeTokenBalance(ethers, f.stable, f.carol, -again);
      expect((await f.licenseGate.holdingOf(tokenId, f.carol.address, PUBLISH)).units).to.equal(15n);
      expect((await f.licenseGate.holdingOf(tokenId, f.carol.address, COMMERCIAL)).validUntil).to.equal(
        BASE + 91n * DAY,
      );
      // `purchase` gives every bit the same quantity.
      expect(await f.licenseGate.quote(tokenId, BOTH, 3n)).to.deep.equal(
        await f.licenseGate.quoteEach(tokenId, BOTH, [3n, 3n]),
      );
    });

    it("Should refuse a multi-right purchase with a quantity per bit missing, out of range or not offered, leaving nothing granted", async function () {
      const f = await loadFixture(termsFixture);
      const p = proofs.carolBoth;
      const each = (q: bigint[]) =>
        f.licenseGate.connect(f.carol).purchaseEach(tokenId, BOTH, q, ethers.MaxUint256, p.proof, p.pub);
      for (const q of [[], [1n], [1n, 1n, 1n]]) {
        await expect(each(q))
          .to.be.revertedWithCustomError(f.licenseGate, "LicenseQuantitiesMismatch")
          .withArgs(BOTH, 2n, q.length);
        await expect(f.licenseGate.quoteEach(tokenId, BOTH, q))
          .to.be.revertedWithCustomError(f.licenseGate, "LicenseQuantitiesMismatch")
          .withArgs(BOTH, 2n, q.length);
      }
      // The second bit's quantity is refused after the first bit was priced: the whole purchase reverts.
      await expect(each([10n, 0n]))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseQuantityOutOfRange")
        .withArgs(0n, 0n);
      expect(await f.licenseGate.soldOf(tokenId, PUBLISH)).to.equal(0n);
      expect(await f.licenseGate.licensedRights(tokenId, f.carol.address)).to.equal(0n);
      const g = await loadFixture(mintedFixture);
      await setTerms(g, "closed");
      await expect(
        g.licenseGate.connect(g.carol).purchaseEach(tokenId, BOTH, [1n, 1n], ethers.MaxUint256, p.proof, p.pub),
      )
        .to.be.revertedWithCustomError(g.licenseGate, "LicenseNotOffered")
        .withArgs(tokenId, COMMERCIAL);
      await expect(buy(g, "carol", proofs.carolCommercial, COMMERCIAL, 1n))
        .to.be.revertedWithCustomError(g.licenseGate, "LicenseNotOffered")
        .withArgs(tokenId, COMMERCIAL);
    });

    it("Should settle one purchase in one currency: ETH terms with the regulator's schedule, never with a stablecoin", async function () {
      // COMMERCIAL perpetual in ETH; PUBLISH on the regulator's schedule (ETH) at a fee the regulator sets.
      const f = await loadFixture(mintedFixture);
      await setTerms(f, "perpetual");
      const fee = 3n * 10n ** 14n;
      await f.licenseGate.connect(f.regulator).setRightFee(PUBLISH, fee);
      const p = proofs.carolBoth;
      const total = fee + 10n ** 15n;
      expect(await f.licenseGate.quote(tokenId, BOTH, 1n)).to.deep.equal([ZeroAddress, total]);
      const pay = (value: bigint) =>
        f.licenseGate.connect(f.carol).purchaseEach(tokenId, BOTH, [1n, 1n], 0n, p.proof, p.pub, { value });
      for (const value of [total - 1n, total + 1n, 0n]) {
        await expect(pay(value)).to.be.revertedWithCustomError(f.licenseGate, "LicenseWrongFee").withArgs(total, value);
      }
      const tx = pay(total);
      await expect(tx).to.emit(f.licenseGate, "Licensed").withArgs(tokenId, f.carol.address, PUBLISH, p.pub[4], fee);
      await expect(tx)
        .to.emit(f.licenseGate, "LicensedOnTerms")
        .withArgs(
          tokenId,
          f.carol.address,
          COMMERCIAL,
          TermsMode.Perpetual,
          1n,
          ZeroAddress,
          10n ** 15n,
          0n,
          0n,
          p.pub[4],
        );
      await expect(tx).to.changeEtherBalances(ethers, [f.carol, f.vault], [-total, total]);
      expect(await f.licenseGate.licensedRights(tokenId, f.carol.address)).to.equal(BOTH);
      await expect(pay(total)).to.be.revertedWithCustomError(f.licenseGate, "LicenseNullifierUsed").withArgs(p.pub[4]);

      // PUBLISH sold in the stablecoin (volume), COMMERCIAL in ETH: refused, naming the bit and both currencies.
      await setTerms(f, "volume");
      await expect(pay(total))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseMixedCurrencies")
        .withArgs(COMMERCIAL, ZeroAddress, STABLE);
      await expect(f.licenseGate.quote(tokenId, BOTH, 1n))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseMixedCurrencies")
        .withArgs(COMMERCIAL, ZeroAddress, STABLE);
      // COMMERCIAL on stablecoin terms, PUBLISH on the schedule (ETH): refused too.
      const g = await loadFixture(mintedFixture);
      await setTerms(g, "term");
      await expect(
        g.licenseGate.connect(g.carol).purchaseEach(tokenId, BOTH, [1n, 1n], ethers.MaxUint256, p.proof, p.pub),
      )
        .to.be.revertedWithCustomError(g.licenseGate, "LicenseMixedCurrencies")
        .withArgs(COMMERCIAL, STABLE, ZeroAddress);
    });

    it("Should refuse quantities outside the bounds (zero, above 2^32 - 1)", async function () {
      const f = await loadFixture(termsFixture);
      await expect(buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 0n))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseQuantityOutOfRange")
        .withArgs(0n, 0n);
      await expect(buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 2n ** 32n))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseQuantityOutOfRange")
        .withArgs(2n ** 32n, 0n);
    });

    it("Should sell a perpetual ETH license once per identity", async function () {
      const f = await loadFixture(mintedFixture);
      await setTerms(f, "perpetual");
      const p = proofs.carolCommercial;
      const purchase = (q: bigint, value: bigint) =>
        f.licenseGate.connect(f.carol).purchase(tokenId, COMMERCIAL, q, 0n, p.proof, p.pub, { value });
      await expect(purchase(2n, 2n * 10n ** 15n))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseQuantityOutOfRange")
        .withArgs(2n, 0n);
      await expect(purchase(1n, 1n))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseWrongFee")
        .withArgs(10n ** 15n, 1n);
      await expect(purchase(1n, 10n ** 15n)).to.changeEtherBalance(ethers, f.vault, 10n ** 15n);
      expect(await f.licenseGate.licensedRights(tokenId, f.carol.address)).to.equal(COMMERCIAL);
      await expect(purchase(1n, 10n ** 15n))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseNullifierUsed")
        .withArgs(p.pub[4]);
    });

    it("Should credit what arrived for a fee-on-transfer currency", async function () {
      const f = await loadFixture(mintedFixture);
      await setTerms(f, "fee");
      await buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n);
      // 1 % burnt on carol -> gate and again on gate -> vault.
      const arrived = 100n * USD - USD - (99n * USD) / 100n;
      expect(await f.vault.accruedIn(tokenId, FEE_TOKEN)).to.equal(arrived);
      expect(await f.feeToken.balanceOf(await f.vault.getAddress())).to.equal(arrived);
      expect(await f.feeToken.balanceOf(await f.licenseGate.getAddress())).to.equal(0n);
    });
  });

  describe("# volume licenses", function () {
    it("Should sell units on a linear curve, top them up, and count each reported use", async function () {
      const f = await loadFixture(termsFixture);
      const p = proofs.davePublish;
      // Unit i (from 0) costs 2 USD + i * 0.01 USD: 10 units = 20 USD + 0.01 * 45.
      expect(await f.licenseGate.quote(tokenId, PUBLISH, 10n)).to.deep.equal([STABLE, 20n * USD + 45n * 10_000n]);
      await expect(buy(f, "dave", p, PUBLISH, 10n)).to.changeTokenBalance(
        ethers,
        f.stable,
        f.dave,
        -(20n * USD + 450_000n),
      );
      // Top-up of 5 after 10 sold: 10 USD + 0.01 * (5 * 10 + 10).
      await expect(buy(f, "dave", p, PUBLISH, 5n))
        .to.emit(f.licenseGate, "LicensedOnTerms")
        .withArgs(
          tokenId,
          f.dave.address,
          PUBLISH,
          TermsMode.Volume,
          5n,
          STABLE,
          10n * USD + 600_000n,
          0n,
          15n,
          p.pub[4],
        );
      expect(await f.licenseGate.licensedRights(tokenId, f.dave.address)).to.equal(PUBLISH);
      const ref = encodeBytes32String("job-1");
      await expect(f.licenseGate.connect(f.dave).useUnits(tokenId, PUBLISH, f.dave.address, 4n, ref))
        .to.emit(f.licenseGate, "UnitsUsed")
        .withArgs(tokenId, f.dave.address, PUBLISH, f.dave.address, 4n, 11n, ref);
      await expect(f.licenseGate.connect(f.eve).useUnits(tokenId, PUBLISH, f.dave.address, 1n, ref))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseNotUsageOperator")
        .withArgs(f.dave.address, f.eve.address);
      await expect(f.licenseGate.connect(f.dave).setUsageOperator(f.eve.address, true))
        .to.emit(f.licenseGate, "UsageOperatorSet")
        .withArgs(f.dave.address, f.eve.address, true);
      await expect(f.licenseGate.connect(f.eve).useUnits(tokenId, PUBLISH, f.dave.address, 11n, ref))
        .to.emit(f.licenseGate, "UnitsUsed")
        .withArgs(tokenId, f.dave.address, PUBLISH, f.eve.address, 11n, 0n, ref);
      expect(await f.licenseGate.licensedRights(tokenId, f.dave.address)).to.equal(0n);
      await expect(f.licenseGate.connect(f.dave).useUnits(tokenId, PUBLISH, f.dave.address, 1n, ref))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseInsufficientUnits")
        .withArgs(tokenId, f.dave.address, PUBLISH, 1n, 0n);
      await expect(f.licenseGate.connect(f.dave).useUnits(tokenId, PUBLISH | COMMERCIAL, f.dave.address, 1n, ref))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseInvalidRight")
        .withArgs(PUBLISH | COMMERCIAL);
      await expect(f.licenseGate.connect(f.dave).useUnits(tokenId, PUBLISH, f.dave.address, 0n, ref))
        .to.be.revertedWithCustomError(f.licenseGate, "LicenseQuantityOutOfRange")
        .withArgs(0n, 0n);
    });
  });

  describe("# tiered prices", function () {
    it("Should price volume by tiers of the number sold: 10 copies at 1 USD, the next 10 at 2 USD, ...", async function () {
      const f = await loadFixture(mintedFixture);
      await setTerms(f, "step");
      expect(await f.licenseGate.quote(tokenId, PUBLISH, 1n)).to.deep.equal([STABLE, USD]);
      // 25 copies from none sold: 10 x 1 + 10 x 2 + 5 x 3 USD.
      expect(await f.licenseGate.quote(tokenId, PUBLISH, 25n)).to.deep.equal([STABLE, 45n * USD]);
      await expect(buy(f, "dave", proofs.davePublish, PUBLISH, 25n)).to.changeTokenBalance(
        ethers,
        f.stable,
        f.dave,
        -45n * USD,
      );
      // 25 sold: the 26th..30th at 3 USD, then 4 USD.
      expect(await f.licenseGate.quote(tokenId, PUBLISH, 1n)).to.deep.equal([STABLE, 3n * USD]);
      expect(await f.licenseGate.quote(tokenId, PUBLISH, 6n)).to.deep.equal([STABLE, 5n * 3n * USD + 4n * USD]);
      // Buying in pieces costs what buying at once costs (carol, from the same state).
      await buy(f, "carol", proofs.carolPublish, PUBLISH, 2n);
      expect(await f.licenseGate.quote(tokenId, PUBLISH, 4n)).to.deep.equal([STABLE, 3n * 3n * USD + 4n * USD]);
      const stored = await f.licenseGate.termsOf(tokenId, PUBLISH);
      expect([stored.pricing, stored.tier]).to.deep.equal([BigInt(Pricing.Step), 10n]);
    });
  });

  describe("# royalty shares and claims per currency", function () {
    it("Should run the market: licenses in a stablecoin, a resale royalty, 30 % shares, claims by holder, licensor and creator", async function () {
      const f = await loadFixture(termsFixture);
      await buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n); // 100 USD
      await buy(f, "dave", proofs.davePublish, PUBLISH, 10n); // 20.45 USD
      // A resale for 1000 USD: the marketplace pays the ERC-2981 royalty in the sale's currency.
      const [receiver, royalty] = await f.mintGate.royaltyInfo(tokenId, 1_000n * USD);
      expect(receiver).to.equal(await f.vault.getAddress());
      await expect(f.vault.connect(f.market).depositToken(tokenId, STABLE, royalty))
        .to.emit(f.vault, "Deposited")
        .withArgs(tokenId, f.market.address, STABLE, royalty, 120n * USD + 450_000n + royalty);
      const before = 120n * USD + 450_000n + royalty;

      const s = proofs.shareIssues[0]!;
      const issue = ISSUES[0]!;
      await expect(
        f.vault.connect(f.bob).issueShares(tokenId, issue.recipients, issue.amounts, s.proof, s.nullifier, tags()),
      ).to.emit(f.vault, "SharesIssued");
      const share = typed(
        "RoyaltyShareToken",
        await ethers.getContractAt("RoyaltyShareToken", await f.vault.shareToken(tokenId)),
      );
      expect(await share.balanceOf(f.eve.address)).to.equal(3_000n * 10n ** 18n);
      expect(await share.assetTokenId()).to.equal(tokenId);
      expect(await f.vault.unissuedShares(tokenId)).to.equal(SHARE_SUPPLY - 3_000n * 10n ** 18n);
      // The same proof cannot issue again: it bound nonce 0.
      await expect(
        f.vault.issueShares(tokenId, issue.recipients, issue.amounts, s.proof, s.nullifier, tags()),
      ).to.be.revertedWithCustomError(f.vault, "VaultInvalidProof");

      // More revenue after the issue: 30 % of its creator part goes to eve.
      await f.vault.connect(f.market).depositToken(tokenId, STABLE, 1_000n * USD);
      const licensorOf = (x: bigint) => (x * ROYALTY_BPS) / 10_000n;
      const total = before + 1_000n * USD;
      const creatorAfter = 1_000n * USD - (licensorOf(total) - licensorOf(before));
      const eveShare = (creatorAfter * 3n) / 10n;
      expect(await f.vault.holderClaimable(tokenId, f.eve.address, STABLE)).to.equal(eveShare);
      await expect(f.vault.connect(f.eve).claimHolder(tokenId, STABLE))
        .to.emit(f.vault, "HolderClaimed")
        .withArgs(tokenId, f.eve.address, STABLE, eveShare);
      // A transfer after the claim moves only future revenue.
      await share.connect(f.eve).transfer(f.bob.address, 1_000n * 10n ** 18n);
      expect(await f.vault.holderClaimable(tokenId, f.bob.address, STABLE)).to.equal(0n);

      const l = proofs.claimLicensor;
      await expect(
        f.vault.claimCurrency(tokenId, Payee.Licensor, STABLE, f.licensorPayee.address, l.proof, l.nullifier, tags()),
      ).to.changeTokenBalance(ethers, f.stable, f.licensorPayee, licensorOf(total));
      const c = proofs.claimCreator;
      const creatorTotal = total - licensorOf(total) - eveShare;
      await expect(
        f.vault.claimCurrency(tokenId, Payee.Creator, STABLE, f.creatorPayee.address, c.proof, c.nullifier, tags()),
      ).to.changeTokenBalance(ethers, f.stable, f.creatorPayee, creatorTotal);
      expect(await f.stable.balanceOf(await f.vault.getAddress())).to.equal(0n);
      await expect(
        f.vault.claimCurrency(tokenId, Payee.Creator, STABLE, f.creatorPayee.address, c.proof, c.nullifier, tags()),
      )
        .to.be.revertedWithCustomError(f.vault, "VaultNothingOwed")
        .withArgs(tokenId, Payee.Creator, STABLE);
      // ETH is its own balance: nothing accrued in it.
      expect(await f.vault.claimable(tokenId, Payee.Creator, ZeroAddress)).to.equal(0n);
      expect(await f.vault.tokenCurrencies(tokenId)).to.deep.equal([STABLE]);
    });

    it("Should refuse deposits in a currency that is not allowlisted, and allowlisting by anyone but the regulator", async function () {
      const f = await loadFixture(mintedFixture);
      const other = await ethers.deployContract("PlainToken");
      const addr = await other.getAddress();
      await expect(f.vault.connect(f.market).depositToken(tokenId, addr, 1n))
        .to.be.revertedWithCustomError(f.vault, "VaultCurrencyNotAllowed")
        .withArgs(addr);
      await expect(f.vault.connect(f.market).setCurrencyAllowed(addr, true))
        .to.be.revertedWithCustomError(f.vault, "AccessControlUnauthorizedAccount")
        .withArgs(f.market.address, ethers.ZeroHash);
      await expect(f.vault.connect(f.regulator).setCurrencyAllowed(addr, true))
        .to.emit(f.vault, "CurrencyAllowed")
        .withArgs(addr, true);
    });
  });

  describe("# gas", function () {
    it("Should measure set-terms, term license, volume top-up and use, share issue and share claim", async function () {
      // set-terms: five updates in a row (nonces 0..4).
      let f = await loadFixture(mintedFixture);
      for (let n = 0; n < 5; n++) record("setTerms", await gasOf(setTerms(f, `gas${n}`)));
      // ERC-20 term license: the first purchase of an account, five times from the same state (deterministic).
      for (let i = 0; i < 5; i++) {
        f = await loadFixture(termsFixture);
        record("termLicenseFirstErc20", await gasOf(buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n)));
      }
      for (let i = 0; i < 5; i++)
        record("termLicenseRenewErc20", await gasOf(buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n)));
      f = await loadFixture(termsFixture);
      record("volumeFirstErc20", await gasOf(buy(f, "dave", proofs.davePublish, PUBLISH, 10n)));
      for (let i = 0; i < 5; i++)
        record("volumeTopUpErc20", await gasOf(buy(f, "dave", proofs.davePublish, PUBLISH, 5n)));
      for (let i = 0; i < 5; i++) {
        record(
          "volumeUse",
          await gasOf(f.licenseGate.connect(f.dave).useUnits(tokenId, PUBLISH, f.dave.address, 1n, empty)),
        );
      }
      // Share issues: the first creates the clone; then four more issues.
      await f.vault.connect(f.market).depositToken(tokenId, STABLE, 1_000n * USD);
      for (const [i, s] of proofs.shareIssues.entries()) {
        const issue = ISSUES[i]!;
        record(
          i === 0 ? "shareIssueFirst" : "shareIssueLater",
          await gasOf(f.vault.issueShares(tokenId, issue.recipients, issue.amounts, s.proof, s.nullifier, tags())),
        );
      }
      for (let i = 0; i < 5; i++) {
        await f.vault.connect(f.market).depositToken(tokenId, STABLE, 1_000n * USD);
        record("shareClaimErc20", await gasOf(f.vault.connect(f.eve).claimHolder(tokenId, STABLE)));
      }
      const share = await ethers.getContractAt("RoyaltyShareToken", await f.vault.shareToken(tokenId));
      for (let i = 0; i < 5; i++) {
        record("shareTransfer", await gasOf(share.connect(f.eve).getFunction("transfer")(f.bob.address, 10n ** 18n)));
      }
      // Two rights (10 copies of PUBLISH, one period of COMMERCIAL) in one purchase, or in two.
      for (let i = 0; i < 5; i++) {
        f = await loadFixture(termsFixture);
        record(
          "twoRightsOnePurchaseErc20",
          await gasOf(
            f.licenseGate
              .connect(f.carol)
              .purchaseEach(tokenId, BOTH, [10n, 1n], ethers.MaxUint256, proofs.carolBoth.proof, proofs.carolBoth.pub),
          ),
        );
        f = await loadFixture(termsFixture);
        record(
          "twoRightsTwoPurchasesErc20",
          (await gasOf(buy(f, "carol", proofs.carolPublish, PUBLISH, 10n))) +
            (await gasOf(buy(f, "carol", proofs.carolCommercial, COMMERCIAL, 1n))),
        );
      }
      for (const k of [
        "twoRightsOnePurchaseErc20",
        "twoRightsTwoPurchasesErc20",
        "setTerms",
        "termLicenseFirstErc20",
        "volumeTopUpErc20",
        "volumeUse",
        "shareIssueFirst",
        "shareClaimErc20",
      ])
        expect(gas[k]!.length).to.be.greaterThan(0);
    });
  });
});

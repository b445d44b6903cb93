// The demo's market steps, one self-contained block: the creator sets terms anonymously (a royalty-claim proof
// of its creator tag bound to the terms), two licensees buy a term license and a volume license in the dev
// stablecoin, a resale pays its ERC-2981 royalty in that stablecoin, the creator issues 30 % royalty shares,
// and a share holder and the licensor claim. Every amount is checked against the contracts' rules.
import { encodeBytes32String, type BaseContract, type ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { circuitInstance } from "../../core/circuits.ts";
import { RIGHTS } from "../../core/domain.ts";
import { identityCommitment, licenseeLeaf, licenseeNullifier } from "../../core/hashes.ts";
import {
  Pricing,
  shareIssueContext,
  TermsMode,
  termsContext,
  termsTuple,
  type Terms,
} from "../../core/market-context.ts";
import { toSolidityProof } from "../../core/proof.ts";
import { licenseeCircuitInput, royaltyClaimCircuitInput, royaltyClaimData } from "../../prover/inputs.ts";
import { randomFieldElement } from "../../prover/keys.ts";
import { merkleWitness } from "../../prover/merkle.ts";
import { generateProof } from "../../prover/prove.ts";
import { Tree } from "../../core/registry.ts";
import { mirrorTree } from "./mirror.ts";
import { typed } from "../../prover/chain/typed.ts";

const DAY = 86_400n;
const USD = 10n ** 6n;
const ZERO32 = "0x" + "00".repeat(32);

/** What the market steps need from the demo. */
export interface MarketContext {
  chainId: bigint;
  contracts: { registry: BaseContract; licenseGate: BaseContract; royaltyVault: BaseContract; mintGate: BaseContract };
  devStablecoin: BaseContract;
  kyc: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  marketplace: HardhatEthersSigner;
  licensees: [HardhatEthersSigner, HardhatEthersSigner];
  holder: HardhatEthersSigner;
  licensorRecipient: HardhatEthersSigner;
  tokenId: bigint;
  tags: readonly [bigint, bigint];
  creator: { secret: bigint; blinding: bigint };
  licensor: { secret: bigint; salt: bigint; bps: bigint };
  salePrice: bigint;
  say: (line: string) => void;
  check: (cond: unknown, what: string) => asserts cond;
}

/** What the market steps did, for the demo's JSON result. */
export interface MarketResult {
  termLicenseCost: string;
  volumeLicenseCost: string;
  resaleRoyalty: string;
  holderClaimed: string;
  licensorClaimed: string;
  gas: Record<string, number>;
}

const gasOf = async (tx: Promise<ContractTransactionResponse>) => Number((await (await tx).wait())!.gasUsed);

/**
 * Run the market steps of the demo (numbered [7b]..[7e] in its story).
 *
 * @example const market = await marketSteps({ ...ctx })
 */
export async function marketSteps(c: MarketContext): Promise<MarketResult> {
  const gate = typed("LicenseGate", c.contracts.licenseGate);
  const vault = typed("RoyaltyVault", c.contracts.royaltyVault);
  const mintGate = typed("MintGate", c.contracts.mintGate);
  const registry = typed("Registry", c.contracts.registry);
  const usd = typed("DevStablecoin", c.devStablecoin);
  const [gateAddr, vaultAddr, usdAddr] = await Promise.all(
    [gate, vault, usd].map((x) => (x as unknown as BaseContract).getAddress()),
  );
  const gas: Record<string, number> = {};
  const creatorProof = async (context: bigint) => {
    const data = royaltyClaimData({ ...c.creator, assetHash: c.tokenId, context });
    const p = await generateProof("royaltyClaim", royaltyClaimCircuitInput(data));
    return { proof: toSolidityProof(p.proof), nullifier: data.nullifier };
  };

  // [7b] terms, set anonymously: DERIVATIVES by 30-day term at 100 zUSD, PUBLISH by the copy on a linear curve.
  const DERIVATIVES = BigInt(RIGHTS.DERIVATIVES);
  const PUBLISH = BigInt(RIGHTS.PUBLISH);
  const none: Terms = { mode: 0, pricing: 0, currency: usdAddr!, duration: 0n, unit: ZERO32, price: 0n, slope: 0n };
  const term: Terms = { ...none, mode: TermsMode.Term, duration: 30n * DAY, price: 100n * USD };
  const volume: Terms = {
    ...none,
    mode: TermsMode.Volume,
    pricing: Pricing.Linear,
    unit: encodeBytes32String("copy"),
    price: 2n * USD,
    slope: USD / 100n,
  };
  for (const [rights, terms, name] of [
    [DERIVATIVES, term, "setTermsTerm"],
    [PUBLISH, volume, "setTermsVolume"],
  ] as const) {
    const nonce = (await gate.termsNonce(c.tokenId)) as bigint;
    const context = termsContext(c.chainId, gateAddr!, c.tokenId, rights, nonce, terms);
    c.check(
      context === (await gate.termsContext(c.tokenId, rights, termsTuple(terms))),
      "the terms context is the gate's",
    );
    const p = await creatorProof(context);
    gas[name] = await gasOf(
      gate.connect(c.relayer).setTerms(c.tokenId, rights, termsTuple(terms), p.proof, p.nullifier, [...c.tags]),
    );
  }
  c.check(Number((await gate.termsOf(c.tokenId, DERIVATIVES)).mode) === TermsMode.Term, "DERIVATIVES sells by term");
  c.say(
    `[7b] the creator set its own terms anonymously (royalty-claim proof of its creator tag, context bound to the ` +
      `terms and the terms nonce; sent by a relayer): DERIVATIVES 30-day licenses at 100 zUSD ` +
      `(${gas.setTermsTerm} gas), PUBLISH by the copy from 2 zUSD + 0.01 per copy sold (${gas.setTermsVolume} gas)`,
  );

  // [7c] two newly enrolled licensees buy in zUSD: a term license and a volume license of 10 copies.
  const secrets = [randomFieldElement(), randomFieldElement()];
  for (const s of secrets) await (await registry.connect(c.kyc).insertLicensee(identityCommitment(s))).wait();
  const tree = await mirrorTree(registry, Tree.Licensee);
  const costs: bigint[] = [];
  const purchases: [bigint, bigint][] = [
    [DERIVATIVES, 1n],
    [PUBLISH, 10n],
  ];
  for (const [i, [right, quantity]] of purchases.entries()) {
    const who = c.licensees[i]!;
    const secret = secrets[i]!;
    await (await usd.mint(who.address, 1_000n * USD)).wait();
    await (await usd.connect(who).approve(gateAddr!, 1_000n * USD)).wait();
    const input = licenseeCircuitInput({
      tokenId: c.tokenId,
      usageRights: right,
      context: (await gate.licenseContext(who.address, c.tokenId, right)) as bigint,
      nullifier: licenseeNullifier(secret, c.tokenId, right),
      secret,
      path: merkleWitness(
        tree,
        tree.indexOf(licenseeLeaf(identityCommitment(secret))),
        circuitInstance("licensee").params.DEPTH!,
      ),
    });
    const p = await generateProof("licensee", input);
    const [, cost] = (await gate.quote(c.tokenId, right, quantity)) as [string, bigint];
    gas[i === 0 ? "termLicense" : "volumeLicense"] = await gasOf(
      gate
        .connect(who)
        .purchase(c.tokenId, right, quantity, cost, toSolidityProof(p.proof), p.publicSignals.map(BigInt)),
    );
    costs.push(cost);
    c.check(
      (((await gate.licensedRights(c.tokenId, who.address)) as bigint) & right) === right,
      "the license is in force",
    );
  }
  c.check(costs[0] === 100n * USD && costs[1] === 20n * USD + 45n * (USD / 100n), "the prices follow the terms");
  gas.volumeUse = await gasOf(
    gate.connect(c.licensees[1]).useUnits(c.tokenId, PUBLISH, c.licensees[1].address, 3n, ZERO32),
  );
  const left = (await gate.holdingOf(c.tokenId, c.licensees[1].address, PUBLISH)).units as bigint;
  c.check(left === 7n, "7 copies are left after 3 were reported used");
  c.say(
    `[7c] two new licensees paid in zUSD: a 30-day DERIVATIVES license for ${Number(costs[0]) / 1e6} zUSD ` +
      `(${gas.termLicense} gas) and 10 PUBLISH copies for ${Number(costs[1]) / 1e6} zUSD (${gas.volumeLicense} gas); ` +
      `3 copies reported used (${gas.volumeUse} gas; usage is reported by the licensee, not observed), 7 left`,
  );

  // [7d] a resale in zUSD pays its ERC-2981 royalty in zUSD; the creator issues 30 % royalty shares.
  const [, royalty] = (await mintGate.royaltyInfo(c.tokenId, c.salePrice)) as [string, bigint];
  await (await usd.mint(c.marketplace.address, royalty)).wait();
  await (await usd.connect(c.marketplace).approve(vaultAddr!, royalty)).wait();
  await (await vault.connect(c.marketplace).depositToken(c.tokenId, usdAddr!, royalty)).wait();
  const recipients = [c.holder.address];
  const amounts = [3_000n * 10n ** 18n];
  const issueNonce = (await vault.shareNonce(c.tokenId)) as bigint;
  const issue = await creatorProof(
    shareIssueContext(c.chainId, vaultAddr!, c.tokenId, issueNonce, recipients, amounts),
  );
  gas.shareIssue = await gasOf(
    vault.connect(c.relayer).issueShares(c.tokenId, recipients, amounts, issue.proof, issue.nullifier, [...c.tags]),
  );
  // Revenue after the issue: the next PUBLISH top-up (5 copies) is shared with the holder.
  const before = (await vault.accruedIn(c.tokenId, usdAddr!)) as bigint;
  c.say(
    `[7d] a ${Number(c.salePrice) / 1e6} zUSD resale paid a ${Number(royalty) / 1e6} zUSD ERC-2981 royalty into the ` +
      `vault; the creator issued 30 % of its revenue as transferable shares (one ERC-20 clone per token) to ` +
      `${c.holder.address.slice(0, 10)}… (${gas.shareIssue} gas): revenue earned before stays the creator's`,
  );
  const topUp = await (async () => {
    const who = c.licensees[1];
    const [, cost] = (await gate.quote(c.tokenId, PUBLISH, 5n)) as [string, bigint];
    const input = licenseeCircuitInput({
      tokenId: c.tokenId,
      usageRights: PUBLISH,
      context: (await gate.licenseContext(who.address, c.tokenId, PUBLISH)) as bigint,
      nullifier: licenseeNullifier(secrets[1]!, c.tokenId, PUBLISH),
      secret: secrets[1]!,
      path: merkleWitness(
        tree,
        tree.indexOf(licenseeLeaf(identityCommitment(secrets[1]!))),
        circuitInstance("licensee").params.DEPTH!,
      ),
    });
    const p = await generateProof("licensee", input);
    gas.volumeTopUp = await gasOf(
      gate.connect(who).purchase(c.tokenId, PUBLISH, 5n, cost, toSolidityProof(p.proof), p.publicSignals.map(BigInt)),
    );
    return cost;
  })();

  // [7e] the holder and the licensor claim their zUSD.
  const bps = c.licensor.bps;
  const lic = (x: bigint) => (x * bps) / 10_000n;
  const after = before + topUp;
  const holderExpected = ((topUp - (lic(after) - lic(before))) * 3n) / 10n;
  const holderBefore = (await usd.balanceOf(c.holder.address)) as bigint;
  gas.shareClaim = await gasOf(vault.connect(c.holder).claimHolder(c.tokenId, usdAddr!));
  const holderGot = ((await usd.balanceOf(c.holder.address)) as bigint) - holderBefore;
  c.check(holderGot === holderExpected, `the holder received 30 % of the creator part earned after the issue`);
  const licensorContext = (await vault.claimContext(c.licensorRecipient.address, c.tokenId, 1)) as bigint;
  const data = royaltyClaimData({
    secret: c.licensor.secret,
    blinding: c.licensor.salt,
    assetHash: c.tokenId,
    context: licensorContext,
  });
  const lp = await generateProof("royaltyClaim", royaltyClaimCircuitInput(data));
  const licBefore = (await usd.balanceOf(c.licensorRecipient.address)) as bigint;
  gas.licensorClaimUsd = await gasOf(
    vault
      .connect(c.relayer)
      .claimCurrency(c.tokenId, 1, usdAddr!, c.licensorRecipient.address, toSolidityProof(lp.proof), data.nullifier, [
        ...c.tags,
      ]),
  );
  const licensorGot = ((await usd.balanceOf(c.licensorRecipient.address)) as bigint) - licBefore;
  c.check(licensorGot === lic(after), `the licensor received exactly its ${bps} bps of every zUSD`);
  c.say(
    `[7e] after 5 more copies (${Number(topUp) / 1e6} zUSD, ${gas.volumeTopUp} gas) the holder claimed ` +
      `${Number(holderGot) / 1e6} zUSD (30 % of the creator part since the issue, ${gas.shareClaim} gas) and the ` +
      `licensor ${Number(licensorGot) / 1e6} zUSD (its ${bps} bps of all ${Number(after) / 1e6} zUSD, undiluted by ` +
      `the shares, ${gas.licensorClaimUsd} gas); the creator's anonymous claim covers the unissued 70 %`,
  );
  return {
    termLicenseCost: costs[0]!.toString(),
    volumeLicenseCost: costs[1]!.toString(),
    resaleRoyalty: royalty.toString(),
    holderClaimed: holderGot.toString(),
    licensorClaimed: licensorGot.toString(),
    gas,
  };
}

// The demo's market steps ([7b]..[7e] in its story), through the CLI's market actions (prover/chain/market.ts:
// `zkprov terms set`, `license --units/--until`, `shares issue|claim`): the creator sets terms anonymously (a
// royalty-claim proof of its creator tag bound to the terms), two licensees buy a term license and a volume
// license in the dev stablecoin, a resale pays its ERC-2981 royalty in that stablecoin, the creator issues 30 %
// royalty shares, and a share holder and the licensor claim (`royalty claim --currency zUSD`, with the bundle of
// its ETH claim: the proof binds token, payee and recipient, not the currency). What the CLI has no command for
// (minting the dev stablecoin, reporting units used) is sent through the same deployment session the actions
// use. Every amount is checked against the contracts' rules.
import path from "node:path";
import { Contract, encodeBytes32String } from "ethers";
import { RIGHTS } from "../../core/domain.ts";
import { Pricing, TermsMode } from "../../core/market-context.ts";
import type { ChainOptions } from "../../prover/chain/connect.ts";
import { payRoyaltyInToken } from "../../prover/chain/currencies.ts";
import { claimRoyalty, licenseContextFor } from "../../prover/chain/gates.ts";
import { claimShares, issueSharesAsCreator, purchaseLicense, setTermsAsCreator } from "../../prover/chain/market.ts";
import { requireDeployment, snapshotPath, type Project } from "../../prover/chain/project.ts";
import { addLicensee, licenseeCommitment, snapshotRegistry } from "../../prover/chain/registry.ts";
import { mined, withDeployment, type Session } from "../../prover/chain/session.ts";
import { newKey, writeKeyFile } from "../../prover/files.ts";
import { proveLicenseeFiles, writeProofFiles } from "../../prover/workflows.ts";

const DAY = 86_400n;
const USD = 10n ** 6n;
const ZERO32 = "0x" + "00".repeat(32);

/** What the dev stablecoin is called for here (contracts/dev/DevStablecoin.sol: anyone may mint on the dev chain). */
const DEV_STABLECOIN_ABI = [
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function balanceOf(address account) view returns (uint256)",
];

/** What the market steps need from the demo. */
export interface MarketContext {
  project: Project;
  /** The node's accounts by index, and which index plays which part. */
  accounts: string[];
  roles: { kyc: number; relayer: number; marketplace: number; licensees: [number, number]; holder: number };
  /** The creator's proof files: its key, the token's provenance bundle and the blinding file beside it. */
  creator: { keyFile: string; provenanceBundleFile: string; blindingFile: string };
  /** The licensor's royalty-claim bundle (of its ETH claim) and the recipient it was proven for. */
  licensor: { claimBundleFile: string; recipient: string; bps: bigint };
  tokenId: bigint;
  salePrice: bigint;
  /** Where the market's licensee keys and bundles go. */
  outDir: string;
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
  /** What the creator is owed in zUSD after the market (all of its part before the shares issue, 70 % after). */
  creatorOwed: string;
  gas: Record<string, number>;
}

/**
 * Run the market steps of the demo (numbered [7b]..[7e] in its story).
 *
 * @example const market = await marketSteps({ ...ctx })
 */
export async function marketSteps(c: MarketContext): Promise<MarketResult> {
  const p = c.project;
  const dep = requireDeployment(p);
  const as = (account: number): ChainOptions => ({ account });
  const usdAddr = dep.contracts.devStablecoin;
  c.check(usdAddr, "the deployment has the development stablecoin (chain 31337)");
  /** A call the CLI has no command for, through the same deployment session, signing as `account`. */
  const send = <T>(account: number, what: string, fn: (s: Session, usd: Contract) => Promise<T>) =>
    withDeployment(p, as(account), what, (s) => fn(s, new Contract(usdAddr, DEV_STABLECOIN_ABI, s.signer)));
  const read = <T>(fn: (s: Session, usd: Contract) => Promise<T>) => send(0, "read", fn);
  const balanceOf = (who: string) => read(async (_s, usd) => (await usd.getFunction("balanceOf")(who)) as bigint);
  const gas: Record<string, number> = {};

  // [7b] terms, set anonymously: DERIVATIVES by 30-day term at 100 zUSD, PUBLISH by the copy on a linear curve.
  const DERIVATIVES = BigInt(RIGHTS.DERIVATIVES);
  const PUBLISH = BigInt(RIGHTS.PUBLISH);
  const none = { mode: 0, pricing: 0, currency: "zUSD", duration: 0n, unit: ZERO32, price: 0n, slope: 0n };
  const term = { ...none, mode: TermsMode.Term, duration: 30n * DAY, price: 100n * USD };
  const volume = {
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
    const set = await setTermsAsCreator(p, as(c.roles.relayer), c.creator, rights, terms);
    gas[name] = Number(set.gas);
  }
  const derivativesMode = await read(async (s) =>
    Number(((await s.contracts.licenseGate.getFunction("termsOf")(c.tokenId, DERIVATIVES)) as unknown[])[0]),
  );
  c.check(derivativesMode === TermsMode.Term, "DERIVATIVES sells by term");
  c.say(
    `[7b] the creator set its own terms anonymously (royalty-claim proof of its creator tag, context bound to the ` +
      `terms and the terms nonce; sent by a relayer): DERIVATIVES 30-day licenses at 100 zUSD ` +
      `(${gas.setTermsTerm} gas), PUBLISH by the copy from 2 zUSD + 0.01 per copy sold (${gas.setTermsVolume} gas)`,
  );

  // [7c] two newly enrolled licensees buy in zUSD: a term license and a volume license of 10 copies.
  const keys = c.roles.licensees.map((_, i) => path.join(p.keysDir, `market-licensee-${i + 1}.key.json`));
  for (const k of keys) {
    writeKeyFile(k, newKey("licensee"), { force: true });
    await addLicensee(p, as(c.roles.kyc), licenseeCommitment(k));
  }
  await snapshotRegistry(p, {});
  /** `prove licensee --to` then `license --units N`: a licensee's bundle for `right`, then the purchase. */
  const buy = async (i: number, right: bigint, quantity: bigint, name: string) => {
    const account = c.roles.licensees[i]!;
    const who = c.accounts[account]!;
    const proof = await proveLicenseeFiles({
      licenseeKeyFile: keys[i]!,
      licenseeTreeFile: snapshotPath(p, "licensee"),
      tokenId: c.tokenId,
      usageRights: right,
      context: licenseContextFor(dep, who, c.tokenId, right),
      chainId: BigInt(dep.chainId),
    });
    const files = writeProofFiles(path.join(c.outDir, name, "bundle.json"), proof, { force: true });
    return purchaseLicense(p, as(account), files.bundle, { quantity });
  };
  const costs: bigint[] = [];
  for (const [i, [right, quantity, name]] of (
    [
      [DERIVATIVES, 1n, "termLicense"],
      [PUBLISH, 10n, "volumeLicense"],
    ] as const
  ).entries()) {
    const who = c.accounts[c.roles.licensees[i]!]!;
    // The dev stablecoin: anyone may mint it on the dev chain (the CLI has no command for it).
    await send(0, "mint zUSD", async (_s, usd) => mined(await usd.getFunction("mint")(who, 1_000n * USD)));
    const bought = await buy(i, right, quantity, `market-${name}`);
    gas[name] = Number(bought.gas);
    costs.push(bought.cost);
    const rights = await read(
      async (s) => (await s.contracts.licenseGate.getFunction("licensedRights")(c.tokenId, who)) as bigint,
    );
    c.check((rights & right) === right, "the license is in force");
  }
  c.check(costs[0] === 100n * USD && costs[1] === 20n * USD + 45n * (USD / 100n), "the prices follow the terms");
  const volumeBuyer = c.accounts[c.roles.licensees[1]]!;
  // Units used are reported by the licensee (the CLI has no command for it).
  const used = await send(c.roles.licensees[1], "use units", async (s) =>
    mined(await s.contracts.licenseGate.getFunction("useUnits")(c.tokenId, PUBLISH, volumeBuyer, 3n, ZERO32)),
  );
  gas.volumeUse = Number(used.gas);
  const left = await read(
    async (s) =>
      ((await s.contracts.licenseGate.getFunction("holdingOf")(c.tokenId, volumeBuyer, PUBLISH)) as { units: bigint })
        .units,
  );
  c.check(left === 7n, "7 copies are left after 3 were reported used");
  c.say(
    `[7c] two new licensees paid in zUSD: a 30-day DERIVATIVES license for ${Number(costs[0]) / 1e6} zUSD ` +
      `(${gas.termLicense} gas) and 10 PUBLISH copies for ${Number(costs[1]) / 1e6} zUSD (${gas.volumeLicense} gas); ` +
      `3 copies reported used (${gas.volumeUse} gas; usage is reported by the licensee, not observed), 7 left`,
  );

  // [7d] a resale in zUSD pays its ERC-2981 royalty in zUSD; the creator issues 30 % royalty shares.
  const marketplace = c.accounts[c.roles.marketplace]!;
  const royalty = await read(
    async (s) =>
      ((await s.contracts.mintGate.getFunction("royaltyInfo")(c.tokenId, c.salePrice)) as [string, bigint])[1],
  );
  // `royalty pay --currency zUSD`: approve the vault for the royalty, then depositToken.
  await send(0, "mint zUSD", async (_s, usd) => mined(await usd.getFunction("mint")(marketplace, royalty)));
  await payRoyaltyInToken(p, as(c.roles.marketplace), c.tokenId, "zUSD", royalty);
  const holder = c.accounts[c.roles.holder]!;
  const issued = await issueSharesAsCreator(p, as(c.roles.relayer), c.creator, [holder], [3_000n * 10n ** 18n]);
  gas.shareIssue = Number(issued.gas);
  // Revenue after the issue: the next PUBLISH top-up (5 copies) is shared with the holder.
  const before = await read(
    async (s) => (await s.contracts.royaltyVault.getFunction("accruedIn")(c.tokenId, usdAddr)) as bigint,
  );
  c.say(
    `[7d] a ${Number(c.salePrice) / 1e6} zUSD resale paid a ${Number(royalty) / 1e6} zUSD ERC-2981 royalty into the ` +
      `vault; the creator issued 30 % of its revenue as transferable shares (one ERC-20 clone per token) to ` +
      `${holder.slice(0, 10)}… (${gas.shareIssue} gas): revenue earned before stays the creator's`,
  );
  const topUp = await buy(1, PUBLISH, 5n, "market-volumeTopUp");
  gas.volumeTopUp = Number(topUp.gas);

  // [7e] the holder (`shares claim`) and the licensor claim their zUSD.
  const bps = c.licensor.bps;
  const lic = (x: bigint) => (x * bps) / 10_000n;
  const after = before + topUp.cost;
  const holderExpected = ((topUp.cost - (lic(after) - lic(before))) * 3n) / 10n;
  const holderBefore = await balanceOf(holder);
  const holderClaim = await claimShares(p, as(c.roles.holder), c.tokenId, "zUSD");
  gas.shareClaim = Number(holderClaim.gas);
  const holderGot = (await balanceOf(holder)) - holderBefore;
  c.check(
    holderGot === holderExpected && holderClaim.amount === holderGot,
    "the holder received 30 % of the creator part earned after the issue",
  );
  // `royalty claim BUNDLE --to RECIPIENT --currency zUSD`, with the licensor's bundle of its ETH claim.
  const licBefore = await balanceOf(c.licensor.recipient);
  const licClaim = await claimRoyalty(p, as(c.roles.relayer), c.licensor.claimBundleFile, c.licensor.recipient, "zUSD");
  c.check(licClaim.payee === "licensor" && licClaim.currency === usdAddr, "the licensor claimed in zUSD");
  gas.licensorClaimUsd = Number(licClaim.gas);
  const licensorGot = (await balanceOf(c.licensor.recipient)) - licBefore;
  c.check(
    licensorGot === lic(after) && licClaim.amount === licensorGot,
    `the licensor received exactly its ${bps} bps of every zUSD`,
  );
  c.say(
    `[7e] after 5 more copies (${Number(topUp.cost) / 1e6} zUSD, ${gas.volumeTopUp} gas) the holder claimed ` +
      `${Number(holderGot) / 1e6} zUSD (30 % of the creator part since the issue, ${gas.shareClaim} gas) and the ` +
      `licensor ${Number(licensorGot) / 1e6} zUSD (its ${bps} bps of all ${Number(after) / 1e6} zUSD, undiluted by ` +
      `the shares, ${gas.licensorClaimUsd} gas, with the bundle of its ETH claim); the creator's anonymous claim ` +
      `covers the unissued 70 %`,
  );
  // The creator part before the issue is all the creator's; of the part after it, the unissued 70 %.
  const creatorPart = (x: bigint) => x - lic(x);
  const creatorOwed = creatorPart(before) + ((creatorPart(after) - creatorPart(before)) * 7n) / 10n;
  return {
    termLicenseCost: costs[0]!.toString(),
    volumeLicenseCost: costs[1]!.toString(),
    resaleRoyalty: royalty.toString(),
    holderClaimed: holderGot.toString(),
    licensorClaimed: licensorGot.toString(),
    creatorOwed: creatorOwed.toString(),
    gas,
  };
}

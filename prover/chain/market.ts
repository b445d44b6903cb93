// The market on the gates: creator-set terms (proven anonymously with the royalty-claim circuit, the context
// binding the terms and the token's terms nonce), term and volume license purchases in ETH or an allowlisted
// ERC-20, royalty share issues and holder claims. The CLI commands `terms`, `license --units/--until` and
// `shares` are one call each into this module.
import { Contract, getAddress, isAddress, ZeroAddress, type ContractRunner } from "ethers";
import { parsePublicSignals } from "../../core/codecs.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { shareIssueContext, termsContext, termsTuple, TermsMode, type Terms } from "../../core/market-context.ts";
import { toSolidityProof, type Groth16Proof } from "../../core/proof.ts";
import { proveRoyaltyClaimFiles, readBundleFile } from "../workflows.ts";
import type { ChainOptions } from "./connect.ts";
import type { Project } from "./project.ts";
import { mined, minedWithEvents, withDeployment, type Mined, type Session } from "./session.ts";
import { MODE_NAMES } from "./modes.ts";
import type { ProofBundle } from "../../core/formats/bundle.ts";

const ERC20_ABI = [
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function balanceOf(address account) view returns (uint256)",
];

/** An ERC-20 by the standard interface. */
export function erc20(address: string, runner: ContractRunner): Contract {
  return new Contract(address, ERC20_ABI, runner);
}

export { MODE_NAMES } from "./modes.ts";

/**
 * A currency by symbol ("ETH", "zUSD") or address, checked against the vault's allowlist. For a claim
 * (`forClaim`), any currency the vault ever listed will do: removing a currency stops deposits, never claims.
 *
 * @throws {InvalidInputError} naming the currency if it is not ETH and not allowlisted (or, for a claim, never
 *   listed), or the symbol is ambiguous.
 * @example const usd = await resolveCurrency(session, "zUSD")
 */
export async function resolveCurrency(s: Session, currency: string, forClaim = false): Promise<string> {
  const spec: string = currency;
  if (/^eth$/i.test(spec) || spec === ZeroAddress) return ZeroAddress;
  const listed = ((await s.contracts.royaltyVault.getFunction("currencies")()) as string[]).map((a) => getAddress(a));
  const usable = async (a: string) =>
    forClaim ? listed.includes(a) : ((await s.contracts.royaltyVault.getFunction("isCurrencyAllowed")(a)) as boolean);
  const what = forClaim ? "listed" : "allowlisted";
  if (/^0x[0-9a-fA-F]{40}$/.test(spec)) {
    const a = getAddress(spec.toLowerCase());
    if (!(await usable(a))) throw new InvalidInputError(`currency ${a} is not ${what} by the vault`);
    return a;
  }
  const matches: string[] = [];
  for (const a of listed) {
    if (!(await usable(a))) continue;
    const symbol = (await erc20(a, s.signer).getFunction("symbol")()) as string;
    if (symbol.toLowerCase() === spec.toLowerCase()) matches.push(a);
  }
  if (matches.length === 0)
    throw new InvalidInputError(`no ${what} currency has the symbol ${JSON.stringify(spec)} (give ETH or an address)`);
  if (matches.length > 1)
    throw new InvalidInputError(`symbol ${JSON.stringify(spec)} names ${matches.length} currencies: give its address`);
  return matches[0]!;
}

/** What a creator's proof for a token needs: its key, the asset's provenance bundle and the blinding file. */
export interface CreatorProofFiles {
  keyFile: string;
  provenanceBundleFile: string;
  blindingFile: string;
}

const solidity = (b: { proof: unknown }) => toSolidityProof(b.proof as Groth16Proof);

/** The token id and payee tags of a provenance bundle. */
function tokenOf(bundleFile: string): { tokenId: bigint; tags: [bigint, bigint] } {
  const s = parsePublicSignals("provenance", readBundleFile(bundleFile, "provenance").publicSignals);
  return { tokenId: s.assetHash, tags: [s.creatorTag, s.licensorTag] };
}

/**
 * Set the terms of `rights` of the bundle's token: read the token's terms nonce, prove the creator tag for
 * the terms context (no identity revealed), submit. Any account may send it.
 *
 * @throws {InvalidInputError} if the key and blinding are not the creator's of the bundle.
 * @throws {ContractRevertError} e.g. `LicenseInvalidTerms(fault)`, `LicenseCurrencyNotAllowed(currency)`.
 * @example await setTermsAsCreator(project, {}, files, 2n, { ...terms, currency: "zUSD" })
 */
export async function setTermsAsCreator(
  p: Project,
  o: ChainOptions,
  files: CreatorProofFiles,
  rights: bigint,
  terms: Omit<Terms, "currency"> & { currency: string },
): Promise<Mined & { tokenId: bigint; nonce: bigint; terms: Terms }> {
  const { tokenId, tags } = tokenOf(files.provenanceBundleFile);
  return withDeployment(p, o, "terms set", async (s) => {
    const t: Terms = { ...terms, currency: await resolveCurrency(s, terms.currency) };
    const nonce = (await s.contracts.licenseGate.getFunction("termsNonce")(tokenId)) as bigint;
    const context = termsContext(
      BigInt(s.deployment.chainId),
      s.deployment.contracts.licenseGate,
      tokenId,
      rights,
      nonce,
      t,
    );
    const r = await proveRoyaltyClaimFiles({ ...files, context, chainId: BigInt(s.deployment.chainId) });
    const nullifier = BigInt(r.bundle.signals.nullifier as string);
    const tx = await mined(
      await s.contracts.licenseGate.getFunction("setTerms")(
        tokenId,
        rights,
        termsTuple(t),
        solidity(r),
        nullifier,
        tags,
      ),
    );
    return { ...tx, tokenId, nonce, terms: t };
  });
}

/** One right's terms as `terms show` prints them. */
export interface RightTerms {
  right: bigint;
  mode: (typeof MODE_NAMES)[number];
  terms: Terms;
  sold: bigint;
  /** Cost of one license, period or unit now, and its currency (absent if the right is closed). */
  next?: { currency: string; cost: bigint };
}

/**
 * The terms of every granted right of `tokenId`.
 *
 * @example const rights = await showTerms(project, {}, tokenId)
 */
export async function showTerms(p: Project, o: ChainOptions, tokenId: bigint): Promise<RightTerms[]> {
  return withDeployment(p, o, "terms show", async (s) => {
    const record = (await s.contracts.mintGate.getFunction("tokenRecord")(tokenId)) as { grantedRights: bigint };
    const granted = BigInt(record.grantedRights);
    if (granted === 0n) throw new InvalidInputError(`no token ${tokenId} was minted on this deployment`);
    const out: RightTerms[] = [];
    for (let bit = 0n; granted >> bit !== 0n; bit++) {
      const right = 1n << bit;
      if ((granted & right) === 0n) continue;
      const raw = (await s.contracts.licenseGate.getFunction("termsOf")(tokenId, right)) as unknown[];
      const terms: Terms = {
        mode: Number(raw[0]),
        pricing: Number(raw[1]),
        currency: raw[2] as string,
        duration: BigInt(raw[3] as bigint),
        unit: raw[4] as string,
        price: BigInt(raw[5] as bigint),
        slope: BigInt(raw[6] as bigint),
      };
      const sold = (await s.contracts.licenseGate.getFunction("soldOf")(tokenId, right)) as bigint;
      const entry: RightTerms = { right, mode: MODE_NAMES[terms.mode]!, terms, sold };
      if (terms.mode !== TermsMode.Closed) {
        const [currency, cost] = (await s.contracts.licenseGate.getFunction("quote")(tokenId, right, 1n)) as [
          string,
          bigint,
        ];
        entry.next = { currency, cost };
      }
      out.push(entry);
    }
    return out;
  });
}

/** How much of a license to buy: a quantity, or (term licenses) periods enough to run until a time. */
export type PurchaseAmount = { quantity: bigint } | { until: bigint };

/**
 * Buy (or renew, or top up) a license with a licensee bundle under the token's terms: in ETH the exact cost
 * is sent; in an ERC-20 the gate is approved for the cost first if needed. `until` buys the fewest periods
 * of a term license that keep it in force until that time.
 *
 * @throws {InvalidInputError} if `until` is given for a right that is not sold by term, or is already covered.
 * @throws {ContractRevertError} e.g. `LicenseCostAboveMax`, `LicenseNullifierUsed`, `LicenseNotOffered`.
 * @example await purchaseLicense(project, { account: 4 }, "bundles/license.json", { quantity: 10n })
 */
export async function purchaseLicense(
  p: Project,
  o: ChainOptions,
  bundleFile: string,
  amount: PurchaseAmount,
  maxCost?: bigint,
): Promise<
  Mined & { tokenId: bigint; usage: bigint; quantity: bigint; currency: string; cost: bigint; licensee: string }
> {
  const b: ProofBundle = readBundleFile(bundleFile, "licensee");
  const sig = parsePublicSignals("licensee", b.publicSignals);
  return withDeployment(p, o, "license", async (s) => {
    const gate = s.contracts.licenseGate;
    let quantity: bigint;
    if ("until" in amount) {
      const raw = (await gate.getFunction("termsOf")(sig.tokenId, sig.usageRights)) as unknown[];
      if (Number(raw[0]) !== TermsMode.Term)
        throw new InvalidInputError(`--until needs a right sold by term; right ${sig.usageRights} is not`);
      const duration = BigInt(raw[3] as bigint);
      const holding = (await gate.getFunction("holdingOf")(sig.tokenId, s.from, sig.usageRights)) as unknown[];
      const now = BigInt((await s.chain.provider.getBlock("latest"))!.timestamp) + 1n;
      const start = BigInt(holding[0] as bigint) > now ? BigInt(holding[0] as bigint) : now;
      if (amount.until <= start)
        throw new InvalidInputError(`the license is already in force until ${start}, past --until ${amount.until}`);
      quantity = (amount.until - start + duration - 1n) / duration;
    } else quantity = amount.quantity;
    const [currency, cost] = (await gate.getFunction("quote")(sig.tokenId, sig.usageRights, quantity)) as [
      string,
      bigint,
    ];
    if (maxCost !== undefined && cost > maxCost)
      throw new InvalidInputError(`the license costs ${cost}, above --max-cost ${maxCost}`);
    if (currency !== ZeroAddress && cost > 0n) {
      const token = erc20(currency, s.signer);
      const allowance = (await token.getFunction("allowance")(s.from, s.deployment.contracts.licenseGate)) as bigint;
      if (allowance < cost) await mined(await token.getFunction("approve")(s.deployment.contracts.licenseGate, cost));
    }
    const tx = await mined(
      await gate.getFunction("purchase")(
        sig.tokenId,
        sig.usageRights,
        quantity,
        maxCost ?? cost,
        solidity(b),
        b.publicSignals.map(BigInt),
        { value: currency === ZeroAddress ? cost : 0n },
      ),
    );
    return { ...tx, tokenId: sig.tokenId, usage: sig.usageRights, quantity, currency, cost, licensee: s.from };
  });
}

/**
 * Issue royalty share units of the bundle's token to `recipients`: prove the creator tag for the issue's
 * context (token, share nonce, recipients, amounts), submit. The first issue creates the token's share ERC-20.
 *
 * @throws {InvalidInputError} if recipients and amounts differ in number.
 * @throws {ContractRevertError} e.g. `VaultSharesExceedUnissued(tokenId, requested, unissued)`.
 * @example await issueSharesAsCreator(project, {}, files, [holder], [3000n * 10n ** 18n])
 */
export async function issueSharesAsCreator(
  p: Project,
  o: ChainOptions,
  files: CreatorProofFiles,
  recipients: string[],
  amounts: bigint[],
): Promise<Mined & { tokenId: bigint; shareToken: string; unissued: bigint }> {
  if (recipients.length === 0 || recipients.length !== amounts.length)
    throw new InvalidInputError(
      `give as many share amounts as recipients (${recipients.length} and ${amounts.length})`,
    );
  const { tokenId, tags } = tokenOf(files.provenanceBundleFile);
  return withDeployment(p, o, "shares issue", async (s) => {
    const vault = s.contracts.royaltyVault;
    const nonce = (await vault.getFunction("shareNonce")(tokenId)) as bigint;
    const context = shareIssueContext(
      BigInt(s.deployment.chainId),
      s.deployment.contracts.royaltyVault,
      tokenId,
      nonce,
      recipients,
      amounts,
    );
    const r = await proveRoyaltyClaimFiles({ ...files, context, chainId: BigInt(s.deployment.chainId) });
    const nullifier = BigInt(r.bundle.signals.nullifier as string);
    const tx = await mined(
      await vault.getFunction("issueShares")(tokenId, recipients, amounts, solidity(r), nullifier, tags),
    );
    return {
      ...tx,
      tokenId,
      shareToken: (await vault.getFunction("shareToken")(tokenId)) as string,
      unissued: (await vault.getFunction("unissuedShares")(tokenId)) as bigint,
    };
  });
}

/**
 * Claim what the signer's royalty shares of `tokenId` earned in `currency` (symbol or address).
 *
 * @throws {ContractRevertError} `VaultHolderNothingOwed(tokenId, account, currency)` if nothing is owed.
 * @example const { amount } = await claimShares(project, { account: 7 }, tokenId, "zUSD")
 */
export async function claimShares(
  p: Project,
  o: ChainOptions,
  tokenId: bigint,
  currencySpec: string,
): Promise<Mined & { currency: string; amount: bigint; holder: string }> {
  return withDeployment(p, o, "shares claim", async (s) => {
    const currency = isAddress(currencySpec) ? getAddress(currencySpec) : await resolveCurrency(s, currencySpec, true);
    const { mined: tx, events } = await minedWithEvents(
      await s.contracts.royaltyVault.getFunction("claimHolder")(tokenId, currency),
    );
    const amount = (events.find((e) => e.eventName === "HolderClaimed")?.args.amount as bigint | undefined) ?? 0n;
    return { ...tx, currency, amount, holder: s.from };
  });
}

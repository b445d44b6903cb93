// The market on the gates: creator-set terms (proven anonymously with the royalty-claim circuit, the context
// binding the terms and the token's terms nonce), term and volume license purchases in ETH or an allowlisted
// ERC-20, royalty share issues and holder claims. The CLI commands `terms`, `license --units/--until` and
// `shares` are one call each into this module.
import { getAddress, isAddress, ZeroAddress } from "ethers";
import { parsePublicSignals } from "../../core/codecs.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { shareIssueContext, termsContext, termsTuple, TermsMode, type Terms } from "../../core/market-context.ts";
import { toSolidityProof, type Groth16Proof } from "../../core/proof.ts";
import { proveRoyaltyClaimFiles, readBundleFile } from "../workflows.ts";
import type { ChainOptions } from "./connect.ts";
import type { Project } from "./project.ts";
import { erc20, resolveCurrency } from "./currencies.ts";
import { mined, minedWithEvents, withDeployment, type Mined } from "./session.ts";
import { MODE_NAMES } from "./modes.ts";
import type { ProofBundle } from "../../core/formats/bundle.ts";

export { MODE_NAMES } from "./modes.ts";
// Kept here for callers that found them in this module; they live in ./currencies.ts.
export { erc20, resolveCurrency } from "./currencies.ts";

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
        tier: BigInt(raw[7] as bigint),
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

/**
 * How much of a license to buy, for each right bit of the bundle's usage: `perRight` names a quantity per right
 * (mask of one bit); `until` buys the fewest periods that keep each term right in force until that time;
 * `quantity` is for every other right. A perpetual right, or one on the regulator's schedule, takes 1 when
 * nothing names it.
 */
export interface PurchaseAmount {
  quantity?: bigint;
  until?: bigint;
  perRight?: ReadonlyMap<bigint, bigint>;
}

/** One right bit of a purchase and the quantity bought of it. */
export interface RightQuantity {
  right: bigint;
  quantity: bigint;
}

/**
 * Buy (or renew, or top up) a license with a licensee bundle under the token's terms, one transaction for every
 * right bit of the bundle's usage (`purchaseEach`): each bit priced by its own terms, the total computed by the
 * gate (`quoteEach`), all in one currency. In ETH the exact cost is sent; in an ERC-20 the gate is approved for
 * the cost first if needed.
 *
 * @throws {InvalidInputError} naming the right when `until` is given and no right is sold by term, a term right
 *   is already in force past it, `perRight` names a right outside the usage, or a right has no quantity;
 *   naming `maxCost` when the cost is above it.
 * @throws {ContractRevertError} e.g. `LicenseMixedCurrencies`, `LicenseNullifierUsed`, `LicenseNotOffered`.
 * @example await purchaseLicense(project, { account: 4 }, "bundles/license.json", { quantity: 10n })
 */
export async function purchaseLicense(
  p: Project,
  o: ChainOptions,
  bundleFile: string,
  amount: PurchaseAmount,
  maxCost?: bigint,
): Promise<
  Mined & {
    tokenId: bigint;
    usage: bigint;
    /** The quantity of a one-right purchase. */
    quantity?: bigint;
    quantities: RightQuantity[];
    currency: string;
    cost: bigint;
    licensee: string;
  }
> {
  const b: ProofBundle = readBundleFile(bundleFile, "licensee");
  const sig = parsePublicSignals("licensee", b.publicSignals);
  const usage = sig.usageRights;
  for (const right of amount.perRight?.keys() ?? [])
    if ((usage & right) !== right)
      throw new InvalidInputError(`--units names right ${right}, which the bundle does not license (usage ${usage})`);
  return withDeployment(p, o, "license", async (s) => {
    const gate = s.contracts.licenseGate;
    const now = BigInt((await s.chain.provider.getBlock("latest"))!.timestamp) + 1n;
    const quantities: RightQuantity[] = [];
    let termRights = 0;
    for (let right = 1n; right <= usage; right <<= 1n) {
      if ((usage & right) === 0n) continue;
      const raw = (await gate.getFunction("termsOf")(sig.tokenId, right)) as unknown[];
      const mode = Number(raw[0]);
      let quantity = amount.perRight?.get(right);
      if (mode === TermsMode.Term) termRights++;
      if (quantity === undefined && mode === TermsMode.Term && amount.until !== undefined) {
        const duration = BigInt(raw[3] as bigint);
        const holding = (await gate.getFunction("holdingOf")(sig.tokenId, s.from, right)) as unknown[];
        const start = BigInt(holding[0] as bigint) > now ? BigInt(holding[0] as bigint) : now;
        if (amount.until <= start)
          throw new InvalidInputError(
            `the license of right ${right} is already in force until ${start}, past --until ${amount.until}`,
          );
        quantity = (amount.until - start + duration - 1n) / duration;
      }
      quantity ??= amount.quantity;
      if (quantity === undefined && (mode === TermsMode.Default || mode === TermsMode.Perpetual)) quantity = 1n;
      if (quantity === undefined)
        throw new InvalidInputError(
          `right ${right} is sold by ${MODE_NAMES[mode]}: give its quantity (--units N or --units ${right}=N)`,
        );
      quantities.push({ right, quantity });
    }
    if (amount.until !== undefined && termRights === 0)
      throw new InvalidInputError(`--until needs a right sold by term; right ${usage} is not`);
    const q = quantities.map((x) => x.quantity);
    const [currency, cost] = (await gate.getFunction("quoteEach")(sig.tokenId, usage, q)) as [string, bigint];
    if (maxCost !== undefined && cost > maxCost)
      throw new InvalidInputError(`the license costs ${cost}, above --max-cost ${maxCost}`);
    if (currency !== ZeroAddress && cost > 0n) {
      const token = erc20(currency, s.signer);
      const allowance = (await token.getFunction("allowance")(s.from, s.deployment.contracts.licenseGate)) as bigint;
      if (allowance < cost) await mined(await token.getFunction("approve")(s.deployment.contracts.licenseGate, cost));
    }
    const tx = await mined(
      await gate.getFunction("purchaseEach")(
        sig.tokenId,
        usage,
        q,
        maxCost ?? cost,
        solidity(b),
        b.publicSignals.map(BigInt),
        { value: currency === ZeroAddress ? cost : 0n },
      ),
    );
    return {
      ...tx,
      tokenId: sig.tokenId,
      usage,
      ...(quantities.length === 1 ? { quantity: quantities[0]!.quantity } : {}),
      quantities,
      currency,
      cost,
      licensee: s.from,
    };
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

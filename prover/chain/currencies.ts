// The vault's currencies: ETH, and the ERC-20s the regulator allowlists (at most RoyaltyVault.MAX_CURRENCIES).
// Listing them, allowlisting one (the regulator's account signs), and paying royalties in one.
import { getAddress, isAddress, ZeroAddress } from "ethers";
import { InvalidInputError } from "../../core/errors.ts";
import type { ChainOptions } from "./connect.ts";
import { erc20, resolveCurrency } from "./market.ts";
import type { Project } from "./project.ts";
import { mined, withDeployment, type Mined } from "./session.ts";

/** One currency the vault has listed, as `currency list` prints it. */
export interface VaultCurrency {
  address: string;
  symbol: string;
  decimals: number;
  /** False once the regulator removed it: no new deposits, claims still paid. */
  allowed: boolean;
}

/**
 * ETH and every ERC-20 the vault has listed, with its symbol, decimals and whether deposits are allowed.
 *
 * @example const [eth, usd] = await listCurrencies(project, {})
 */
export async function listCurrencies(p: Project, o: ChainOptions): Promise<VaultCurrency[]> {
  return withDeployment(p, o, "currency list", async (s) => {
    const vault = s.contracts.royaltyVault;
    const listed = (await vault.getFunction("currencies")()) as string[];
    const out: VaultCurrency[] = [{ address: ZeroAddress, symbol: "ETH", decimals: 18, allowed: true }];
    for (const a of listed) {
      const token = erc20(a, s.signer);
      out.push({
        address: getAddress(a),
        symbol: (await token.getFunction("symbol")()) as string,
        decimals: Number(await token.getFunction("decimals")()),
        allowed: (await vault.getFunction("isCurrencyAllowed")(a)) as boolean,
      });
    }
    return out;
  });
}

/**
 * Allowlist (or remove) an ERC-20 in the vault: the regulator's account must sign. Removing one stops new
 * deposits and terms in it; what it already holds stays claimable.
 *
 * @throws {InvalidInputError} if `currency` is not an address.
 * @throws {ContractRevertError} e.g. `VaultInvalidCurrency(currency)` (no contract there), `VaultTooManyCurrencies`,
 *   or a role error when the signer is not the regulator.
 * @example await setCurrencyAllowed(project, { account: 0 }, "0x5FbD…", true)
 */
export async function setCurrencyAllowed(
  p: Project,
  o: ChainOptions,
  currency: string,
  allowed: boolean,
): Promise<Mined & { currency: string; allowed: boolean; symbol: string }> {
  if (!isAddress(currency))
    throw new InvalidInputError(`the currency must be an ERC-20 address (0x and 40 hex digits), got ${currency}`);
  const address = getAddress(currency.toLowerCase());
  return withDeployment(p, o, allowed ? "currency allow" : "currency disallow", async (s) => {
    const code = await s.chain.provider.getCode(address);
    if (code === "0x") throw new InvalidInputError(`no contract at ${address}: it cannot be a currency`);
    let symbol: string;
    try {
      symbol = (await erc20(address, s.signer).getFunction("symbol")()) as string;
    } catch {
      throw new InvalidInputError(`the contract at ${address} does not answer ERC-20 symbol(): not a currency`);
    }
    const tx = await mined(await s.contracts.royaltyVault.getFunction("setCurrencyAllowed")(address, allowed));
    return { ...tx, currency: address, allowed, symbol };
  });
}

/**
 * Pay royalties for `tokenId` into the vault in an allowlisted ERC-20 (`amount` in its base units): approve the
 * vault for exactly `amount`, then `depositToken`. The vault credits what arrived.
 *
 * @throws {InvalidInputError} if the currency is not allowlisted, or the signer holds less than `amount`.
 * @throws {ContractRevertError} e.g. `VaultUnknownToken`, `VaultZeroDeposit`.
 * @example await payRoyaltyInToken(project, { account: 6 }, tokenId, "zUSD", 5_000_000n)
 */
export async function payRoyaltyInToken(
  p: Project,
  o: ChainOptions,
  tokenId: bigint,
  currency: string,
  amount: bigint,
): Promise<Mined & { currency: string; accrued: bigint }> {
  return withDeployment(p, o, "royalty pay", async (s) => {
    const address = await resolveCurrency(s, currency);
    if (address === ZeroAddress) throw new InvalidInputError("pay ETH royalties without --currency");
    const token = erc20(address, s.signer);
    const balance = (await token.getFunction("balanceOf")(s.from)) as bigint;
    if (balance < amount)
      throw new InvalidInputError(`account ${s.from} holds ${balance} base units of ${address}, less than ${amount}`);
    await mined(await token.getFunction("approve")(await s.contracts.royaltyVault.getAddress(), amount));
    const tx = await mined(await s.contracts.royaltyVault.getFunction("depositToken")(tokenId, address, amount));
    const accrued = (await s.contracts.royaltyVault.getFunction("accruedIn")(tokenId, address)) as bigint;
    return { ...tx, currency: address, accrued };
  });
}

// The vault's currencies: ETH, and the ERC-20s the regulator allowlists (at most RoyaltyVault.MAX_CURRENCIES).
// One place reads an ERC-20's symbol and decimals (`describeErc20`) and the vault's list with them
// (`vaultCurrencies`); resolving a currency by symbol or address, listing them, allowlisting one (the
// regulator's account signs) and paying royalties in one all go through those two.
import { Contract, getAddress, isAddress, parseUnits, ZeroAddress, type ContractRunner } from "ethers";
import { InvalidInputError } from "../../core/errors.ts";
import type { ChainOptions } from "./connect.ts";
import type { Project } from "./project.ts";
import { mined, withDeployment, type Mined, type Session } from "./session.ts";

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

/** One currency the vault has listed (or ETH), as `currency list` prints it. */
export interface VaultCurrency {
  address: string;
  symbol: string;
  decimals: number;
  /** False once the regulator removed it: no new deposits, claims still paid. */
  allowed: boolean;
}

/** ETH as a vault currency: always allowed, 18 decimals. */
export const ETH: VaultCurrency = Object.freeze({ address: ZeroAddress, symbol: "ETH", decimals: 18, allowed: true });

/**
 * The symbol and decimals of the ERC-20 at `address`.
 *
 * @throws {InvalidInputError} if no contract is there, or it does not answer `symbol()` and `decimals()`.
 * @example const { symbol, decimals } = await describeErc20(session, usd)
 */
export async function describeErc20(s: Session, address: string): Promise<{ symbol: string; decimals: number }> {
  if ((await s.chain.provider.getCode(address)) === "0x")
    throw new InvalidInputError(`no contract at ${address}: it cannot be a currency`);
  const token = erc20(address, s.signer);
  try {
    const [symbol, decimals] = await Promise.all([token.getFunction("symbol")(), token.getFunction("decimals")()]);
    return { symbol: symbol as string, decimals: Number(decimals) };
  } catch {
    throw new InvalidInputError(
      `the contract at ${address} does not answer ERC-20 symbol() and decimals(): not a currency`,
    );
  }
}

/**
 * Every ERC-20 the vault has listed, with symbol, decimals and whether deposits are allowed (ETH not included).
 *
 * @example const listed = await vaultCurrencies(session)
 */
export async function vaultCurrencies(s: Session): Promise<VaultCurrency[]> {
  const vault = s.contracts.royaltyVault;
  const listed = ((await vault.getFunction("currencies")()) as string[]).map((a) => getAddress(a));
  return Promise.all(
    listed.map(async (address) => ({
      address,
      ...(await describeErc20(s, address)),
      allowed: (await vault.getFunction("isCurrencyAllowed")(address)) as boolean,
    })),
  );
}

/**
 * A currency by symbol ("ETH", "zUSD") or address, with its symbol and decimals, checked against the vault's
 * allowlist. For a claim (`forClaim`), any currency the vault ever listed will do: removing a currency stops
 * deposits, never claims.
 *
 * @throws {InvalidInputError} naming the currency if it is not ETH and not allowlisted (or, for a claim, never
 *   listed), or the symbol is ambiguous.
 * @example const usd = await findCurrency(session, "zUSD")
 */
export async function findCurrency(s: Session, currency: string, forClaim = false): Promise<VaultCurrency> {
  const spec: string = currency;
  if (/^eth$/i.test(spec) || spec === ZeroAddress) return ETH;
  const usable = (await vaultCurrencies(s)).filter((c) => forClaim || c.allowed);
  const what = forClaim ? "listed" : "allowlisted";
  if (/^0x[0-9a-fA-F]{40}$/.test(spec)) {
    const a = getAddress(spec.toLowerCase());
    const found = usable.find((c) => c.address === a);
    if (!found) throw new InvalidInputError(`currency ${a} is not ${what} by the vault`);
    return found;
  }
  const matches = usable.filter((c) => c.symbol.toLowerCase() === spec.toLowerCase());
  if (matches.length === 0)
    throw new InvalidInputError(`no ${what} currency has the symbol ${JSON.stringify(spec)} (give ETH or an address)`);
  if (matches.length > 1)
    throw new InvalidInputError(`symbol ${JSON.stringify(spec)} names ${matches.length} currencies: give its address`);
  return matches[0]!;
}

/**
 * The address of a currency by symbol or address (`findCurrency`'s address; ETH is the zero address).
 *
 * @throws {InvalidInputError} as `findCurrency`.
 * @example const usd = await resolveCurrency(session, "zUSD")
 */
export async function resolveCurrency(s: Session, currency: string, forClaim = false): Promise<string> {
  return (await findCurrency(s, currency, forClaim)).address;
}

/**
 * ETH and every ERC-20 the vault has listed, with its symbol, decimals and whether deposits are allowed.
 *
 * @example const [eth, usd] = await listCurrencies(project, {})
 */
export async function listCurrencies(p: Project, o: ChainOptions): Promise<VaultCurrency[]> {
  return withDeployment(p, o, "currency list", async (s) => [ETH, ...(await vaultCurrencies(s))]);
}

/**
 * Allowlist (or remove) an ERC-20 in the vault: the regulator's account must sign. Removing one stops new
 * deposits and terms in it; what it already holds stays claimable.
 *
 * @throws {InvalidInputError} if `currency` is not an address, no contract is there, or it is not an ERC-20.
 * @throws {ContractRevertError} e.g. `VaultInvalidCurrency(currency)`, `VaultTooManyCurrencies`,
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
    const { symbol } = await describeErc20(s, address);
    const tx = await mined(await s.contracts.royaltyVault.getFunction("setCurrencyAllowed")(address, allowed));
    return { ...tx, currency: address, allowed, symbol };
  });
}

/**
 * Pay royalties for `tokenId` into the vault in an allowlisted ERC-20, in one chain session: resolve the currency
 * (symbol or address) once, read its decimals, take `amount` (base units, or a decimal string in the token's own
 * units such as "25.5"), approve the vault for exactly that and `depositToken`. The vault credits what arrived.
 *
 * @param amountName How the caller names the amount in errors (the CLI: "--amount").
 * @throws {InvalidInputError} if the currency is ETH or not allowlisted, the amount has more decimals than the
 *   token or is not a positive amount, or the signer holds less than it.
 * @throws {ContractRevertError} e.g. `VaultUnknownToken`, `VaultZeroDeposit`.
 * @example await payRoyaltyInToken(project, { account: 6 }, tokenId, "zUSD", "5")
 */
export async function payRoyaltyInToken(
  p: Project,
  o: ChainOptions,
  tokenId: bigint,
  currency: string,
  amount: bigint | string,
  amountName = "amount",
): Promise<Mined & { currency: string; symbol: string; decimals: number; amount: bigint; accrued: bigint }> {
  return withDeployment(p, o, "royalty pay", async (s) => {
    const c = await findCurrency(s, currency);
    if (c.address === ZeroAddress) throw new InvalidInputError("pay ETH royalties without --currency");
    const base = typeof amount === "bigint" ? amount : parseTokenAmount(amount, c, amountName);
    if (base <= 0n) throw new InvalidInputError(`${amountName} must be positive, got ${base} base units`);
    const token = erc20(c.address, s.signer);
    const balance = (await token.getFunction("balanceOf")(s.from)) as bigint;
    if (balance < base)
      throw new InvalidInputError(`account ${s.from} holds ${balance} base units of ${c.address}, less than ${base}`);
    const vault = s.contracts.royaltyVault;
    await mined(await token.getFunction("approve")(await vault.getAddress(), base));
    const tx = await mined(await vault.getFunction("depositToken")(tokenId, c.address, base));
    const accrued = (await vault.getFunction("accruedIn")(tokenId, c.address)) as bigint;
    return { ...tx, currency: c.address, symbol: c.symbol, decimals: c.decimals, amount: base, accrued };
  });
}

function parseTokenAmount(text: string, c: VaultCurrency, name: string): bigint {
  try {
    return parseUnits(text, c.decimals);
  } catch {
    throw new InvalidInputError(
      `${name} must be a ${c.symbol} amount with at most ${c.decimals} decimals, got ${JSON.stringify(text)}`,
    );
  }
}

// zkprov mint | license | royalty pay | royalty claim | currency: proofs submitted to the gates and the vault, and
// the vault's currency allowlist.
import { Command } from "commander";
import { InvalidInputError } from "../core/errors.ts";
import { emit, parseBigint } from "./output.ts";
import { parseUnitsOption } from "./rights.ts";
import { chainOptionsOf, projectOf } from "./session.ts";

// ethers, the chain code and the C2PA code load when a command runs, not to build the program (cli/README.md,
// fast start).
const ethers = () => import("ethers");
const gates = () => import("../prover/chain/gates.ts");
const currencies = () => import("../prover/chain/currencies.ts");

/** An address option, checksummed, named in the error. */
export async function parseAddress(value: string, name: string): Promise<string> {
  const { getAddress } = await ethers();
  try {
    return getAddress(value);
  } catch {
    throw new InvalidInputError(`${name} must be an address (0x and 40 hex digits), got ${JSON.stringify(value)}`);
  }
}

/** The `mint` command. */
export function mintCommand(): Command {
  return new Command("mint")
    .description("submit a provenance bundle, or an asset's embedded proof, to the mint gate: mints the token to --to")
    .argument("<bundle>", "provenance bundle (from `zkprov prove provenance --to`), or a JPEG/PNG with it embedded")
    .requiredOption("--to <address>", "the recipient the proof was made for")
    .action(async (bundle: string, o: { to: string }, cmd: Command) => {
      const [{ isC2paAssetFile, readAssetBundleFile }, { mintBundle }, { getAddress }] = await Promise.all([
        import("../prover/c2pa/files.ts"),
        gates(),
        ethers(),
      ]);
      // An image carries its proof as Content Credentials (docs/C2PA.md): checked, then minted like a bundle.
      const embedded = isC2paAssetFile(bundle) ? await readAssetBundleFile(bundle) : undefined;
      const r = await mintBundle(
        await projectOf(cmd),
        chainOptionsOf(cmd),
        embedded?.bundle ?? bundle,
        await parseAddress(o.to, "--to"),
      );
      emit(cmd, {
        ...(embedded
          ? { asset: bundle, manifest: embedded.manifestLabel, manifestStoreHash: embedded.manifestStoreHash }
          : {}),
        tokenId: r.tokenId,
        owner: getAddress(o.to),
        grantedRights: r.grantedRights,
        transaction: r.hash,
        gas: r.gas,
      });
    });
}

/** The `license` command. */
export function licenseCommand(): Command {
  return new Command("license")
    .description("license a token with a licensee bundle, paying the gate's exact fee; the signer is the licensee")
    .argument("<bundle>", "licensee bundle (from `zkprov prove licensee --to`)")
    .option("--value <wei>", "send this many wei instead of the gate's fee (the gate refuses any other amount)")
    .option(
      "--units <n|right=n,...>",
      "creator's terms: licenses, periods or units to buy (renews or tops up); per right: publish=10,commercial=2",
    )
    .option("--until <unix-time>", "creator's term licenses: buy the periods that keep them in force until then")
    .option("--max-cost <n>", "creator's terms: the most to pay, in the currency's base units")
    .action(
      async (bundle: string, o: { value?: string; units?: string; until?: string; maxCost?: string }, cmd: Command) => {
        if (o.units !== undefined || o.until !== undefined) {
          if (o.value !== undefined)
            throw new InvalidInputError(
              "--value is for the regulator's schedule: the gate computes the cost of --units and --until",
            );
          const units = o.units === undefined ? {} : parseUnitsOption(o.units, "--units");
          if ("quantity" in units && o.until !== undefined)
            throw new InvalidInputError(
              "give --units N or --until, not both (with --until, name the other rights' units: --units publish=10)",
            );
          const amount = { ...units, ...(o.until !== undefined ? { until: parseBigint(o.until, "--until") } : {}) };
          const maxCost = o.maxCost === undefined ? undefined : parseBigint(o.maxCost, "--max-cost");
          const { purchaseLicense } = await import("../prover/chain/market.ts");
          const r = await purchaseLicense(await projectOf(cmd), chainOptionsOf(cmd), bundle, amount, maxCost);
          const { hash, ...rest } = r;
          emit(cmd, { ...rest, transaction: hash });
          return;
        }
        if (o.maxCost !== undefined) throw new InvalidInputError("--max-cost goes with --units or --until");
        const value = o.value === undefined ? undefined : parseBigint(o.value, "--value");
        const { licenseBundle } = await gates();
        const r = await licenseBundle(await projectOf(cmd), chainOptionsOf(cmd), bundle, value);
        emit(cmd, {
          tokenId: r.tokenId,
          usage: r.usage,
          licensee: r.licensee,
          fee: r.fee,
          transaction: r.hash,
          gas: r.gas,
        });
      },
    );
}

/** The `royalty` command group. */
export function royaltyCommand(): Command {
  const royalty = new Command("royalty").description("royalties in the vault");
  royalty
    .command("pay")
    .description("pay royalties for a token into the vault, in ETH or an allowlisted ERC-20")
    .requiredOption("--token <id>", "token id (the asset hash)")
    .requiredOption("--amount <amount>", "amount in the currency's units, e.g. 0.1 (ETH) or 25 (zUSD)")
    .option("--currency <symbol|address>", "ETH, or an allowlisted ERC-20 by symbol (e.g. zUSD) or address", "ETH")
    .action(async (o: { token: string; amount: string; currency: string }, cmd: Command) => {
      const [{ payRoyalty }, { payRoyaltyInToken }, { formatEther, formatUnits, parseEther }] = await Promise.all([
        gates(),
        currencies(),
        ethers(),
      ]);
      const tokenId = parseBigint(o.token, "--token");
      const project = await projectOf(cmd);
      if (/^eth$/i.test(o.currency)) {
        let amount: bigint;
        try {
          amount = parseEther(o.amount);
        } catch {
          throw new InvalidInputError(`--amount must be an ETH amount such as 0.1, got ${JSON.stringify(o.amount)}`);
        }
        const r = await payRoyalty(project, chainOptionsOf(cmd), tokenId, amount);
        emit(cmd, {
          tokenId: o.token,
          currency: "ETH",
          paid: amount,
          accrued: r.accrued,
          accruedEth: formatEther(r.accrued),
          transaction: r.hash,
          gas: r.gas,
        });
        return;
      }
      // One session: the currency is resolved once and the amount read in its own decimals there.
      const r = await payRoyaltyInToken(project, chainOptionsOf(cmd), tokenId, o.currency, o.amount, "--amount");
      emit(cmd, {
        tokenId: o.token,
        currency: r.currency,
        symbol: r.symbol,
        paid: r.amount,
        accrued: r.accrued,
        accruedUnits: formatUnits(r.accrued, r.decimals),
        transaction: r.hash,
        gas: r.gas,
      });
    });
  royalty
    .command("claim")
    .description("claim a payee's share with a royalty-claim bundle, paid to --to (any account may send it)")
    .argument("<bundle>", "royalty-claim bundle (from `zkprov prove royalty-claim --to`)")
    .requiredOption("--to <address>", "the recipient the proof was made for")
    .option(
      "--currency <symbol|address>",
      "the balance to claim: ETH, or an ERC-20 the vault lists, by symbol or address (one bundle claims each)",
      "ETH",
    )
    .action(async (bundle: string, o: { to: string; currency: string }, cmd: Command) => {
      const [{ claimRoyalty }, { formatEther, getAddress, ZeroAddress }] = await Promise.all([gates(), ethers()]);
      const r = await claimRoyalty(
        await projectOf(cmd),
        chainOptionsOf(cmd),
        bundle,
        await parseAddress(o.to, "--to"),
        o.currency,
      );
      emit(cmd, {
        tokenId: r.tokenId,
        payee: r.payee,
        recipient: getAddress(o.to),
        currency: r.currency === ZeroAddress ? "ETH" : r.currency,
        amount: r.amount,
        ...(r.currency === ZeroAddress ? { amountEth: formatEther(r.amount) } : {}),
        transaction: r.hash,
        gas: r.gas,
      });
    });
  return royalty;
}

/** The `currency` command group: the vault's allowlist of ERC-20 currencies (the regulator's account signs changes). */
export function currencyCommand(): Command {
  const currency = new Command("currency").description(
    "the currencies the royalty vault takes (ETH and allowlisted ERC-20s)",
  );
  currency
    .command("list")
    .description("ETH and every ERC-20 the vault lists, with symbol, decimals and whether deposits are allowed")
    .action(async (_o: object, cmd: Command) => {
      const { listCurrencies } = await currencies();
      emit(cmd, { currencies: await listCurrencies(await projectOf(cmd), chainOptionsOf(cmd)) });
    });
  for (const [name, allowed] of [
    ["allow", true],
    ["disallow", false],
  ] as const)
    currency
      .command(name)
      .description(
        allowed
          ? "allowlist an ERC-20 for deposits, terms and claims (regulator's account; at most 8 currencies)"
          : "stop new deposits and terms in an ERC-20 (regulator's account); what the vault holds stays claimable",
      )
      .argument("<address>", "the ERC-20 contract's address")
      .action(async (address: string, _o: object, cmd: Command) => {
        const { setCurrencyAllowed } = await currencies();
        const r = await setCurrencyAllowed(await projectOf(cmd), chainOptionsOf(cmd), address, allowed);
        emit(cmd, { currency: r.currency, symbol: r.symbol, allowed: r.allowed, transaction: r.hash, gas: r.gas });
      });
  return currency;
}

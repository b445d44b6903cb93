// zkprov terms set | show and zkprov shares issue | claim: the market's creator actions (proven anonymously
// with the creator key) and the share holders' claims. Each command is one call into prover/chain/market.ts.
import { Command } from "commander";
import { InvalidInputError } from "../core/errors.ts";
import { MODE_NAMES } from "../prover/chain/modes.ts";
import { parseAddress } from "./market.ts";
import { parseRights } from "./rights.ts";
import { emit, parseBigint } from "./output.ts";
import { chainOptionsOf, projectOf } from "./session.ts";

// ethers and the market code load when a command runs, not to build the program (cli/README.md, fast start).
const ethers = () => import("ethers");
const market = () => import("../prover/chain/market.ts");

/** A duration: seconds, or a number with s, m, h or d. */
export function parseDuration(v: string, name: string): bigint {
  const m = /^([0-9]+)([smhd]?)$/.exec(v);
  if (!m)
    throw new InvalidInputError(
      `${name} must be seconds or a number with s, m, h or d (e.g. 30d), got ${JSON.stringify(v)}`,
    );
  return BigInt(m[1]!) * { "": 1n, s: 1n, m: 60n, h: 3600n, d: 86_400n }[m[2]! as "" | "s" | "m" | "h" | "d"];
}

/** A decimal amount in base units of `decimals` (e.g. 100.5 with 6 decimals), named in the error. */
async function parseAmount(v: string, decimals: number, name: string): Promise<bigint> {
  const { parseUnits } = await ethers();
  try {
    const x = parseUnits(v, decimals);
    if (x < 0n) throw new Error("negative");
    return x;
  } catch {
    throw new InvalidInputError(
      `${name} must be a non-negative decimal amount with at most ${decimals} decimals, got ${JSON.stringify(v)}`,
    );
  }
}

const creatorOptions = (c: Command) =>
  c
    .requiredOption("--key <file>", "creator key file")
    .requiredOption("--provenance <file>", "the asset's provenance bundle (names the token and its tags)")
    .requiredOption("--blinding <file>", "the blinding file written beside the provenance bundle");

/** The `terms` command group. */
export function termsCommand(): Command {
  const terms = new Command("terms").description("a token's license terms, set by its creator anonymously");
  creatorOptions(
    terms
      .command("set")
      .description("prove you are the token's creator (revealing nothing else) and set terms for --rights")
      .requiredOption("--rights <rights>", "rights the terms apply to: commercial, derivatives, ... or a mask")
      .requiredOption("--mode <mode>", `one of ${MODE_NAMES.join(", ")} (default = the regulator's schedule)`),
  )
    .option("--currency <symbol|address>", "ETH, or an allowlisted ERC-20 by symbol (e.g. zUSD) or address", "ETH")
    .option("--decimals <n>", "decimals of --price and --slope (default: 18 for ETH, else 6)")
    .option("--price <amount>", "price of the first license, period or unit", "0")
    .option(
      "--slope <amount>",
      "linear pricing: what each one sold adds to the next one's price (with --tier: each tier)",
    )
    .option("--tier <n>", "tiered pricing: how many sell at one price before it rises by --slope (e.g. 100)")
    .option("--duration <time>", "term licenses: one period, e.g. 30d")
    .option("--unit <name>", "volume licenses: what a unit is, e.g. copy, seat, inference")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const [{ setTermsAsCreator }, { Pricing }, { encodeBytes32String, ZeroAddress }] = await Promise.all([
        market(),
        import("../core/market-context.ts"),
        ethers(),
      ]);
      const mode = MODE_NAMES.indexOf(o.mode as (typeof MODE_NAMES)[number]);
      if (mode < 0)
        throw new InvalidInputError(`--mode must be one of ${MODE_NAMES.join(", ")}, got ${JSON.stringify(o.mode)}`);
      const eth = /^eth$/i.test(o.currency!);
      const decimals = o.decimals === undefined ? (eth ? 18 : 6) : Number(parseBigint(o.decimals, "--decimals"));
      const selling = mode >= 2;
      const tier = o.tier === undefined ? undefined : parseBigint(o.tier, "--tier");
      if (tier !== undefined && (tier === 0n || tier >= 1n << 64n))
        throw new InvalidInputError(
          `--tier must be from 1 to 2^64 - 1 (licenses, periods or units per price), got ${tier}`,
        );
      if (tier !== undefined && !selling)
        throw new InvalidInputError(`--tier prices a right that is sold; --mode ${o.mode} sells nothing`);
      const r = await setTermsAsCreator(
        await projectOf(cmd),
        chainOptionsOf(cmd),
        { keyFile: o.key!, provenanceBundleFile: o.provenance!, blindingFile: o.blinding! },
        parseRights(o.rights!, "--rights"),
        {
          mode,
          pricing: tier !== undefined ? Pricing.Step : o.slope === undefined ? Pricing.Fixed : Pricing.Linear,
          currency: selling ? o.currency! : ZeroAddress,
          duration: o.duration === undefined ? 0n : parseDuration(o.duration, "--duration"),
          unit: o.unit === undefined ? "0x" + "00".repeat(32) : encodeBytes32String(o.unit),
          price: selling ? await parseAmount(o.price!, decimals, "--price") : 0n,
          slope: o.slope === undefined ? 0n : await parseAmount(o.slope, decimals, "--slope"),
          ...(tier !== undefined ? { tier } : {}),
        },
      );
      emit(cmd, {
        tokenId: r.tokenId,
        rights: o.rights,
        mode: MODE_NAMES[r.terms.mode],
        currency: r.terms.currency,
        price: r.terms.price,
        slope: r.terms.slope,
        tier: r.terms.tier ?? 0n,
        duration: r.terms.duration,
        nonce: r.nonce,
        transaction: r.hash,
        gas: r.gas,
      });
    });
  terms
    .command("show")
    .description("the terms of every right the token was granted, what was sold and the next price")
    .requiredOption("--token <id>", "token id (the asset hash)")
    .action(async (o: { token: string }, cmd: Command) => {
      const [{ showTerms }, { ZeroAddress }] = await Promise.all([market(), ethers()]);
      const rights = await showTerms(await projectOf(cmd), chainOptionsOf(cmd), parseBigint(o.token, "--token"));
      emit(cmd, { tokenId: o.token, rights: rights.map((r) => ({ ...r, terms: { ...r.terms } })) }, () => {
        for (const r of rights)
          process.stdout.write(
            `right ${r.right}: ${r.mode}${r.mode === "default" ? " (regulator's schedule)" : ""}` +
              (r.next
                ? `, next costs ${r.next.cost} of ${r.next.currency === ZeroAddress ? "ETH (wei)" : r.next.currency}`
                : "") +
              (r.terms.duration ? `, period ${r.terms.duration} s` : "") +
              (r.terms.tier ? `, +${r.terms.slope} every ${r.terms.tier} sold` : "") +
              `, sold ${r.sold}\n`,
          );
      });
    });
  return terms;
}

/** The `shares` command group. */
export function sharesCommand(): Command {
  const shares = new Command("shares").description("royalty shares: ERC-20 parts of a token's creator revenue");
  creatorOptions(
    shares
      .command("issue")
      .description("prove you are the token's creator and issue share units (100 % = 10000 shares) to --to")
      .requiredOption("--to <addresses>", "comma-separated recipient addresses")
      .requiredOption("--shares <amounts>", "comma-separated shares per recipient (decimal; 3000 = 30 %)"),
  ).action(async (o: Record<string, string>, cmd: Command) => {
    const [{ issueSharesAsCreator }, { getAddress }] = await Promise.all([market(), ethers()]);
    const to: string[] = [];
    for (const [i, a] of o.to!.split(",").entries()) to.push(await parseAddress(a.trim(), `--to[${i}]`));
    const amounts: bigint[] = [];
    for (const [i, a] of o.shares!.split(",").entries())
      amounts.push(await parseAmount(a.trim(), 18, `--shares[${i}]`));
    const r = await issueSharesAsCreator(
      await projectOf(cmd),
      chainOptionsOf(cmd),
      { keyFile: o.key!, provenanceBundleFile: o.provenance!, blindingFile: o.blinding! },
      to,
      amounts,
    );
    emit(cmd, {
      tokenId: r.tokenId,
      shareToken: r.shareToken,
      recipients: to.map((a) => getAddress(a)),
      units: amounts,
      unissued: r.unissued,
      transaction: r.hash,
      gas: r.gas,
    });
  });
  shares
    .command("claim")
    .description("claim what the signer's shares of a token earned in one currency")
    .requiredOption("--token <id>", "token id (the asset hash)")
    .option("--currency <symbol|address>", "ETH, or an ERC-20 by symbol or address", "ETH")
    .action(async (o: { token: string; currency: string }, cmd: Command) => {
      const { claimShares } = await market();
      const r = await claimShares(
        await projectOf(cmd),
        chainOptionsOf(cmd),
        parseBigint(o.token, "--token"),
        o.currency,
      );
      emit(cmd, {
        tokenId: o.token,
        holder: r.holder,
        currency: r.currency,
        amount: r.amount,
        transaction: r.hash,
        gas: r.gas,
      });
    });
  return shares;
}

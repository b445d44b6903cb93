// Marketplace actions on the gates: mint a provenance bundle, license a token with a licensee bundle and the
// exact fee, pay royalties into the vault, claim a payee's share with a claim bundle. The proof contexts the
// gates recompute are computed here from the project's deployment, so proofs are made for the right gate.
import { EventLog, ZeroAddress } from "ethers";
import { parsePublicSignals } from "../../core/codecs.ts";
import {
  claimActionData,
  computeContext,
  licenseActionData,
  mintActionData,
  Payee,
  type PayeeKind,
} from "../../core/context.ts";
import { InvalidInputError } from "../../core/errors.ts";
import { toSolidityProof, type Groth16Proof } from "../../core/proof.ts";
import { readBundleFile } from "../workflows.ts";
import type { ChainOptions } from "./connect.ts";
import type { Project } from "./project.ts";
import { resolveCurrency } from "./currencies.ts";
import { mined, minedWithEvents, withDeployment, type Mined } from "./session.ts";
import type { ProofBundle } from "../../core/formats/bundle.ts";
import type { Deployment } from "../../core/formats/project.ts";

/** The context a mint of `assetHash` to `to` must be proven for (as MintGate.mintContext computes it). */
export function mintContextFor(d: Deployment, to: string, assetHash: bigint): bigint {
  return computeContext(BigInt(d.chainId), d.contracts.mintGate, to, mintActionData(assetHash));
}

/** The context a license of `tokenId` for `usage` by `licensee` must be proven for. */
export function licenseContextFor(d: Deployment, licensee: string, tokenId: bigint, usage: bigint): bigint {
  return computeContext(BigInt(d.chainId), d.contracts.licenseGate, licensee, licenseActionData(tokenId, usage));
}

/** The context a royalty claim of `payee`'s share of `tokenId` paid to `recipient` must be proven for. */
export function claimContextFor(d: Deployment, recipient: string, tokenId: bigint, payee: PayeeKind): bigint {
  return computeContext(BigInt(d.chainId), d.contracts.royaltyVault, recipient, claimActionData(tokenId, payee));
}

const solidity = (b: ProofBundle) => toSolidityProof(b.proof as Groth16Proof);

/**
 * Submit a provenance bundle to the mint gate, minting the asset's token to `to` (the recipient the proof's
 * context was made for). Anyone may send it; the proof decides.
 *
 * @throws {ContractRevertError} naming the gate's reason, e.g. `MintContextMismatch`, `MintUnknownRoot`.
 * @example const { tokenId, gas } = await mintBundle(project, { account: 5 }, "bundles/mint.json", recipient)
 */
export async function mintBundle(
  p: Project,
  o: ChainOptions,
  bundleFile: string | ProofBundle,
  to: string,
): Promise<Mined & { tokenId: bigint; grantedRights: bigint }> {
  // A bundle already read (e.g. from an asset's Content Credentials) or a bundle file.
  const b = typeof bundleFile === "string" ? readBundleFile(bundleFile, "provenance") : bundleFile;
  const s = parsePublicSignals("provenance", b.publicSignals);
  return withDeployment(p, o, "mint", async ({ contracts }) => {
    const tx = await mined(await contracts.mintGate.getFunction("mint")(to, solidity(b), b.publicSignals.map(BigInt)));
    return { ...tx, tokenId: s.assetHash, grantedRights: s.grantedRights };
  });
}

/**
 * License a token with a licensee bundle: sends the gate's fee for the bundle's usage (or `value` if given:
 * the gate refuses anything but the exact fee). The signer must be the licensee the proof was made for.
 *
 * @throws {ContractRevertError} e.g. `LicenseWrongFee(expected, actual)`, `LicenseContextMismatch`.
 * @example const { fee } = await licenseBundle(project, { account: 4 }, "bundles/license.json")
 */
export async function licenseBundle(
  p: Project,
  o: ChainOptions,
  bundleFile: string,
  value?: bigint,
): Promise<Mined & { tokenId: bigint; usage: bigint; fee: bigint; licensee: string }> {
  const b = readBundleFile(bundleFile, "licensee");
  const s = parsePublicSignals("licensee", b.publicSignals);
  return withDeployment(p, o, "license", async ({ contracts, from }) => {
    const fee = (await contracts.licenseGate.getFunction("feeFor")(s.usageRights)) as bigint;
    const tx = await mined(
      await contracts.licenseGate.getFunction("license")(
        s.tokenId,
        s.usageRights,
        solidity(b),
        b.publicSignals.map(BigInt),
        {
          value: value ?? fee,
        },
      ),
    );
    return { ...tx, tokenId: s.tokenId, usage: s.usageRights, fee, licensee: from };
  });
}

/**
 * Pay `amount` wei of royalties for `tokenId` into the vault.
 *
 * @throws {ContractRevertError} e.g. `VaultUnknownToken`, `VaultZeroDeposit`.
 * @example await payRoyalty(project, { account: 6 }, tokenId, parseEther("0.1"))
 */
export async function payRoyalty(
  p: Project,
  o: ChainOptions,
  tokenId: bigint,
  amount: bigint,
): Promise<Mined & { accrued: bigint }> {
  return withDeployment(p, o, "royalty pay", async ({ contracts }) => {
    const tx = await mined(await contracts.royaltyVault.getFunction("deposit")(tokenId, { value: amount }));
    return { ...tx, accrued: (await contracts.royaltyVault.getFunction("accrued")(tokenId)) as bigint };
  });
}

/**
 * Claim a payee's share with a royalty-claim bundle, paid to `recipient` (the one the proof's context was made
 * for). Which payee (creator or licensor) follows from the bundle's tag and the token's `Minted` tags. Any
 * account may send the claim (a relayer), so the recipient needs no ETH. `currency` (ETH, or an allowlisted
 * ERC-20 by symbol or address) picks the balance claimed; the same bundle claims each currency in turn.
 *
 * @throws {InvalidInputError} if the bundle's tag is neither of the token's payee tags.
 * @throws {ContractRevertError} e.g. `VaultNothingOwed`, `VaultInvalidProof`.
 * @example const { amount } = await claimRoyalty(project, { account: 5 }, "bundles/claim-creator.json", fresh)
 */
export async function claimRoyalty(
  p: Project,
  o: ChainOptions,
  bundleFile: string,
  recipient: string,
  currency = "ETH",
): Promise<Mined & { tokenId: bigint; payee: "creator" | "licensor"; amount: bigint; currency: string }> {
  const b = readBundleFile(bundleFile, "royaltyClaim");
  const s = parsePublicSignals("royaltyClaim", b.publicSignals);
  return withDeployment(p, o, "royalty claim", async (session) => {
    const { contracts, deployment } = session;
    // The claim's proof binds the token, payee and recipient, not the currency: one proof claims each currency.
    const token = await resolveCurrency(session, currency, true);
    const logs = (
      await contracts.mintGate.queryFilter(contracts.mintGate.filters.Minted!(s.assetHash), deployment.block)
    ).filter((l): l is EventLog => l instanceof EventLog);
    if (logs.length === 0) throw new InvalidInputError(`no token ${s.assetHash} was minted on this deployment`);
    const tags = { creatorTag: logs[0]!.args.creatorTag as bigint, licensorTag: logs[0]!.args.licensorTag as bigint };
    const payee: PayeeKind | undefined =
      s.tag === tags.creatorTag ? Payee.Creator : s.tag === tags.licensorTag ? Payee.Licensor : undefined;
    if (payee === undefined)
      throw new InvalidInputError(
        `${bundleFile} claims neither the creator's nor the licensor's tag of token ${s.assetHash}`,
      );
    const proofTags = [tags.creatorTag, tags.licensorTag];
    const vault = contracts.royaltyVault;
    const { mined: tx, events } = await minedWithEvents(
      token === ZeroAddress
        ? await vault.getFunction("claim")(s.assetHash, payee, recipient, solidity(b), s.nullifier, proofTags)
        : await vault.getFunction("claimCurrency")(
            s.assetHash,
            payee,
            token,
            recipient,
            solidity(b),
            s.nullifier,
            proofTags,
          ),
    );
    // The amount paid, as the vault's Claimed event says.
    const amount = (events.find((e) => e.eventName === "Claimed")?.args.amount as bigint | undefined) ?? 0n;
    return {
      ...tx,
      tokenId: s.assetHash,
      payee: payee === Payee.Creator ? "creator" : "licensor",
      amount,
      currency: token,
    };
  });
}

// Action data of the market's creator proofs: setting license terms (LicenseGate.termsContext) and issuing
// royalty shares (RoyaltyVault.shareIssueContext). Both bind a per-token nonce, so a proof made for one
// update cannot be replayed after the next. The recipient slot of the context is the zero address: these
// actions pay no one; what they do is all in the action data.
import { AbiCoder, keccak256, toUtf8Bytes, ZeroAddress } from "ethers";
import { computeContext } from "./context.ts";

const abi = AbiCoder.defaultAbiCoder();

/** How a right of a token is sold (ILicenseGate.Mode). */
export const TermsMode = { Default: 0, Closed: 1, Perpetual: 2, Term: 3, Volume: 4 } as const;
/** How a price moves with sales (ILicenseGate.Pricing). */
export const Pricing = { Fixed: 0, Linear: 1, Step: 2 } as const;

/** A creator's terms for one right bit, as ILicenseGate.Terms. */
export interface Terms {
  mode: number;
  pricing: number;
  /** 0x0000…0000 for ETH. */
  currency: string;
  /** Seconds one period of a term license runs (0 unless mode is Term). */
  duration: bigint;
  /** bytes32 name of a volume unit (0x00…00 unless mode is Volume). */
  unit: string;
  price: bigint;
  /** Linear: what each one sold adds to the next one's price; Step: what each full tier sold adds. */
  slope: bigint;
  /** Step pricing: how many sell at one price before it steps up by `slope` (absent or 0 otherwise). */
  tier?: bigint;
}

const TERMS_TUPLE =
  "tuple(uint8 mode, uint8 pricing, address currency, uint64 duration, bytes32 unit, uint128 price, uint128 slope, uint64 tier)";

/** The terms as the ABI tuple ethers takes. */
export function termsTuple(t: Terms): [number, number, string, bigint, string, bigint, bigint, bigint] {
  return [t.mode, t.pricing, t.currency, t.duration, t.unit, t.price, t.slope, t.tier ?? 0n];
}

/** Action tag of a terms update: keccak256("zkprov.setTerms"). */
export const SET_TERMS_ACTION = keccak256(toUtf8Bytes("zkprov.setTerms"));
/** Action tag of a share issue: keccak256("zkprov.issueShares"). */
export const ISSUE_SHARES_ACTION = keccak256(toUtf8Bytes("zkprov.issueShares"));

/**
 * The context a creator's terms proof binds (LicenseGate.termsContext): chain, gate, action, token, rights,
 * the token's terms nonce and the terms.
 *
 * @example termsContext(31337n, gate, tokenId, 2n, 0n, terms)
 */
export function termsContext(
  chainId: bigint,
  licenseGate: string,
  tokenId: bigint,
  rights: bigint,
  nonce: bigint,
  terms: Terms,
): bigint {
  const data = abi.encode(
    ["bytes32", "uint256", "uint256", "uint256", TERMS_TUPLE],
    [SET_TERMS_ACTION, tokenId, rights, nonce, termsTuple(terms)],
  );
  return computeContext(chainId, licenseGate, ZeroAddress, data);
}

/**
 * The context a creator's share-issue proof binds (RoyaltyVault.shareIssueContext).
 *
 * @example shareIssueContext(31337n, vault, tokenId, 0n, [holder], [3000n * 10n ** 18n])
 */
export function shareIssueContext(
  chainId: bigint,
  vault: string,
  tokenId: bigint,
  nonce: bigint,
  recipients: string[],
  amounts: bigint[],
): bigint {
  const data = abi.encode(
    ["bytes32", "uint256", "uint256", "address[]", "uint256[]"],
    [ISSUE_SHARES_ACTION, tokenId, nonce, recipients, amounts],
  );
  return computeContext(chainId, vault, ZeroAddress, data);
}

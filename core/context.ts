import { AbiCoder, getAddress, keccak256 } from "ethers";

const abi = AbiCoder.defaultAbiCoder();

/** The chain id of Hardhat's dev chains (in-process network and `hardhat node`): the default chain of a bundle. */
export const DEV_CHAIN_ID = 31337n;

/** Which payee a royalty claim is for. */
export const Payee = { Creator: 0, Licensor: 1 } as const;
/** A payee kind: 0 creator, 1 licensor. */
export type PayeeKind = (typeof Payee)[keyof typeof Payee];

/**
 * The proof context the gates recompute on chain, so that a proof made for one chain, gate, recipient or
 * action cannot be replayed for another:
 * `uint256(keccak256(abi.encode(chainId, gate, recipient, actionData))) >> 8`.
 *
 * @throws {Error} (from ethers) if `gate` or `recipient` is not an address.
 * @example computeContext(31337n, gate, alice, mintActionData(assetHash))
 */
export function computeContext(chainId: bigint, gate: string, recipient: string, actionData: string): bigint {
  const encoded = abi.encode(
    ["uint256", "address", "address", "bytes"],
    [chainId, getAddress(gate), getAddress(recipient), actionData],
  );
  return BigInt(keccak256(encoded)) >> 8n;
}

/** Action data of a mint: `abi.encode(uint256 assetHash)`. */
export function mintActionData(assetHash: bigint): string {
  return abi.encode(["uint256"], [assetHash]);
}

/** Action data of a license purchase: `abi.encode(uint256 tokenId, uint256 usageRights)`. */
export function licenseActionData(tokenId: bigint, usageRights: number | bigint): string {
  return abi.encode(["uint256", "uint256"], [tokenId, usageRights]);
}

/** Action data of a royalty claim: `abi.encode(uint256 tokenId, uint8 payee)`. */
export function claimActionData(tokenId: bigint, payee: PayeeKind): string {
  return abi.encode(["uint256", "uint8"], [tokenId, payee]);
}

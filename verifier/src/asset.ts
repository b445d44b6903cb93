import { sha256Hex } from "./sha256.ts";

/**
 * assetHash = SHA-256 of the asset's bytes as a big-endian integer, shifted right 3 bits (fits the field).
 *
 * @example assetHashOf(fs.readFileSync("art.png"))
 */
export function assetHashOf(bytes: Uint8Array): bigint {
  return BigInt("0x" + sha256Hex(bytes)) >> 3n;
}

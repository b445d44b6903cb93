import { createHash } from "node:crypto";

/**
 * assetHash = SHA-256 of the asset's bytes as a big-endian integer, shifted right 3 bits (fits the field).
 *
 * @example assetHashOf(fs.readFileSync("art.png"))
 */
export function assetHashOf(bytes: Uint8Array): bigint {
  return BigInt("0x" + createHash("sha256").update(bytes).digest("hex")) >> 3n;
}

import { FIELD_MODULUS } from "./field.ts";
import { sha256Hex } from "./sha256.ts";

/**
 * assetHash = SHA-256 of the asset's bytes as a big-endian integer, shifted right 3 bits (fits the field).
 *
 * @example assetHashOf(fs.readFileSync("art.png"))
 */
export function assetHashOf(bytes: Uint8Array): bigint {
  return BigInt("0x" + sha256Hex(bytes)) >> 3n;
}

/**
 * A document's hash reduced into the field: SHA-256 of its bytes mod r. The registries' `modelHash` (of a
 * model card or weights digest) and `datasetHash` (of a dataset manifest) are made this way.
 *
 * @example documentHashOf(fs.readFileSync("model-card.md"))
 */
export function documentHashOf(bytes: Uint8Array | string): bigint {
  return BigInt("0x" + sha256Hex(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes)) % FIELD_MODULUS;
}

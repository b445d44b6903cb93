import { sha256 } from "@noble/hashes/sha2";
import { FIELD_MODULUS } from "./field.ts";
import { sha256Hex } from "./sha256.ts";

/**
 * assetHash = SHA-256 of the asset's bytes as a big-endian integer, shifted right 3 bits (fits the field).
 *
 * @example assetHashOf(fs.readFileSync("art.png"))
 */
export function assetHashOf(bytes: Uint8Array): bigint {
  return assetHashFromSha256(sha256Hex(bytes));
}

/**
 * The asset hash of an asset whose SHA-256 (hex, with or without 0x) is already known, e.g. computed as a
 * stream by {@link createAssetHasher} or node:crypto.
 *
 * @example assetHashFromSha256("ba7816bf…") // 0x1750e2d7…n
 */
export function assetHashFromSha256(sha256HexDigest: string): bigint {
  return BigInt("0x" + sha256HexDigest.replace(/^0x/, "")) >> 3n;
}

/** An incremental asset hasher: feed chunks in order, then read the asset hash and the SHA-256. */
export interface AssetHasher {
  update(chunk: Uint8Array): void;
  digest(): { sha256: string; assetHash: bigint };
}

/**
 * Hash an asset in constant memory, chunk by chunk (browser-safe; the page feeds it a File's stream).
 *
 * @example const h = createAssetHasher(); for await (const c of stream) h.update(c); h.digest().assetHash
 */
export function createAssetHasher(): AssetHasher {
  const h = sha256.create();
  return {
    update: (chunk) => void h.update(chunk),
    digest: () => {
      const hex = Array.from(h.digest(), (b) => b.toString(16).padStart(2, "0")).join("");
      return { sha256: hex, assetHash: assetHashFromSha256(hex) };
    },
  };
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

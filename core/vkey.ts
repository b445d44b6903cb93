import { sha256Hex } from "./sha256.ts";

/** A snarkjs Groth16 verification key (verification_key.json). */
export interface VerificationKey {
  protocol: string;
  curve: string;
  nPublic: number;
  vk_alpha_1: string[];
  vk_beta_2: string[][];
  vk_gamma_2: string[][];
  vk_delta_2: string[][];
  IC: string[][];
  [key: string]: unknown;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The verification-key hash zkprov pins everywhere (manifest, bundles, the generated Solidity verifier's
 * VKEY_HASH): SHA-256 of the key's canonical JSON (keys sorted, no whitespace), as 0x-hex.
 *
 * @example vkeyHash(JSON.parse(fs.readFileSync("verification_key.json", "utf8"))) // "0x3f…"
 */
export function vkeyHash(vkey: VerificationKey): string {
  return "0x" + sha256Hex(canonical(vkey));
}

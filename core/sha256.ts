// SHA-256 for both Node and the browser: ethers' sha256 (Node's crypto under Node, @noble/hashes in a
// browser bundle), so that the verifier's pure parts run in the regulator's verification page.
import { sha256 as ethersSha256 } from "ethers";

/**
 * SHA-256 of bytes, or of a string's UTF-8 bytes, as lowercase hex without 0x.
 *
 * @example sha256Hex("abc") // "ba7816bf…"
 */
export function sha256Hex(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return ethersSha256(bytes).slice(2);
}

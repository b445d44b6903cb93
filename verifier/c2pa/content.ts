// The bytes a zkprov proof is made over when an asset carries Content Credentials: the file without its C2PA
// manifest store. For a file without a manifest these are all of its bytes, so the proof's asset hash is the
// SHA-256 of the file as the model produced it; after embedding, the same bytes are what c2pa.hash.data covers
// (the file minus its exclusion range). Browser-safe: plain byte walking of the two container formats.
import { assetHashOf } from "../../core/asset.ts";
import { InvalidInputError } from "../../core/errors.ts";
import type { C2paMediaType } from "./format.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The media type of an asset zkprov can carry Content Credentials in, from its first bytes; undefined otherwise.
 *
 * @example c2paMediaTypeOf(fs.readFileSync("art.png")) // "image/png"
 */
export function c2paMediaTypeOf(bytes: Uint8Array): C2paMediaType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "image/png";
  return undefined;
}

/** A byte range [start, start + length) of a file. */
export interface ByteRange {
  start: number;
  length: number;
}

const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** JPEG: the APP11 segments (JPEG XT boxes, "JP") whose JUMBF box is labelled "c2pa", all packets of it. */
function jpegManifestRanges(b: Uint8Array, what: string): ByteRange[] {
  const segments: { start: number; length: number; instance: number; first: boolean; c2pa: boolean }[] = [];
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) throw new InvalidInputError(`${what} is not a well-formed JPEG: no marker at byte ${i}`);
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // start of scan or end of image: no more metadata
    const length = u16(b, i + 2);
    if (length < 2 || i + 2 + length > b.length)
      throw new InvalidInputError(`${what} is not a well-formed JPEG: a segment at byte ${i} runs past the end`);
    if (marker === 0xeb && length >= 18 && ascii(b, i + 4, 2) === "JP") {
      const instance = u16(b, i + 6);
      const sequence = u32(b, i + 8);
      const boxType = ascii(b, i + 16, 4);
      // The first packet's superbox starts with a description box whose label follows its UUID and toggles.
      const c2pa =
        sequence === 1 && boxType === "jumb" && ascii(b, i + 20 + 4, 4) === "jumd" && label(b, i + 20) === "c2pa";
      segments.push({ start: i, length: length + 2, instance, first: sequence === 1, c2pa });
    }
    i += 2 + length;
  }
  const instances = new Set(segments.filter((s) => s.first && s.c2pa).map((s) => s.instance));
  return segments.filter((s) => instances.has(s.instance)).map(({ start, length }) => ({ start, length }));
}

/** The label of a JUMBF description box starting at `at` (size, "jumd", 16-byte UUID, toggles, label\0). */
function label(b: Uint8Array, at: number): string | undefined {
  const size = u32(b, at);
  const end = Math.min(at + size, b.length);
  const toggles = b[at + 24];
  if (toggles === undefined || (toggles & 0x02) === 0) return undefined;
  let j = at + 25;
  let s = "";
  while (j < end && b[j] !== 0) s += String.fromCharCode(b[j++]!);
  return s;
}

/** PNG: the caBX chunks (C2PA manifest store). */
function pngManifestRanges(b: Uint8Array, what: string): ByteRange[] {
  const ranges: ByteRange[] = [];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = u32(b, i);
    const type = ascii(b, i + 4, 4);
    if (i + 12 + length > b.length)
      throw new InvalidInputError(`${what} is not a well-formed PNG: chunk ${type} at byte ${i} runs past the end`);
    if (type === "caBX") ranges.push({ start: i, length: 12 + length });
    i += 12 + length;
    if (type === "IEND") break;
  }
  return ranges;
}

/**
 * Where a JPEG's or PNG's C2PA manifest store sits in the file (every segment or chunk of it); empty if it has none.
 *
 * @throws {InvalidInputError} for a file that is neither JPEG nor PNG, or a malformed one.
 * @example manifestRanges(bytes) // [{ start: 20, length: 9123 }]
 */
export function manifestRanges(bytes: Uint8Array, what = "the asset"): ByteRange[] {
  const type = c2paMediaTypeOf(bytes);
  if (type === "image/jpeg") return jpegManifestRanges(bytes, what);
  if (type === "image/png") return pngManifestRanges(bytes, what);
  throw new InvalidInputError(`${what} is neither a JPEG nor a PNG: zkprov embeds Content Credentials in those only`);
}

/**
 * The asset's content bytes: the file without its C2PA manifest store (the whole file if it has none). These are
 * the bytes a zkprov proof's asset hash is taken over, and those c2pa.hash.data covers once zkprov embedded.
 *
 * @throws {InvalidInputError} for a malformed JPEG or PNG.
 * @example assetContentBytes(fs.readFileSync("signed.jpg"))
 */
export function assetContentBytes(bytes: Uint8Array, what = "the asset"): Uint8Array {
  if (c2paMediaTypeOf(bytes) === undefined) return bytes;
  const ranges = manifestRanges(bytes, what);
  if (ranges.length === 0) return bytes;
  const out = new Uint8Array(bytes.length - ranges.reduce((n, r) => n + r.length, 0));
  let from = 0;
  let at = 0;
  for (const r of ranges) {
    out.set(bytes.subarray(from, r.start), at);
    at += r.start - from;
    from = r.start + r.length;
  }
  out.set(bytes.subarray(from), at);
  return out;
}

/**
 * The asset hash a zkprov proof is made over for this file: assetHashOf(assetContentBytes(bytes)). For any file
 * that is not a JPEG or PNG with Content Credentials this is assetHashOf(bytes).
 *
 * @example contentAssetHashOf(fs.readFileSync("signed.jpg")) === bundleAssetHash
 */
export function contentAssetHashOf(bytes: Uint8Array, what = "the asset"): bigint {
  return assetHashOf(assetContentBytes(bytes, what));
}

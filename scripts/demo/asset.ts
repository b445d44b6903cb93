// A small "AI-generated" image for the demo: a deterministic PNG drawn from a seed, so that the demo has a
// real file whose bytes the asset hash is taken from. No image library: PNG is a signature, three chunks and a
// zlib stream.
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const body = Buffer.concat([head.subarray(4), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([head.subarray(0, 4), body, crc]);
}

/**
 * A `size` x `size` RGB PNG, a colour field that depends only on `seed` (same seed, same bytes).
 *
 * @example fs.writeFileSync("asset.png", generatedPng(1))
 */
export function generatedPng(seed: number, size = 64): Buffer {
  const raw = Buffer.alloc(size * (1 + 3 * size));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + 3 * size);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const i = row + 1 + 3 * x;
      const r = Math.hypot(x - size / 2, y - size / 2);
      raw[i] = (x * 4 + seed * 37) & 0xff;
      raw[i + 1] = (y * 4 + ((x ^ y) & 0x1f) + seed * 11) & 0xff;
      raw[i + 2] = Math.round(128 + 127 * Math.sin(r / (3 + (seed % 5)))) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

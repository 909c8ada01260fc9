import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

/**
 * Draws build/icon.png (512×512): a gold bonus coin with a "B" on a blue rounded square.
 * electron-builder makes the .ico and .icns from it. Run `npx tsx scripts/make-icon.ts` after a
 * change here; the PNG is committed.
 */

type Rgba = readonly [number, number, number, number];
const BLUE: Rgba = [13, 71, 161, 255];
const GOLD: Rgba = [255, 193, 7, 255];
const GOLD_LIGHT: Rgba = [255, 213, 79, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

const inRoundedRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inCircle = (x: number, y: number, cx: number, cy: number, r: number): boolean => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number): boolean => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const inHalfRing = (x: number, y: number, cx: number, cy: number, outer: number, inner: number): boolean =>
  x >= cx && inCircle(x, y, cx, cy, outer) && !inCircle(x, y, cx, cy, inner);

/** The letter B: a stem, three bars and two bowls. */
const inB = (x: number, y: number): boolean =>
  inRect(x, y, 196, 166, 238, 346) ||
  inRect(x, y, 196, 166, 262, 200) ||
  inRect(x, y, 196, 239, 268, 273) ||
  inRect(x, y, 196, 312, 268, 346) ||
  inHalfRing(x, y, 262, 219.5, 53.5, 19.5) ||
  inHalfRing(x, y, 268, 292.5, 53.5, 19.5);

export function colourAt(x: number, y: number): Rgba {
  if (!inRoundedRect(x, y, 24, 24, 488, 488, 104)) return CLEAR;
  if (!inCircle(x, y, 256, 256, 184)) return BLUE;
  if (inB(x, y)) return BLUE;
  return inCircle(x, y, 256, 256, 156) ? GOLD_LIGHT : GOLD;
}

/** Anti-aliased by 4×4 samples a pixel. */
export function render(size: number): Uint8Array {
  const scale = 512 / size;
  const pixels = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = colourAt((px + (sx + 0.5) / n) * scale, (py + (sy + 0.5) / n) * scale);
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (py * size + px) * 4;
      pixels[i] = a === 0 ? 0 : Math.round(r / a);
      pixels[i + 1] = a === 0 ? 0 : Math.round(g / a);
      pixels[i + 2] = a === 0 ? 0 : Math.round(b / a);
      pixels[i + 3] = Math.round(a / (n * n));
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A minimal RGBA PNG (8 bits a channel, no interlace, filter 0). */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'icon.png');
  const png = encodePng(512, render(512));
  writeFileSync(out, png);
  console.log(`make-icon: build/icon.png, ${png.length} bytes`);
}

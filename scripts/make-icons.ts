/**
 * Draws BooCoder's icons without any image tool: a friendly ghost ("Boo") on a rounded violet
 * square for the app, and the ghost alone for the tray. Shapes are tested per sample and
 * supersampled for smooth edges; PNGs are written with zlib, and the .ico and .icns containers
 * simply embed PNGs (both formats allow it).
 *
 *   npx tsx scripts/make-icons.ts        # writes resources/icon.{png,ico,icns}, resources/tray/* and the page's favicons
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

// ---- PNG ----------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit RGBA PNG from straight (non-premultiplied) pixels, row-major. */
export function encodePng(width: number, height: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- Shapes (unit square coordinates, 0..1, y down) ---------------------------------------

function inRoundedSquare(x: number, y: number, inset: number, radius: number): boolean {
  const lo = inset;
  const hi = 1 - inset;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

interface Ghost {
  cx: number;
  top: number; // centre of the head's circle
  r: number; // head radius = half the body width
  base: number; // where the scalloped hem starts
}

/** A ghost: a round head, straight sides, and a hem of three hanging scallops. */
function inGhost(x: number, y: number, g: Ghost): boolean {
  const dx = x - g.cx;
  if (Math.abs(dx) > g.r) return false;
  if (y < g.top) return dx * dx + (y - g.top) ** 2 <= g.r * g.r;
  if (y <= g.base) return true;
  const bumpR = g.r / 3;
  const left = g.cx - g.r;
  const i = Math.min(2, Math.floor((x - left) / (2 * bumpR)));
  const bx = left + bumpR * (2 * i + 1);
  const d = x - bx;
  return y <= g.base + Math.sqrt(Math.max(0, bumpR * bumpR - d * d));
}

function inEyes(x: number, y: number, g: Ghost): boolean {
  const ey = g.top + g.r * 0.12;
  const rx = g.r * 0.17;
  const ry = g.r * 0.24;
  for (const ex of [g.cx - g.r * 0.36, g.cx + g.r * 0.36]) {
    if (((x - ex) / rx) ** 2 + ((y - ey) / ry) ** 2 <= 1) return true;
  }
  return false;
}

/** Supersampled rendering: `shade` returns the colour of a sample or null for transparent. */
function render(size: number, shade: (x: number, y: number) => Rgba | null, samples = 4): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let gch = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!c) continue;
          const alpha = c[3] / 255;
          r += c[0] * alpha;
          gch += c[1] * alpha;
          b += c[2] * alpha;
          a += alpha;
        }
      }
      const n = samples * samples;
      const o = (py * size + px) * 4;
      if (a > 0) {
        out[o] = Math.round(r / a);
        out[o + 1] = Math.round(gch / a);
        out[o + 2] = Math.round(b / a);
      }
      out[o + 3] = Math.round((a / n) * 255);
    }
  }
  return out;
}

const mix = (a: number, b: number, t: number) => Math.round(a + (b - a) * t);

/** The app icon: a violet rounded square, lighter at the top, with a white ghost. */
function appIcon(size: number): Uint8Array {
  const ghost: Ghost = { cx: 0.5, top: 0.43, r: 0.25, base: 0.66 };
  return render(size, (x, y) => {
    if (!inRoundedSquare(x, y, 0.06, 0.2)) return null;
    if (inGhost(x, y, ghost)) return inEyes(x, y, ghost) ? [40, 30, 96, 255] : [250, 250, 255, 255];
    const t = Math.min(1, Math.max(0, (y - 0.06) / 0.88));
    return [mix(124, 72, t), mix(108, 52, t), mix(255, 196, t), 255];
  });
}

/**
 * The tray ghost alone, filling the icon: black for a macOS template image (the system tints it
 * by alpha), white-on-violet otherwise so it reads on both light and dark panels.
 */
function trayIcon(size: number, template: boolean): Uint8Array {
  const ghost: Ghost = { cx: 0.5, top: 0.42, r: 0.36, base: 0.74 };
  return render(size, (x, y) => {
    if (template) {
      if (!inGhost(x, y, ghost) || inEyes(x, y, ghost)) return null;
      return [0, 0, 0, 255];
    }
    if (inRoundedSquare(x, y, 0, 0.22)) {
      const g: Ghost = { cx: 0.5, top: 0.44, r: 0.3, base: 0.7 };
      if (inGhost(x, y, g)) return inEyes(x, y, g) ? [40, 30, 96, 255] : [255, 255, 255, 255];
      return [98, 80, 230, 255];
    }
    return null;
  }, 8);
}

// ---- Containers ---------------------------------------------------------------------------

/** A Windows .ico whose entries are PNGs (supported since Vista; electron-builder accepts it). */
function encodeIco(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** A macOS .icns with PNG payloads: ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x). */
function encodeIcns(images: Array<{ type: string; png: Buffer }>): Buffer {
  const parts = images.map(({ type, png }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([h, png]);
  });
  const total = 8 + parts.reduce((n, p) => n + p.length, 0);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(total, 4);
  return Buffer.concat([head, ...parts]);
}

// ---- Output -------------------------------------------------------------------------------

function main(): void {
  const root = path.resolve(import.meta.dirname, '..', 'resources');
  mkdirSync(path.join(root, 'tray'), { recursive: true });
  const png = (size: number) => encodePng(size, size, appIcon(size));

  const sizes = [16, 32, 48, 64, 128, 256, 512, 1024] as const;
  const app = new Map(sizes.map((s) => [s, png(s)]));
  writeFileSync(path.join(root, 'icon.png'), app.get(512)!);
  writeFileSync(path.join(root, 'icon.ico'), encodeIco([16, 32, 48, 64, 128, 256].map((size) => ({ size, png: app.get(size as (typeof sizes)[number])! }))));
  writeFileSync(
    path.join(root, 'icon.icns'),
    encodeIcns([
      { type: 'ic07', png: app.get(128)! },
      { type: 'ic08', png: app.get(256)! },
      { type: 'ic09', png: app.get(512)! },
      { type: 'ic10', png: app.get(1024)! },
    ]),
  );

  // Electron picks the @2x file on high-density screens by its name.
  for (const [name, size, template] of [
    ['tray.png', 16, false],
    ['tray@2x.png', 32, false],
    ['trayTemplate.png', 16, true],
    ['trayTemplate@2x.png', 32, true],
  ] as const) {
    writeFileSync(path.join(root, 'tray', name), encodePng(size, size, trayIcon(size, template)));
  }

  // The page's own icon (the browser host's tab; vite copies src-renderer/public into the build):
  // /favicon.ico is what browsers ask for unasked, favicon.png what index.html names.
  const publicDir = path.resolve(import.meta.dirname, '..', 'src-renderer', 'public');
  mkdirSync(publicDir, { recursive: true });
  writeFileSync(path.join(publicDir, 'favicon.ico'), encodeIco([16, 32, 48].map((size) => ({ size, png: app.get(size as (typeof sizes)[number])! }))));
  writeFileSync(path.join(publicDir, 'favicon.png'), app.get(64)!);
  process.stdout.write(`icons written to ${root}\n`);
}

main();

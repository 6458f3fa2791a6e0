// Renders build/icon.svg (and build/icon-small.svg for 16-32 px) into every icon file the
// packagers need, so the committed icons can always be regenerated from their sources:
//   build/icons/NxN.png  (Linux: AppImage and deb take the folder)
//   build/icon.png       (512 px: Forge on Linux, window icon)
//   build/icon.ico       (Windows: PNG-compressed entries 16-256)
//   build/icon.icns      (macOS: PNG-compressed entries 16-1024)
// Uses the system Chromium through Playwright, already a dev dependency for the E2E suite:
//   node scripts/render-icons.mjs [path-to-chromium]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'build');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const SMALL_MAX = 32;

async function renderAll() {
  const sources = {
    large: await readFile(join(buildDir, 'icon.svg'), 'utf8'),
    small: await readFile(join(buildDir, 'icon-small.svg'), 'utf8'),
  };
  const browser = await chromium.launch({
    executablePath: process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const pngs = new Map();
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      const svg = size <= SMALL_MAX ? sources.small : sources.large;
      await page.setContent(
        `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
      );
      pngs.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return pngs;
}

/** ICO with PNG entries (Windows Vista and later); a width/height byte of 0 means 256. */
function ico(entries) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  const directory = Buffer.alloc(16 * entries.length);
  let offset = header.length + directory.length;
  entries.forEach(([size, png], i) => {
    const at = i * 16;
    directory.writeUInt8(size >= 256 ? 0 : size, at);
    directory.writeUInt8(size >= 256 ? 0 : size, at + 1);
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(png.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, directory, ...entries.map(([, png]) => png)]);
}

/** ICNS with PNG entries, one per OSType Apple defines for PNG data. */
function icns(pngs) {
  const types = [
    ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
    ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
  ];
  // ic11..ic14 are the @2x variants: 16@2x is the 32 px image, and so on.
  const retinaSource = { ic11: 32, ic12: 64, ic13: 512, ic14: 1024 };
  const chunks = types.map(([type, size]) => {
    const png = pngs.get(retinaSource[type] ?? size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const pngs = await renderAll();
await mkdir(join(buildDir, 'icons'), { recursive: true });
for (const [size, png] of pngs) await writeFile(join(buildDir, 'icons', `${size}x${size}.png`), png);
await writeFile(join(buildDir, 'icon.png'), pngs.get(512));
await writeFile(join(buildDir, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => [size, pngs.get(size)])));
await writeFile(join(buildDir, 'icon.icns'), icns(pngs));
console.log(`render-icons: wrote ${pngs.size} PNGs, icon.png, icon.ico and icon.icns to build/`);

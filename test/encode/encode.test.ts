import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cut, paint } from '../../scripts/paint.js';
import { encodePng } from '../../src/encode/png.js';
import { encode, MSS, type Region } from '../../src/index.js';
import { expectedRgb } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 1024;
const H = 768;
const painted = useScreen(W, H, { seed: 4 });
const { screen } = painted;
const rgb = (area: Region) => expectedRgb(painted, area);

const whole = { left: 0, top: 0, width: W, height: H };
const odd = { left: 77, top: 301, width: 333, height: 17 };

describe.each(['sharp', 'zlib'] as const)('PNG through %s', (pngEncoder) => {
  it.each([0, 1, 6, 9])('is exact at level %i', async (level) => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(whole);
    const png = await encode(frame, { format: 'png', level, pngEncoder });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([W, H, 3]);
    expect(data.equals(rgb(whole))).toBe(true);
    // Which encoder wrote it: node:zlib's strips are byte for byte what encodePng writes.
    expect(png.equals(await encodePng(frame, level))).toBe(pngEncoder === 'zlib');
  });

  it('is exact for a crop of a larger frame (stride wider than the row)', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(whole);
    using crop = frame.crop(odd);
    const { data } = await sharp(await encode(crop, { pngEncoder }))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data.equals(rgb(odd))).toBe(true);
  });
});

describe('encode', () => {
  it('copies the pixels before it returns, so the frame can be released at once', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const frame = sct.grab(odd);
    const pending = [
      encode(frame, { pngEncoder: 'zlib' }),
      encode(frame, { format: 'jpeg' }),
      encode(frame, { format: 'raw' }),
    ];
    frame.release();
    paint(
      painted.xvfb.display,
      odd.left,
      odd.top,
      odd.width,
      odd.height,
      Buffer.alloc(odd.width * odd.height * 4),
    );
    using overwritten = sct.grab(odd); // reuses the released buffer
    const [png, jpeg, raw] = await Promise.all(pending);
    paint(painted.xvfb.display, odd.left, odd.top, odd.width, odd.height, cut(screen, W, odd));
    expect((await sharp(png).raw().toBuffer()).equals(rgb(odd))).toBe(true);
    expect((await sharp(jpeg).metadata()).width).toBe(odd.width);
    expect(raw?.equals(cut(screen, W, odd))).toBe(true);
    expect(overwritten.data.every((b) => b === 0)).toBe(true);
  });

  it('refuses levels and qualities out of range', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(odd);
    await expect(encode(frame, { level: 10 })).rejects.toThrow(
      'Expected integer between 0 and 9 for level but received 10 of type number',
    );
    await expect(encode(frame, { format: 'jpeg', quality: 0 })).rejects.toThrow(
      'Expected integer between 1 and 100 for quality but received 0 of type number',
    );
  });
});

describe('encode() of a buffer of your own', () => {
  /** The painted BGRX bytes of `area`, in a buffer of their own, rows `stride` bytes apart. */
  function ownBuffer(area: Region, stride: number, byteOffset = 0): Uint8Array {
    const packed = cut(screen, W, area);
    const out = new Uint8Array(byteOffset + (area.height - 1) * stride + area.width * 4 + 3);
    for (let y = 0; y < area.height; y++) {
      out.set(
        packed.subarray(y * area.width * 4, (y + 1) * area.width * 4),
        byteOffset + y * stride,
      );
    }
    return out.subarray(byteOffset);
  }

  it.each(['sharp', 'zlib'] as const)(
    'goes through the PNG encoder (%s) exactly',
    async (pngEncoder) => {
      const image = { data: ownBuffer(odd, odd.width * 4), width: odd.width, height: odd.height };
      const png = await encode(image, { pngEncoder });
      expect((await sharp(png).raw().toBuffer()).equals(rgb(odd))).toBe(true);
    },
  );

  it('follows its stride, and may start anywhere in its ArrayBuffer', async () => {
    const stride = odd.width * 4 + 40;
    const image = { data: ownBuffer(odd, stride, 3), width: odd.width, height: odd.height, stride };
    const raw = await encode(image, { format: 'raw', pixelFormat: 'rgb24' });
    expect(raw.equals(rgb(odd))).toBe(true);
    const png = await encode(image, { pngEncoder: 'zlib' });
    expect((await sharp(png).raw().toBuffer()).equals(rgb(odd))).toBe(true);
  });

  it('gives the same bytes as the frame of the same pixels', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(odd);
    const copy = { data: frame.data.slice(), width: frame.width, height: frame.height };
    for (const format of ['png', 'jpeg', 'webp', 'raw'] as const) {
      expect((await encode(copy, { format })).equals(await encode(frame, { format }))).toBe(true);
    }
  });

  it.each([
    [
      { data: Buffer.alloc(15), width: 2, height: 2 },
      'Expected at least 16 bytes for data (2x2 BGRX pixels, 8 bytes a row) but received 15 bytes',
    ],
    [
      { data: Buffer.alloc(19), width: 2, height: 2, stride: 12 },
      'Expected at least 20 bytes for data (2x2 BGRX pixels, 12 bytes a row) but received 19 bytes',
    ],
    [
      { data: Buffer.alloc(64), width: 2, height: 2, stride: 10 },
      'Expected multiple of 4 between 8 and 262144 for stride but received 10 of type number',
    ],
    [
      { data: Buffer.alloc(64), width: 0, height: 2 },
      'Expected integer between 1 and 65536 for width but received 0 of type number',
    ],
    [
      { data: Buffer.alloc(64), width: 2, height: '2' },
      'Expected integer between 1 and 65536 for height but received "2" of type string',
    ],
    [
      { data: [0, 0, 0, 0], width: 1, height: 1 },
      'Expected Uint8Array or Buffer for data but received [ 0, 0, 0, 0 ] of type object',
    ],
    [
      null,
      'Expected a Frame or { data, width, height, stride? } for image but received null of type object',
    ],
  ])('refuses a wrong image (%#)', async (image, message) => {
    await expect(encode(image as never)).rejects.toEqual(
      expect.objectContaining({ name: 'ScreenShotError', kind: 'argument', message }),
    );
  });
});

describe("sharp's global settings", () => {
  it('are left alone by importing the library and encoding', () => {
    // In a process of its own: in this one, other tests have loaded and used sharp already.
    const library = new URL('../../dist/src/index.js', import.meta.url).href;
    const script = `
      const { createRequire } = await import('node:module');
      const sharp = createRequire(${JSON.stringify(library)})('sharp');
      const before = sharp.cache();
      const { MSS, encode } = await import(${JSON.stringify(library)});
      const sct = new MSS({ display: ${JSON.stringify(painted.xvfb.display)} });
      const frame = sct.grab({ left: 0, top: 0, width: 64, height: 64 });
      await encode(frame, { format: 'png' });
      await encode(frame, { format: 'jpeg' });
      frame.release();
      sct.close();
      process.stdout.write(JSON.stringify({ before, after: sharp.cache() }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const { before, after } = JSON.parse(out);
    expect(before.items.max).toBeGreaterThan(0); // sharp's default: a cache is on
    expect([after.memory.max, after.files.max, after.items.max]).toEqual([
      before.memory.max,
      before.files.max,
      before.items.max,
    ]);
  });
});

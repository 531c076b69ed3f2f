// --scale and --resize in the library: encode() with scale/resize, exact where a scale is exact.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { paint } from '../../scripts/paint.js';
import { resizedSize } from '../../src/encode/resize.js';
import { encode, MSS, type PixelFormat } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const W = 64;
const H = 48;
/** BGRX of a W/2 x H/2 image whose every pixel differs, and the same image doubled (2x2 blocks). */
const small = Buffer.alloc((W / 2) * (H / 2) * 4);
const doubled = Buffer.alloc(W * H * 4);
for (let y = 0; y < H / 2; y++) {
  for (let x = 0; x < W / 2; x++) {
    const pixel = [(x * 37 + y * 11) & 255, (x * 5 + y * 91) & 255, (x * x + y * 3) & 255, 0];
    small.set(pixel, (y * (W / 2) + x) * 4);
    for (const [dx, dy] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const) {
      doubled.set(pixel, ((2 * y + dy) * W + 2 * x + dx) * 4);
    }
  }
}
const blocks = { left: 0, top: 0, width: W, height: H };
const original = { left: W, top: 0, width: W / 2, height: H / 2 };

/** BGRX as packed RGB. */
function rgb(bgrx: Buffer): Buffer {
  const out = Buffer.alloc((bgrx.length / 4) * 3);
  for (let i = 0, o = 0; i < bgrx.length; i += 4, o += 3)
    out.set([bgrx[i + 2] as number, bgrx[i + 1] as number, bgrx[i] as number], o);
  return out;
}

/** BGRX in a raw layout, byte 3 set to 255 where the layout has one. */
function layout(bgrx: Buffer, pixelFormat: PixelFormat): Buffer {
  if (pixelFormat === 'rgb24') return rgb(bgrx);
  const out = Buffer.from(bgrx);
  for (let i = 0; i < out.length; i += 4) {
    if (pixelFormat === 'rgba')
      out.set([bgrx[i + 2] as number, bgrx[i + 1] as number, bgrx[i] as number], i);
    out[i + 3] = 255;
  }
  return out;
}

const painted = useScreen(320, 200);
beforeAll(() => {
  paint(painted.xvfb.display, blocks.left, blocks.top, W, H, doubled);
  paint(painted.xvfb.display, original.left, original.top, W / 2, H / 2, small);
});

describe('encode with scale or resize', () => {
  it('halves 2x2 blocks into the image they were made of (scale 0.5, PNG)', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(blocks);
    const png = await encode(frame, { scale: 0.5, kernel: 'nearest' });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([W / 2, H / 2]);
    expect(data.equals(rgb(small))).toBe(true);
  });

  it('doubles each pixel into a 2x2 block (scale 2, nearest)', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(original);
    const png = await encode(frame, { scale: 2, kernel: 'nearest', pngEncoder: 'zlib' });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([W, H]);
    expect(data.equals(rgb(doubled))).toBe(true);
  });

  it.each(['bgr0', 'bgra', 'rgba', 'rgb24'] as const)(
    'gives raw %s at the new size, in that layout',
    async (pixelFormat) => {
      using sct = new MSS({ display: painted.xvfb.display });
      using frame = sct.grab(original);
      const raw = await encode(frame, {
        format: 'raw',
        pixelFormat,
        resize: { width: W, height: H },
        kernel: 'nearest',
      });
      expect(raw.equals(layout(doubled, pixelFormat))).toBe(true);
    },
  );

  it('keeps colours with the default kernel (byte 3, padding, is not taken for alpha)', async () => {
    // Byte 3 of every captured pixel is 0 on Xvfb: as alpha, it would make the result black.
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(blocks);
    const raw = await encode(frame, { format: 'raw', pixelFormat: 'rgb24', scale: 0.5 });
    expect(raw.length).toBe((W / 2) * (H / 2) * 3);
    const mean = raw.reduce((sum, b) => sum + b, 0) / raw.length;
    const expected = rgb(small).reduce((sum, b) => sum + b, 0) / raw.length;
    expect(Math.abs(mean - expected)).toBeLessThan(4);
  });

  it('keeps the aspect ratio when one side is given, and gives both sides exactly', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(blocks);
    const sizeOf = async (options: Parameters<typeof encode>[1]) => {
      const { width, height } = await sharp(await encode(frame, options)).metadata();
      return [width, height];
    };
    expect(await sizeOf({ format: 'jpeg', resize: { width: 32 } })).toEqual([32, 24]);
    expect(await sizeOf({ format: 'webp', resize: { height: 12 } })).toEqual([16, 12]);
    expect(await sizeOf({ resize: { width: 10, height: 40 } })).toEqual([10, 40]);
    expect(await sizeOf({ scale: 1.5 })).toEqual([96, 72]);
  });

  it('refuses a result under 1x1, a bad factor, and scale with resize', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(blocks);
    await expect(encode(frame, { scale: 0.01 })).rejects.toThrow(/64x48 resized is 1x0, under 1x1/);
    await expect(encode(frame, { scale: 0 })).rejects.toThrow(/scale must be a number above 0/);
    await expect(encode(frame, { scale: 2, resize: { width: 3 } })).rejects.toThrow(/not both/);
    await expect(encode(frame, { resize: {} })).rejects.toThrow(/a width, a height or both/);
  });
});

describe('resizedSize', () => {
  it('rounds to the nearest pixel and says null when nothing changes', () => {
    expect(resizedSize(1920, 1080, { scale: 0.5 })).toEqual({ width: 960, height: 540 });
    expect(resizedSize(1920, 1080, { resize: { width: 1280 } })).toEqual({
      width: 1280,
      height: 720,
    });
    expect(resizedSize(333, 17, { resize: { height: 5 } })).toEqual({ width: 98, height: 5 });
    expect(resizedSize(1920, 1080, { scale: 1 })).toBeNull();
    expect(resizedSize(1920, 1080, {})).toBeNull();
    expect(() => resizedSize(3840, 2160, { scale: 8 })).toThrow(/over 16383 pixels a side/);
  });
});

import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/capture/frame.js';
import { kernelBytes, RgbRows } from '../../src/encode/rgb-rows.js';
import { MSS, type Region } from '../../src/index.js';
import { expectedRgb } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 640;
const H = 120;
const painted = useScreen(W, H, { seed: 7 });

/** What the rows must hold: RGB of each painted pixel, after a zero byte when asked. */
const expected = (area: Region, filterByte: boolean) => expectedRgb(painted, area, { filterByte });

// Widths around the kernel's four-pixel step, so every tail length is covered.
const areas: Region[] = [1, 2, 3, 4, 5, 7, 8, 333, W].map((width, i) => ({
  left: W - width === 0 ? 0 : (i * 37) % (W - width),
  top: i * 3,
  width,
  height: H - i * 3 - 1,
}));

describe.each([
  { kernel: true, converter: 'wasm', name: 'WebAssembly kernel' },
  { kernel: false, converter: 'js', name: 'JavaScript fallback' },
])('RgbRows, $name', ({ kernel, converter }) => {
  it.each(areas)(
    'packs a $width-pixel-wide crop exactly, with and without filter bytes',
    (area) => {
      using sct = new MSS({ display: painted.xvfb.display });
      using frame = sct.grab(0);
      using crop = frame.crop(area); // stride wider than the row
      for (const filterByte of [false, true]) {
        const rows = new RgbRows(crop, { filterByte, kernel });
        expect(rows.converter).toBe(converter);
        expect(rows.pack(0, crop.height).equals(expected(area, filterByte))).toBe(true);
      }
    },
  );

  it('packs strip by strip into one buffer, each strip returned as its part of it', () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(0);
    const rows = new RgbRows(frame, { filterByte: true, maxRows: 50, kernel });
    expect(rows.converter).toBe(converter);
    const strips = [rows.pack(0, 50), rows.pack(50, 100), rows.pack(100, H)];
    expect(strips.map((s) => s.length / rows.rowBytes)).toEqual([50, 50, H - 100]);
    expect(
      Buffer.concat(strips).equals(expected({ left: 0, top: 0, width: W, height: H }, true)),
    ).toBe(true);
    expect(rows.bytes.equals(Buffer.concat(strips))).toBe(true);
  });
});

describe('the WebAssembly kernel', () => {
  it('is a module that WebAssembly validates', () => {
    expect(WebAssembly.validate(kernelBytes())).toBe(true);
  });

  /** xorshift32: the same rows for the same seed, so a failure can be replayed. */
  function randomBytes(length: number, seed: number): Uint8Array {
    const out = new Uint8Array(length);
    let x = seed >>> 0 || 1;
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  }

  // Three fixed seeds, and one new each run (in the test's name, to replay a failure).
  const seeds = [0x9e3779b9, 12345, 0xdeadbeef, Math.floor(Math.random() * 2 ** 32)];
  const widths = [1, 2, 3, 4, 5, 6, 7, 9, 15, 16, 17, 63, 64, 65, 333, 1021];
  it.each(seeds)('packs random rows as the JavaScript loop does (seed %i)', (seed) => {
    for (const [i, width] of widths.entries()) {
      const height = 1 + ((seed >>> i) % 23);
      const stride = width * 4 + 4 * ((seed >>> (i + 3)) % 5); // gaps between rows, or none
      // Only the fields RgbRows reads: random bytes are no screen's frame.
      const image = {
        data: randomBytes((height - 1) * stride + width * 4, seed + i),
        width,
        height,
        stride,
      } as unknown as Frame;
      for (const filterByte of [false, true]) {
        const maxRows = 1 + (i % height);
        const wasm = new RgbRows(image, { filterByte, maxRows, kernel: true });
        const js = new RgbRows(image, { filterByte, maxRows, kernel: false });
        expect([wasm.converter, js.converter]).toEqual(['wasm', 'js']);
        for (let top = 0; top < height; top += maxRows) {
          const bottom = Math.min(height, top + maxRows);
          expect(
            Buffer.compare(wasm.pack(top, bottom), js.pack(top, bottom)),
            `width ${width}`,
          ).toBe(0);
        }
      }
    }
  });
});

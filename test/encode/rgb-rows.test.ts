import { describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { RgbRows } from '../../src/encode/rgb-rows.js';
import { MSS, type Region } from '../../src/index.js';
import { usePaintedScreen } from '../helpers/screen.js';

const W = 640;
const H = 120;
const painted = usePaintedScreen(W, H, 7);

/** What the rows must hold: RGB of each painted pixel, after a zero byte when asked. */
function expected(area: Region, filterByte: boolean): Buffer {
  const bgrx = cut(painted.screen, W, area);
  const rowBytes = (filterByte ? 1 : 0) + area.width * 3;
  const out = Buffer.alloc(rowBytes * area.height);
  for (let y = 0; y < area.height; y++) {
    let o = y * rowBytes + (filterByte ? 1 : 0);
    for (let x = 0; x < area.width; x++, o += 3) {
      const i = (y * area.width + x) * 4;
      out.set([bgrx[i + 2] as number, bgrx[i + 1] as number, bgrx[i] as number], o);
    }
  }
  return out;
}

// Widths around the kernel's four-pixel step, so every tail length is covered.
const areas: Region[] = [1, 2, 3, 4, 5, 7, 8, 333, W].map((width, i) => ({
  left: W - width === 0 ? 0 : (i * 37) % (W - width),
  top: i * 3,
  width,
  height: H - i * 3 - 1,
}));

describe.each([
  { kernel: true, name: 'WebAssembly kernel' },
  { kernel: false, name: 'JavaScript fallback' },
])('RgbRows, $name', ({ kernel }) => {
  it.each(areas)(
    'packs a $width-pixel-wide crop exactly, with and without filter bytes',
    (area) => {
      using sct = new MSS({ display: painted.xvfb.display });
      using frame = sct.grab(0);
      using crop = frame.crop(area); // stride wider than the row
      for (const filterByte of [false, true]) {
        const rows = new RgbRows(crop, { filterByte, kernel });
        expect(rows.pack(0, crop.height).equals(expected(area, filterByte))).toBe(true);
      }
    },
  );

  it('packs strip by strip into one buffer, each strip returned as its part of it', () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(0);
    const rows = new RgbRows(frame, { filterByte: true, maxRows: 50, kernel });
    const strips = [rows.pack(0, 50), rows.pack(50, 100), rows.pack(100, H)];
    expect(strips.map((s) => s.length / rows.rowBytes)).toEqual([50, 50, H - 100]);
    expect(
      Buffer.concat(strips).equals(expected({ left: 0, top: 0, width: W, height: H }, true)),
    ).toBe(true);
    expect(rows.bytes.equals(Buffer.concat(strips))).toBe(true);
  });
});

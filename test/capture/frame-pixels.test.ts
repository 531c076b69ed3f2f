// Frame.pixel(), toRgb() and toRgba() against the pixels painted on a real Xvfb, byte for byte.
import { describe, expect, it } from 'vitest';
import { MSS, type Region, ScreenShotError } from '../../src/index.js';
import { expectedRgb } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 333; // odd: rows whose length is not a multiple of four pixels
const H = 61;
const painted = useScreen(W, H, { seed: 5 });

/** The painted pixels of `area`, each as `channels` bytes of R, G, B (and 255). */
const expected = (area: Region, channels: 3 | 4): Buffer =>
  expectedRgb(painted, area, { alpha: channels === 4 });

const whole = { left: 0, top: 0, width: W, height: H };
const inner = { left: 101, top: 7, width: 45, height: 23 };

describe('frame.pixel(x, y)', () => {
  it('is [r, g, b] of the painted pixel, counted from the frame corner', () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(inner);
    for (const [x, y] of [
      [0, 0],
      [44, 0],
      [0, 22],
      [44, 22],
      [13, 9],
    ] as const) {
      const at = expected({ left: inner.left + x, top: inner.top + y, width: 1, height: 1 }, 3);
      expect(frame.pixel(x, y)).toEqual([...at]);
    }
  });

  it('reads a crop through its stride', () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(whole);
    using crop = frame.crop(inner);
    const corner = expected({ left: inner.left + 44, top: inner.top + 22, width: 1, height: 1 }, 3);
    expect(crop.pixel(44, 22)).toEqual([...corner]);
  });

  it.each([
    [45, 0, 'Expected integer between 0 and 44 for x but received 45 of type number'],
    [-1, 0, 'Expected integer between 0 and 44 for x but received -1 of type number'],
    [0.5, 0, 'Expected integer between 0 and 44 for x but received 0.5 of type number'],
    [0, 23, 'Expected integer between 0 and 22 for y but received 23 of type number'],
  ])('refuses (%d, %d), outside the frame', (x, y, message) => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(inner);
    expect(() => frame.pixel(x, y)).toThrow(ScreenShotError);
    expect(() => frame.pixel(x, y)).toThrow(message);
  });

  it('refuses a released frame', () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const frame = sct.grab(inner);
    frame.release();
    expect(() => frame.pixel(0, 0)).toThrow(/released/);
  });
});

describe.each([
  ['toRgb', 3],
  ['toRgba', 4],
] as const)('frame.%s()', (method, channels) => {
  it('is the painted screen, packed, in a new buffer', () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const frame = sct.grab(whole);
    const bytes = frame[method]();
    expect(bytes).toBeInstanceOf(Buffer);
    expect(bytes.equals(expected(whole, channels))).toBe(true);
    expect(bytes.buffer).not.toBe(frame.data.buffer);
    frame.release();
    expect(bytes.equals(expected(whole, channels))).toBe(true); // still readable
  });

  it('packs a crop without its stride gaps', () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(whole);
    using crop = frame.crop(inner);
    expect(crop[method]().equals(expected(inner, channels))).toBe(true);
  });

  it('refuses a released frame', () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const frame = sct.grab(inner);
    frame.release();
    expect(() => frame[method]()).toThrow(/released/);
  });
});

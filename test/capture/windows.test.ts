// Window capture through the library, on real windows with known pixels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cut, paint, pattern } from '../../scripts/paint.js';
import { TestWindows, windowPicture } from '../../scripts/windows.js';
import { startXvfb, type Xvfb } from '../../scripts/xvfb.js';
import { MSS } from '../../src/capture/mss.js';

const W = 800;
const H = 600;
let xvfb: Xvfb;
let plain: Xvfb;
let windows: TestWindows;
let plainWindows: TestWindows;
const screen = pattern(W, H, 5);

/** The bytes of a frame, packed. */
function bytesOf(frame: { data: Uint8Array; width: number; height: number; stride: number }) {
  const rows: Buffer[] = [];
  for (let y = 0; y < frame.height; y++) {
    rows.push(
      Buffer.from(frame.data.subarray(y * frame.stride, y * frame.stride + frame.width * 4)),
    );
  }
  return Buffer.concat(rows);
}

beforeAll(async () => {
  [xvfb, plain] = await Promise.all([
    startXvfb({ screen: `${W}x${H}x24` }),
    startXvfb({ screen: `${W}x${H}x24`, without: ['Composite'] }),
  ]);
  for (const x of [xvfb, plain]) paint(x.display, 0, 0, W, H, screen);
  windows = new TestWindows(xvfb.display);
  plainWindows = new TestWindows(plain.display);
});

afterAll(async () => {
  windows?.[Symbol.dispose]();
  plainWindows?.[Symbol.dispose]();
  await Promise.all([xvfb?.stop(), plain?.stop()]);
});

describe('window capture', () => {
  it('captures a window by id, exactly, where it is on the screen', () => {
    const picture = windowPicture(200, 100, 1);
    const id = windows.create({
      x: 50,
      y: 60,
      width: 200,
      height: 100,
      pixels: picture,
      name: 'by id',
    });
    using sct = new MSS({ display: xvfb.display });
    using frame = sct.grab({ window: id });
    expect([frame.left, frame.top, frame.width, frame.height]).toEqual([50, 60, 200, 100]);
    expect(bytesOf(frame).equals(picture)).toBe(true);
    windows.destroy(id);
  });

  it('captures the covered window own pixels with Composite, the cover without', () => {
    const picture = windowPicture(300, 200, 2);
    const coverPicture = windowPicture(150, 100, 3);
    const id = windows.create({
      x: 100,
      y: 100,
      width: 300,
      height: 200,
      pixels: picture,
      name: 'covered',
    });
    const cover = windows.create({
      x: 150,
      y: 150,
      width: 150,
      height: 100,
      pixels: coverPicture,
      overrideRedirect: true,
    });
    using sct = new MSS({ display: xvfb.display });
    expect(sct.compositeProblem).toBeNull();
    {
      using frame = sct.grab({ window: id });
      expect(bytesOf(frame).equals(picture)).toBe(true);
    }
    {
      using frame = sct.grab({ window: id, composite: false });
      const bytes = bytesOf(frame);
      expect(bytes.equals(picture)).toBe(false);
      // The cover's pixels show where it lies, at 50,50 inside the window.
      expect(
        cut(bytes, 300, { left: 50, top: 50, width: 150, height: 100 }).equals(coverPicture),
      ).toBe(true);
    }
    windows.destroy(cover);
    windows.destroy(id);
  });
});

// Window capture through the library, on real windows with known pixels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { TestWindows, windowPicture } from '../../scripts/windows.js';
import { ScreenShotError } from '../../src/capture/errors.js';
import { MSS } from '../../src/capture/mss.js';
import { packedBgrx } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 800;
const H = 600;
const composite = useScreen(W, H, { seed: 5 });
const withoutComposite = useScreen(W, H, { seed: 5, without: ['Composite'] });
let windows: TestWindows;
let plainWindows: TestWindows;

beforeAll(() => {
  windows = new TestWindows(composite.xvfb.display);
  plainWindows = new TestWindows(withoutComposite.xvfb.display);
});

afterAll(() => {
  windows?.[Symbol.dispose]();
  plainWindows?.[Symbol.dispose]();
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
    using sct = new MSS({ display: composite.xvfb.display });
    using frame = sct.grab({ window: id });
    expect([frame.left, frame.top, frame.width, frame.height]).toEqual([50, 60, 200, 100]);
    expect(packedBgrx(frame).equals(picture)).toBe(true);
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
    using sct = new MSS({ display: composite.xvfb.display });
    expect(sct.compositeProblem).toBeNull();
    {
      using frame = sct.grab({ window: id });
      expect(packedBgrx(frame).equals(picture)).toBe(true);
    }
    {
      using frame = sct.grab({ window: id, composite: false });
      const bytes = packedBgrx(frame);
      expect(bytes.equals(picture)).toBe(false);
      // The cover's pixels show where it lies, at 50,50 inside the window.
      expect(
        cut(bytes, 300, { left: 50, top: 50, width: 150, height: 100 }).equals(coverPicture),
      ).toBe(true);
    }
    windows.destroy(cover);
    windows.destroy(id);
  });

  it('frames() follows a window that moves, and throws a capture error once it is closed', async () => {
    const picture = windowPicture(64, 32, 4);
    const id = windows.create({
      x: 10,
      y: 10,
      width: 64,
      height: 32,
      pixels: picture,
      name: 'loop',
    });
    using sct = new MSS({ display: composite.xvfb.display });
    const seen: string[] = [];
    let failure: unknown;
    try {
      for await (using frame of sct.frames(sct.window('loop'), { interval: 20, count: 100 })) {
        expect(packedBgrx(frame).equals(picture)).toBe(true);
        seen.push(`${frame.left},${frame.top}`);
        if (seen.length === 2) windows.move(id, 300, 200);
        if (seen.length === 4) windows.destroy(id);
      }
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual(['10,10', '10,10', '300,200', '300,200']);
    expect(failure).toBeInstanceOf(ScreenShotError);
    expect((failure as ScreenShotError).kind).toBe('capture');
    expect((failure as Error).message).toBe(`window 0x${id.toString(16)} ("loop") was closed`);
  });

  it('frames() reads the window again when it is resized or the screen edge cuts it', async () => {
    const picture = windowPicture(100, 50, 8);
    const id = windows.create({ x: 20, y: 20, width: 100, height: 50, pixels: picture });
    using sct = new MSS({ display: composite.xvfb.display });
    const seen: string[] = [];
    for await (using frame of sct.frames({ window: id }, { interval: 20, count: 6 })) {
      const { left, top, width, height } = frame;
      seen.push(`${width}x${height}+${left}+${top}`);
      // The background pixmap tiles from the window's origin: any part of it is known.
      expect(packedBgrx(frame).equals(cut(picture, 100, { left: 0, top: 0, width, height }))).toBe(
        true,
      );
      if (seen.length === 2) windows.move(id, W - 40, 20); // the right edge cuts it
      if (seen.length === 4) {
        windows.move(id, 20, 20);
        windows.resize(id, 60, 30);
      }
    }
    expect(seen).toEqual([
      '100x50+20+20',
      '100x50+20+20',
      `40x50+${W - 40}+20`,
      `40x50+${W - 40}+20`,
      '60x30+20+20',
      '60x30+20+20',
    ]);
    windows.destroy(id);
  });

  it('window() names what matched, or that nothing did (kind argument)', () => {
    using sct = new MSS({ display: composite.xvfb.display });
    expect(() => sct.window('no such window')).toThrow(
      expect.objectContaining({
        kind: 'argument',
        message: 'no window whose name contains "no such window"',
      }),
    );
    expect(sct.windows()).toEqual([]);
  });

  it('captures the screen area on a server without Composite', () => {
    const picture = windowPicture(50, 40, 6);
    const cover = windowPicture(20, 10, 7);
    plainWindows.create({ x: 5, y: 5, width: 50, height: 40, pixels: picture });
    plainWindows.create({
      x: 15,
      y: 15,
      width: 20,
      height: 10,
      pixels: cover,
      overrideRedirect: true,
    });
    using sct = new MSS({ display: withoutComposite.xvfb.display });
    expect(sct.compositeProblem).toBe('the X server has no Composite extension');
    const [under] = sct.windows();
    using frame = sct.grab({ window: (under as { id: number }).id });
    expect(
      cut(packedBgrx(frame), 50, { left: 10, top: 10, width: 20, height: 10 }).equals(cover),
    ).toBe(true);
  });
});

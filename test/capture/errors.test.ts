import { describe, expect, it } from 'vitest';
import { MSS, ScreenShotError } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

function thrown(fn: () => unknown): ScreenShotError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScreenShotError);
    return error as ScreenShotError;
  }
  throw new Error('expected a ScreenShotError');
}

describe('connecting', () => {
  it('explains an unset DISPLAY', () => {
    const saved = { DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY };
    delete process.env.DISPLAY;
    delete process.env.WAYLAND_DISPLAY;
    try {
      const error = thrown(() => new MSS());
      expect(error.message).toBe(
        'the display is unset or invalid: set DISPLAY or pass a display name (for example :0)',
      );
      expect(error.kind).toBe('display');
      process.env.WAYLAND_DISPLAY = 'wayland-0';
      expect(thrown(() => new MSS()).message).toMatch(/Wayland session without X11 access/);
    } finally {
      Object.assign(process.env, saved);
      if (saved.DISPLAY === undefined) delete process.env.DISPLAY;
      if (saved.WAYLAND_DISPLAY === undefined) delete process.env.WAYLAND_DISPLAY;
    }
  });

  it('explains a display that does not answer', () => {
    const error = thrown(() => new MSS({ display: ':4099' }));
    expect(error.message).toBe(
      'cannot open display ":4099": the X server refused the connection or is not running',
    );
    expect(error.kind).toBe('display');
  });

  it('explains a malformed display name', () => {
    expect(thrown(() => new MSS({ display: 'no-colon' })).message).toMatch(
      /^cannot open display "no-colon": the display is unset or invalid/,
    );
  });

  it('refuses an unknown backend', () => {
    expect(() => new MSS({ display: ':0', backend: 'fast' as never })).toThrow(
      'Expected one of auto, shm, getimage for backend but received "fast" of type string',
    );
  });
});

describe('a depth-16 server', () => {
  const server = useScreen(320, 240, { depth: 16 });

  it('is refused with the depth named', () => {
    const error = thrown(() => new MSS({ display: server.xvfb.display }));
    expect(error.message).toBe('depth 16 is not supported; mss-ts needs depth 24 or 32');
    expect(error.kind).toBe('display');
  });
});

describe('regions', () => {
  const server = useScreen(800, 600);

  it.each([
    [
      { left: 700, top: 0, width: 101, height: 10 },
      'region 101x10+700+0 reaches outside the screen (800x600+0+0)',
    ],
    [
      { left: -1, top: 0, width: 10, height: 10 },
      'region 10x10+-1+0 reaches outside the screen (800x600+0+0)',
    ],
    [
      { left: 0, top: 0, width: 0, height: 10 },
      'region 0x10+0+0 is empty: width and height must be at least 1',
    ],
    [
      { left: 0, top: 0, width: 10, height: -3 },
      'region 10x-3+0+0 is empty: width and height must be at least 1',
    ],
    [
      { left: 0.5, top: 0, width: 10, height: 10 },
      'region 10x10+0.5+0 must be whole pixels (integers)',
    ],
  ])('refuses %o', (region, message) => {
    using sct = new MSS({ display: server.xvfb.display });
    const error = thrown(() => sct.grab(region));
    expect(error.message).toBe(message);
    expect(error.kind).toBe('region');
    using frame = sct.grab({ left: 0, top: 0, width: 800, height: 600 }); // still usable
    expect(frame.width).toBe(800);
  });
});

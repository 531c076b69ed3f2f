// The pointer in frames (MSS cursor option), on a real Xvfb whose pointer has known pixels.
import { beforeAll, describe, expect, it } from 'vitest';
import { cut, paint } from '../../scripts/paint.js';
import { TestWindows, windowPicture } from '../../scripts/windows.js';
import { MSS, type Region, ScreenShotError } from '../../src/index.js';
import { queryExtension, XConnection } from '../../src/native/xcb.js';
import { hideCursor, startGetCursorImage, xfixesQueryVersion } from '../../src/native/xfixes.js';
import {
  blendPointer,
  compositeOnRoot,
  movePointer,
  over,
  type PointerImage,
  setRootPointer,
  straightOver,
} from '../helpers/pointer.js';
import { useScreen } from '../helpers/screen.js';

const W = 640;
const H = 480;
const painted = useScreen(W, H, { seed: 11 });
const { screen } = painted;

/**
 * 9x7 pixels, premultiplied as RENDER defines them (each colour at most its alpha): every
 * alpha from transparent to opaque, and colours for which straight and premultiplied blending
 * give different results.
 */
function pointerImage(): PointerImage {
  const width = 9;
  const height = 7;
  const argb = new Uint32Array(width * height);
  const alphas = [0x00, 0x20, 0x55, 0x80, 0xaa, 0xd4, 0xff];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = alphas[(x + y) % alphas.length] as number;
      const straight = [(x * 40 + 30) & 0xff, (y * 50 + 90) & 0xff, ((x ^ y) * 30 + 10) & 0xff];
      const [r, g, b] = straight.map((c) => Math.round((c * a) / 255)) as [number, number, number];
      argb[y * width + x] = ((a << 24) | (r << 16) | (g << 8) | b) >>> 0;
    }
  }
  return { width, height, xhot: 3, yhot: 2, argb };
}
const POINTER = pointerImage();

/** The painted bytes of `region` with the pointer's hotspot at px,py, blended by `blend`. */
const expected = (region: Region, px: number, py: number, blend = over) =>
  blendPointer(
    cut(screen, W, region),
    region.width,
    POINTER,
    px - region.left,
    py - region.top,
    blend,
  );

const bytes = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
/** A copy of BGRX bytes with the padding byte zeroed. */
function colours(data: Uint8Array): Buffer {
  const copy = Buffer.from(data);
  for (let i = 3; i < copy.length; i += 4) copy[i] = 0;
  return copy;
}

beforeAll(() => setRootPointer(painted.xvfb.display, POINTER));

describe('the pointer as the X server reports it', () => {
  it('is the premultiplied ARGB picture it was made from, unchanged', () => {
    movePointer(painted.xvfb.display, 100, 90);
    const conn = new XConnection(painted.xvfb.display);
    try {
      queryExtension(conn, 'XFIXES');
      xfixesQueryVersion(conn);
      const image = startGetCursorImage(conn)();
      expect([image.x, image.y, image.width, image.height, image.xhot, image.yhot]).toEqual([
        100,
        90,
        POINTER.width,
        POINTER.height,
        POINTER.xhot,
        POINTER.yhot,
      ]);
      expect([...image.pixels]).toEqual([...POINTER.argb]);
    } finally {
      conn.close();
    }
  });

  it('is still reported while another client hides it with XFixesHideCursor', () => {
    // The server answers GetCursorImage from the current cursor whatever the hide count: a
    // pointer hidden this way cannot be told apart, and is drawn.
    const hider = new XConnection(painted.xvfb.display);
    try {
      queryExtension(hider, 'XFIXES');
      xfixesQueryVersion(hider);
      hideCursor(hider, hider.screen.root);
      movePointer(painted.xvfb.display, 100, 90);
      using sct = new MSS({ display: painted.xvfb.display, cursor: true });
      const region = { left: 80, top: 80, width: 40, height: 30 };
      using frame = sct.grab(region);
      expect(bytes(frame.data).equals(expected(region, 100, 90))).toBe(true);
    } finally {
      hider.close();
    }
  });
});

describe('MSS with cursor', () => {
  it('draws the pointer exactly as the X server composites the same picture (RENDER Over)', () => {
    // The same background at two places; the server composites the picture on one, the
    // pointer sits on the other.
    const a = { left: 300, top: 200, width: 20, height: 16 };
    const b = { left: 400, top: 300, width: 20, height: 16 };
    const tile = cut(screen, W, a);
    paint(painted.xvfb.display, b.left, b.top, b.width, b.height, tile);
    try {
      compositeOnRoot(painted.xvfb.display, POINTER, a.left + 5, a.top + 4);
      movePointer(painted.xvfb.display, b.left + 5 + POINTER.xhot, b.top + 4 + POINTER.yhot);
      using sct = new MSS({ display: painted.xvfb.display });
      using server = sct.grab(a, { cursor: false });
      using ours = sct.grab(b, { cursor: true });
      // Byte 3 is padding: RENDER writes the alpha it computed there, mss-ts leaves it alone.
      expect(colours(ours.data).equals(colours(server.data))).toBe(true);
      expect(colours(server.data).equals(colours(tile))).toBe(false); // the server did draw
    } finally {
      paint(painted.xvfb.display, a.left, a.top, a.width, a.height, tile);
      paint(painted.xvfb.display, b.left, b.top, b.width, b.height, cut(screen, W, b));
    }
  });

  it('draws premultiplied pixels at the pointer, and nothing else in the area', () => {
    movePointer(painted.xvfb.display, 200, 150);
    using sct = new MSS({ display: painted.xvfb.display, cursor: true });
    const region = { left: 180, top: 140, width: 50, height: 30 };
    using frame = sct.grab(region);
    const want = expected(region, 200, 150);
    expect(bytes(frame.data).equals(want)).toBe(true);
    // The test tells the two formulas apart: straight alpha gives other pixels.
    expect(want.equals(expected(region, 200, 150, straightOver))).toBe(false);
  });

  it.each([
    ['the top-left corner of the screen', 0, 0, { left: 0, top: 0, width: 12, height: 9 }],
    [
      'the bottom-right corner of the screen',
      W - 1,
      H - 1,
      { left: W - 12, top: H - 9, width: 12, height: 9 },
    ],
    ['the left edge of the area', 101, 50, { left: 100, top: 40, width: 30, height: 30 }],
    ['the bottom edge of the area', 120, 69, { left: 100, top: 40, width: 30, height: 30 }],
  ])('clips a pointer at %s', (_where, px, py, region) => {
    movePointer(painted.xvfb.display, px, py);
    using sct = new MSS({ display: painted.xvfb.display, cursor: true });
    using frame = sct.grab(region);
    const want = expected(region, px, py);
    expect(want.equals(cut(screen, W, region))).toBe(false); // part of it is inside
    expect(bytes(frame.data).equals(want)).toBe(true);
  });

  it.each([
    ['its own contents (Composite), partly covered', true, 40],
    ['its area of the screen', false, 45],
  ])('draws the pointer over a window captured as %s', (_how, composite, x) => {
    using windows = new TestWindows(painted.xvfb.display);
    const picture = windowPicture(120, 90, 4);
    const id = windows.create({ x: 300, y: 200, width: 120, height: 90, pixels: picture });
    // Covers a corner away from the pointer: with Composite, the window's own pixels come out.
    if (composite)
      windows.create({ x: 400, y: 270, width: 40, height: 40, overrideRedirect: true });
    windows.conn.flush();
    movePointer(painted.xvfb.display, 300 + x, 230); // a new place: xdotool waits for a move
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab({ window: id, composite }, { cursor: true });
    const behind = composite ? picture : Buffer.from(frame.data); // the screen area as it shows
    if (!composite) {
      using plain = sct.grab({ window: id, composite });
      behind.set(plain.data);
    }
    const want = blendPointer(colours(behind), 120, POINTER, x, 30);
    expect(colours(frame.data).equals(colours(want))).toBe(true);
    expect(want.equals(colours(behind))).toBe(false); // the pointer is in the picture
  });

  it('changes nothing when the pointer is outside the area', () => {
    movePointer(painted.xvfb.display, 300, 300);
    using sct = new MSS({ display: painted.xvfb.display, cursor: true });
    const region = { left: 10, top: 10, width: 40, height: 40 };
    using frame = sct.grab(region);
    expect(bytes(frame.data).equals(cut(screen, W, region))).toBe(true);
  });

  it('draws nothing for an empty cursor (how programs hide the pointer)', () => {
    const empty = { ...POINTER, argb: new Uint32Array(POINTER.argb.length) };
    setRootPointer(painted.xvfb.display, empty);
    try {
      movePointer(painted.xvfb.display, 200, 150);
      using sct = new MSS({ display: painted.xvfb.display, cursor: true });
      const region = { left: 180, top: 140, width: 50, height: 30 };
      using frame = sct.grab(region);
      expect(bytes(frame.data).equals(cut(screen, W, region))).toBe(true);
    } finally {
      setRootPointer(painted.xvfb.display, POINTER);
    }
  });

  it('follows the pointer from frame to frame in a loop', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const region = { left: 200, top: 100, width: 120, height: 80 };
    const spots: [number, number][] = [
      [210, 110],
      [260, 150],
      [318, 178],
    ];
    movePointer(painted.xvfb.display, 210, 110);
    let n = 0;
    for await (using frame of sct.frames(region, { count: spots.length, cursor: true })) {
      const [px, py] = spots[n] as [number, number];
      expect(bytes(frame.data).equals(expected(region, px, py)), `frame ${n}`).toBe(true);
      n++;
      const next = spots[n];
      if (next) movePointer(painted.xvfb.display, ...next);
    }
    expect(n).toBe(spots.length);
  });
});

describe.each(['shm', 'getimage'] as const)('the pooled buffer, through %s', (backend) => {
  it('shows no pointer to a later grab of the same area without one', () => {
    movePointer(painted.xvfb.display, 200, 150);
    using sct = new MSS({ display: painted.xvfb.display, backend });
    const region = { left: 150, top: 120, width: 100, height: 60 };
    const clean = cut(screen, W, region);
    // With damage tracking, from the third grab on only rows that changed on screen are
    // copied: a pointer left in the buffer would survive into the next frame.
    for (let i = 0; i < 3; i++) sct.grab(region).release();
    const first = sct.grab(region, { cursor: true });
    const copy = Buffer.from(first.data);
    expect(copy.equals(expected(region, 200, 150))).toBe(true);
    // While it is held, another grab uses another buffer...
    using meanwhile = sct.grab(region);
    expect(bytes(meanwhile.data).equals(clean)).toBe(true);
    // ...and a crop keeps the pointer it shares with its frame.
    const crop = first.crop(region);
    first.release();
    expect(bytes(crop.data).equals(copy)).toBe(true);
    crop.release();
    // The buffer is back in the pool (the next grab takes the most recently released one).
    using after = sct.grab(region);
    expect(bytes(after.data).equals(clean)).toBe(true);
    expect(sct.status.damageTracking).toBe(true);
  });
});

describe('without the XFIXES extension', () => {
  const bare = useScreen(320, 240, { without: ['XFIXES'] });

  it('refuses cursor: true, naming the extension', () => {
    let error: unknown;
    try {
      new MSS({ display: bare.xvfb.display, cursor: true }).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScreenShotError);
    expect((error as ScreenShotError).kind).toBe('display');
    expect((error as Error).message).toMatch(/no XFIXES extension/);
    using sct = new MSS({ display: bare.xvfb.display });
    expect(() => sct.grab(0, { cursor: true })).toThrow(/no XFIXES extension/);
  });

  it('grabs as before without it', () => {
    using sct = new MSS({ display: bare.xvfb.display });
    using frame = sct.grab(0);
    expect(frame.width).toBe(320);
  });
});

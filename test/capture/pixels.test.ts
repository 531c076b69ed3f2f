import { describe, expect, it } from 'vitest';
import { cut, paint } from '../../scripts/paint.js';
import { MSS, type Region } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const W = 1920;
const H = 1080;
const server = useScreen(W, H, { seed: 5 });
const { screen } = server;

/** The frame's pixels, row by row, without stride padding. */
function packed(data: Uint8Array, region: Region, stride: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < region.height; y++) {
    rows.push(Buffer.from(data.subarray(y * stride, y * stride + region.width * 4)));
  }
  return Buffer.concat(rows);
}

const regions: Region[] = [
  { left: 0, top: 0, width: W, height: H },
  { left: 0, top: 0, width: 1, height: 1 },
  { left: 333, top: 77, width: 41, height: 41 },
  { left: 1, top: 1, width: 1917, height: 3 },
  { left: 0, top: H - 1, width: W, height: 1 },
  { left: W - 1, top: 0, width: 1, height: H },
  { left: W - 1, top: H - 1, width: 1, height: 1 },
];

describe.each(['shm', 'getimage'] as const)('grab through %s', (backend) => {
  it.each(regions)('returns the painted bytes of %o exactly', (region) => {
    using sct = new MSS({ display: server.xvfb.display, backend });
    using frame = sct.grab(region);
    expect(sct.status.backend).toBe(backend);
    expect([frame.left, frame.top, frame.width, frame.height]).toEqual([
      region.left,
      region.top,
      region.width,
      region.height,
    ]);
    expect(frame.stride).toBe(region.width * 4);
    expect(frame.data.length).toBe(region.width * region.height * 4);
    expect(packed(frame.data, region, frame.stride).equals(cut(screen, W, region))).toBe(true);
  });

  it('grabs a monitor by index: 0 is the whole screen', () => {
    using sct = new MSS({ display: server.xvfb.display, backend });
    using frame = sct.grab(0);
    expect(frame.width).toBe(W);
    expect(Buffer.from(frame.data).equals(screen)).toBe(true);
  });

  it('sees a change between two grabs', () => {
    using sct = new MSS({ display: server.xvfb.display, backend });
    const area = { left: 10, top: 20, width: 8, height: 8 };
    const before = Buffer.from(sct.grab(area).data);
    const red = Buffer.alloc(8 * 8 * 4);
    for (let i = 0; i < red.length; i += 4) red[i + 2] = 0xff;
    paint(server.xvfb.display, 10, 20, 8, 8, red);
    try {
      using frame = sct.grab(area);
      expect(Buffer.from(frame.data).equals(red)).toBe(true);
      expect(before.equals(red)).toBe(false);
    } finally {
      paint(server.xvfb.display, 10, 20, 8, 8, cut(screen, W, area));
    }
  });
});

describe('Frame.crop', () => {
  it('is a zero-copy view of the parent with the parent stride', () => {
    using sct = new MSS({ display: server.xvfb.display });
    using frame = sct.grab(0);
    const area = { left: 960, top: 100, width: 101, height: 7 };
    using crop = frame.crop(area);
    expect(crop.stride).toBe(W * 4);
    expect(crop.data.buffer).toBe(frame.data.buffer);
    expect(packed(crop.data, area, crop.stride).equals(cut(screen, W, area))).toBe(true);
  });

  it('refuses an area outside the frame, naming both', () => {
    using sct = new MSS({ display: server.xvfb.display });
    using frame = sct.grab({ left: 0, top: 0, width: 100, height: 100 });
    expect(() => frame.crop({ left: 50, top: 50, width: 51, height: 10 })).toThrow(
      'region 51x10+50+50 reaches outside the frame (100x100+0+0)',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { cut, paint } from '../../scripts/paint.js';
import { MSS, type Region, ScreenShotError } from '../../src/index.js';
import { packedBgrx } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 1920;
const H = 1080;
const server = useScreen(W, H, { seed: 5 });
const { screen } = server;

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
    expect(packedBgrx(frame).equals(cut(screen, W, region))).toBe(true);
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

describe('a display reached over TCP (no file-descriptor passing)', () => {
  const tcp = useScreen(640, 480, { seed: 9, tcp: true });

  it('falls back to GetImage, says why, and grabs exact pixels', () => {
    using sct = new MSS({ display: tcp.xvfb.tcpDisplay });
    const area = { left: 13, top: 17, width: 301, height: 99 };
    using frame = sct.grab(area);
    expect(Buffer.from(frame.data).equals(cut(tcp.screen, 640, area))).toBe(true);
    expect(sct.status.backend).toBe('getimage');
    expect(sct.status.reasons).toEqual([
      `display "${tcp.xvfb.tcpDisplay}" is not a local Unix socket (TCP or ssh-forwarded), so shared memory cannot be passed to it`,
    ]);
  });

  it("refuses backend 'shm' with an error that says why", () => {
    using sct = new MSS({ display: tcp.xvfb.tcpDisplay, backend: 'shm' });
    expect(() => sct.grab(0)).toThrow(ScreenShotError);
    expect(() => sct.grab(0)).toThrow(
      /^MIT-SHM cannot be used: display .* is not a local Unix socket/,
    );
  });

  it('uses MIT-SHM on the same server over the Unix socket', () => {
    using sct = new MSS({ display: tcp.xvfb.display });
    expect(sct.status).toEqual({ backend: 'shm', damageTracking: true, reasons: [] });
  });
});

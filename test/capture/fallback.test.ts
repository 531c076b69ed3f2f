import { describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { MSS, ScreenShotError } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const server = useScreen(640, 480, { seed: 9, tcp: true });
const { screen } = server;

describe('a display reached over TCP (no file-descriptor passing)', () => {
  it('falls back to GetImage, says why, and grabs exact pixels', () => {
    using sct = new MSS({ display: server.xvfb.tcpDisplay });
    const area = { left: 13, top: 17, width: 301, height: 99 };
    using frame = sct.grab(area);
    expect(Buffer.from(frame.data).equals(cut(screen, 640, area))).toBe(true);
    expect(sct.status.backend).toBe('getimage');
    expect(sct.status.reasons).toEqual([
      `display "${server.xvfb.tcpDisplay}" is not a local Unix socket (TCP or ssh-forwarded), so shared memory cannot be passed to it`,
    ]);
  });

  it("refuses backend 'shm' with an error that says why", () => {
    using sct = new MSS({ display: server.xvfb.tcpDisplay, backend: 'shm' });
    expect(() => sct.grab(0)).toThrow(ScreenShotError);
    expect(() => sct.grab(0)).toThrow(
      /^MIT-SHM cannot be used: display .* is not a local Unix socket/,
    );
  });

  it('uses MIT-SHM on the same server over the Unix socket', () => {
    using sct = new MSS({ display: server.xvfb.display });
    expect(sct.status).toEqual({ backend: 'shm', damageTracking: true, reasons: [] });
  });
});

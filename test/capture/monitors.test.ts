import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fromCrtcs } from '../../src/capture/monitors.js';
import { MSS } from '../../src/index.js';
import { XConnection } from '../../src/native/xcb.js';
import { useScreen } from '../helpers/screen.js';

const server = useScreen(1920, 1080);

const xrandr = (...args: string[]) =>
  execFileSync('xrandr', ['-display', server.xvfb.display, ...args], { stdio: 'pipe' });

describe('monitors', () => {
  it('has the whole screen at 0 and the single Xvfb output at 1', () => {
    using sct = new MSS({ display: server.xvfb.display });
    expect(sct.monitors).toEqual([
      { index: 0, name: 'all', left: 0, top: 0, width: 1920, height: 1080, primary: false },
      expect.objectContaining({ index: 1, left: 0, top: 0, width: 1920, height: 1080 }),
    ]);
  });

  it('reads the CRTC list on servers older than RandR 1.5', () => {
    const conn = new XConnection(server.xvfb.display);
    try {
      expect(fromCrtcs(conn, conn.screen.root, 3)).toEqual([
        expect.objectContaining({ left: 0, top: 0, width: 1920, height: 1080, name: 'screen' }),
      ]);
    } finally {
      conn.close();
    }
  });

  it('returns monitors defined with xrandr --setmonitor, and refreshes after a change', () => {
    using sct = new MSS({ display: server.xvfb.display });
    expect(sct.monitors).toHaveLength(2);
    xrandr('--setmonitor', 'LEFT', '960/254x1080/286+0+0', 'screen');
    xrandr('--setmonitor', 'RIGHT', '960/254x1080/286+960+0', 'none');
    try {
      expect(sct.monitors).toHaveLength(2); // cached until refreshed
      const monitors = sct.refreshMonitors();
      expect(monitors.map((m) => [m.index, m.name, m.left, m.top, m.width, m.height])).toEqual([
        [0, 'all', 0, 0, 1920, 1080],
        [1, 'LEFT', 0, 0, 960, 1080],
        [2, 'RIGHT', 960, 0, 960, 1080],
      ]);
      using right = sct.grab(2);
      expect([right.left, right.width]).toEqual([960, 960]);
    } finally {
      xrandr('--delmonitor', 'LEFT');
      xrandr('--delmonitor', 'RIGHT');
    }
    expect(sct.refreshMonitors()).toHaveLength(2);
  });

  it('refuses a monitor index that does not exist, listing the valid ones', () => {
    using sct = new MSS({ display: server.xvfb.display });
    expect(() => sct.grab(7)).toThrow('no monitor 7: valid monitors are 0, 1');
  });
});

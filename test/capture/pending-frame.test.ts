import { describe, expect, it } from 'vitest';
import { cut, paint, pattern } from '../../scripts/paint.js';
import { MSS } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const W = 320;
const H = 200;
const before = pattern(W, H, 11);
const after = pattern(W, H, 12);
const server = useScreen(W, H);

const area = { left: 13, top: 17, width: 101, height: 61 };

describe.each(['shm', 'getimage'] as const)('startGrab through %s', (backend) => {
  it('shows the screen as it was when asked, even if it changes before wait()', () => {
    paint(server.xvfb.display, 0, 0, W, H, before);
    using sct = new MSS({ display: server.xvfb.display, backend });
    using pending = sct.startGrab(area);
    paint(server.xvfb.display, 0, 0, W, H, after); // another client, after the request went out
    using frame = pending.wait();
    expect(Buffer.from(frame.data).equals(cut(before, W, area))).toBe(true);
    using later = sct.grab(area);
    expect(Buffer.from(later.data).equals(cut(after, W, area))).toBe(true);
  });

  it('waits once: a second wait() is an error', () => {
    using sct = new MSS({ display: server.xvfb.display, backend });
    using pending = sct.startGrab(area);
    using _frame = pending.wait();
    expect(() => pending.wait()).toThrow('wait() was already called on this grab');
  });

  it('gives the buffer back on release() without wait(), and release() twice is harmless', () => {
    paint(server.xvfb.display, 0, 0, W, H, after);
    using sct = new MSS({ display: server.xvfb.display, backend, maxBuffers: 1 });
    const pending = sct.startGrab(area);
    pending.release();
    pending.release();
    using frame = sct.grab(area); // the one buffer is free again
    expect(Buffer.from(frame.data).equals(cut(after, W, area))).toBe(true);
  });

  it('gives the buffer back when disposed without wait()', () => {
    using sct = new MSS({ display: server.xvfb.display, backend, maxBuffers: 1 });
    {
      using _pending = sct.startGrab(area);
      expect(() => sct.grab(area)).toThrow(/all 1 capture buffers are held/);
    }
    using frame = sct.grab(area); // the one buffer is free again
    expect(frame.width).toBe(area.width);
  });

  it('rejects an area outside the screen at once, holding nothing', () => {
    using sct = new MSS({ display: server.xvfb.display, backend, maxBuffers: 1 });
    expect(() => sct.startGrab({ left: W - 10, top: 0, width: 20, height: 5 })).toThrow(
      /outside|exceeds|screen/,
    );
    using frame = sct.grab(area);
    expect(frame.height).toBe(area.height);
  });
});

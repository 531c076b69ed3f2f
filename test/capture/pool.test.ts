import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { MSS, ScreenShotError, XProtocolError } from '../../src/index.js';
import { startShmGetImage } from '../../src/native/shm.js';
import { useScreen } from '../helpers/screen.js';

const server = useScreen(320, 200, { seed: 3 });
const { screen } = server;

const whole = { left: 0, top: 0, width: 320, height: 200 };

describe('the buffer pool', () => {
  it('hands the released buffer out again', () => {
    using sct = new MSS({ display: server.xvfb.display });
    const first = sct.grab(whole);
    const buffer = first.data.buffer;
    first.release();
    using second = sct.grab(whole);
    expect(second.data.buffer).toBe(buffer);
  });

  it('grows to 3 buffers while 3 frames are held, then reuses those 3', () => {
    using sct = new MSS({ display: server.xvfb.display });
    const held = [sct.grab(whole), sct.grab(whole), sct.grab(whole)];
    const buffers = new Set(held.map((f) => f.data.buffer));
    expect(buffers.size).toBe(3);
    for (const frame of held) frame.release();
    const again = [sct.grab(whole), sct.grab(whole), sct.grab(whole)];
    expect(new Set(again.map((f) => f.data.buffer))).toEqual(buffers);
    for (const frame of again) frame.release();
  });

  it('fails clearly instead of growing past maxBuffers', () => {
    using sct = new MSS({ display: server.xvfb.display, maxBuffers: 2 });
    using _a = sct.grab(whole);
    using _b = sct.grab(whole);
    expect(() => sct.grab(whole)).toThrow(
      'all 2 capture buffers are held by unreleased frames: call frame.release() (or use `using`) when done with a frame, or raise maxBuffers',
    );
  });

  it('keeps a buffer while a crop of it is held', () => {
    using sct = new MSS({ display: server.xvfb.display, maxBuffers: 2 });
    const frame = sct.grab(whole);
    const crop = frame.crop({ left: 1, top: 1, width: 2, height: 2 });
    frame.release();
    const cropBuffer = crop.data.buffer;
    using other = sct.grab(whole);
    expect(other.data.buffer).not.toBe(cropBuffer);
    crop.release();
    using reused = sct.grab(whole);
    expect(reused.data.buffer).toBe(cropBuffer);
  });
});

describe('frame lifecycle', () => {
  it('refuses to give out data after release, and release is idempotent', () => {
    using sct = new MSS({ display: server.xvfb.display });
    const frame = sct.grab(whole);
    frame.release();
    frame.release();
    expect(frame.released).toBe(true);
    expect(() => frame.data).toThrow(ScreenShotError);
    expect(() => frame.data).toThrow(/released and its buffer reused/);
    expect(() => frame.crop({ left: 0, top: 0, width: 1, height: 1 })).toThrow(ScreenShotError);
  });

  it('keeps held frames readable after close, and release after close is harmless', () => {
    const sct = new MSS({ display: server.xvfb.display });
    const frame = sct.grab(whole);
    sct.close();
    sct.close();
    expect(Buffer.from(frame.data).equals(screen)).toBe(true);
    frame.release();
    expect(() => sct.grab(whole)).toThrow('the capture session is closed');
  });

  it('does not return stale pixels through a released frame', () => {
    using sct = new MSS({ display: server.xvfb.display });
    const old = sct.grab({ left: 0, top: 0, width: 4, height: 4 });
    old.release();
    using fresh = sct.grab(whole);
    expect(() => old.data).toThrow();
    expect(Buffer.from(fresh.data).equals(cut(screen, 320, whole))).toBe(true);
  });
});

describe('X protocol errors', () => {
  it('read like Xlib and name the request', async () => {
    const { queryExtension, XConnection } = await import('../../src/native/xcb.js');
    const conn = new XConnection(server.xvfb.display);
    try {
      queryExtension(conn, 'MIT-SHM');
      const error = (() => {
        try {
          startShmGetImage(conn, conn.screen.root, 300, 0, 100, 10, 0x1234, 0)();
        } catch (e) {
          return e;
        }
      })() as XProtocolError;
      expect(error).toBeInstanceOf(XProtocolError);
      expect(error.message).toMatch(/^Bad\w+ \(.*\), request ShmGetImage$/);
      expect(error.requestName).toBe('ShmGetImage');
      expect(conn.connectionError()).toBe(0);
    } finally {
      conn.close();
    }
  });
});

describe('buffers retired by a layout change', () => {
  // A server of its own: the test resizes it.
  const resizable = useScreen(640, 480);

  /** Segments of ours that the X server has mapped (our memfds are named mss-ts). */
  const serverSegments = () =>
    readFileSync(`/proc/${resizable.xvfb.process.pid}/maps`, 'utf8')
      .split('\n')
      .filter((line) => line.includes('memfd:mss-ts')).length;

  async function until(condition: () => boolean, ms = 5000): Promise<void> {
    for (const end = Date.now() + ms; !condition(); await sleep(20)) {
      if (Date.now() > end) throw new Error(`not true after ${ms} ms: ${condition}`);
    }
  }

  /** Resize the screen. Xvfb's RandR exits 1 with an error, yet resizes (at or below its size). */
  function resize(width: number, height: number): void {
    spawnSync('xrandr', ['-display', resizable.xvfb.display, '--fb', `${width}x${height}`], {
      stdio: 'ignore',
    });
  }

  it('detaches retired buffers: after 50 layout changes the server holds only the buffers in use', async () => {
    using sct = new MSS({ display: resizable.xvfb.display });
    sct.grab(0).release();
    expect(serverSegments()).toBe(2); // the pool's first two buffers
    let held = sct.grab(0); // a frame held across a change: its buffer is retired, not freed
    for (let change = 0; change < 50; change++) {
      const [width, height] = change % 2 === 0 ? [600, 400] : [640, 480];
      resize(width, height);
      expect(sct.refreshMonitors()[0]).toMatchObject({ width, height });
      held.release();
      held = sct.grab(0);
      expect([held.width, held.height]).toEqual([width, height]);
    }
    held.release();
    // The pool of the last layout: one buffer made for the frame just taken, one spare.
    expect(serverSegments()).toBe(2);
    sct.close();
    await until(() => serverSegments() === 0); // when the server has read the disconnect
  });
});

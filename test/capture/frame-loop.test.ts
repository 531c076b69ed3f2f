import { describe, expect, it } from 'vitest';
import { MSS } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const server = useScreen(640, 480);

describe('MSS.frames', () => {
  it('yields count frames with timing, reusing one buffer when each is released', async () => {
    using sct = new MSS({ display: server.xvfb.display });
    const buffers = new Set<ArrayBufferLike>();
    const ticks: number[] = [];
    const loop = sct.frames(0, { count: 5 });
    for await (using frame of loop) {
      buffers.add(frame.data.buffer);
      ticks.push(frame.timing.tick);
      expect(frame.width).toBe(640);
    }
    expect(ticks).toEqual([0, 1, 2, 3, 4]);
    expect(buffers.size).toBe(1);
    expect(loop.stats).toMatchObject({ ticks: 5, captured: 5, dropped: 0 });
  });

  it('drops ticks a slow consumer misses, and counts them toward count', async () => {
    using sct = new MSS({ display: server.xvfb.display });
    const loop = sct.frames({ left: 0, top: 0, width: 8, height: 8 }, { interval: 20, count: 10 });
    const ticks: number[] = [];
    for await (using frame of loop) {
      ticks.push(frame.timing.tick);
      if (frame.timing.tick === 2) await new Promise((r) => setTimeout(r, 75));
    }
    const { captured, dropped, ticks: total } = loop.stats;
    expect(total).toBe(10);
    expect(captured + dropped).toBe(10);
    expect(dropped).toBeGreaterThanOrEqual(2);
    expect(ticks.slice(0, 3)).toEqual([0, 1, 2]);
    expect(ticks[3]).toBeGreaterThanOrEqual(5);
  });

  it('ends after the frame in hand when its signal aborts', async () => {
    using sct = new MSS({ display: server.xvfb.display });
    const controller = new AbortController();
    let seen = 0;
    for await (using _frame of sct.frames(0, { interval: 5, signal: controller.signal })) {
      if (++seen === 3) controller.abort();
    }
    expect(seen).toBe(3);
  });

  it('lets timers and signals run at interval 0, even when the consumer never awaits', async () => {
    using sct = new MSS({ display: server.xvfb.display });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const loop = sct.frames(
      { left: 0, top: 0, width: 8, height: 8 },
      { count: 200_000, signal: controller.signal },
    );
    for await (const frame of loop) frame.release();
    expect(controller.signal.aborted).toBe(true);
    expect(loop.stats.captured).toBeLessThan(200_000);
  });

  it('stops at duration on a grid', async () => {
    using sct = new MSS({ display: server.xvfb.display });
    const loop = sct.frames(0, { interval: 10, duration: 100 });
    for await (using _frame of loop) {
      // consume
    }
    expect(loop.stats.ticks).toBe(10);
  });
});

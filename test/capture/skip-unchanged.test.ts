import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { paint, pattern } from '../../scripts/paint.js';
import { MSS } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const W = 320;
const H = 240;
const painted = useScreen(W, H, { seed: 21 });

/** mayHaveChanged() until it says yes: drawing by another client reaches the server in time. */
async function changedWithin(sct: MSS, target: Parameters<MSS['mayHaveChanged']>[0]) {
  for (const end = performance.now() + 3000; performance.now() < end; await sleep(20)) {
    if (sct.mayHaveChanged(target)) return true;
  }
  return false;
}

describe('skipping still ticks by damage', () => {
  it('frames({ skipUnchanged }) skips the grab while nothing is drawn', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const frames = sct.frames(0, { interval: 0, count: 40, skipUnchanged: true });
    for await (using _frame of frames);
    const { captured, skipped, dropped } = frames.stats;
    // The tracker's first report is every row (it cannot know what changed before it existed).
    expect(captured).toBeLessThanOrEqual(2);
    expect(captured + skipped + dropped).toBe(40);
    expect(skipped).toBeGreaterThanOrEqual(38);
  });

  it('mayHaveChanged() reports drawing in the area asked about, until the next grab', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    sct.grab(0).release();
    sct.grab(0).release(); // the tracker exists and has reported every row once
    expect(sct.mayHaveChanged(0)).toBe(false);
    paint(painted.xvfb.display, 10, 100, 20, 10, pattern(20, 10, 3));
    const below = { left: 0, top: 150, width: W, height: 50 };
    expect(await changedWithin(sct, { left: 0, top: 90, width: W, height: 30 })).toBe(true);
    expect(sct.mayHaveChanged(below)).toBe(false);
    expect(sct.mayHaveChanged(0)).toBe(true); // asked again: still changed since the last grab
    using frame = sct.grab(0);
    expect(sct.mayHaveChanged(0)).toBe(false);
    // What was taken by asking is still copied by the grab.
    const at = (100 * W + 10) * 4;
    expect([...frame.data.subarray(at, at + 3)]).toEqual([...pattern(20, 10, 3).subarray(0, 3)]);
  });

  it('grabs every tick without damage tracking', async () => {
    using sct = new MSS({ display: painted.xvfb.display, damage: false });
    expect(sct.mayHaveChanged(0)).toBe(true);
    const frames = sct.frames(0, { interval: 0, count: 5, skipUnchanged: true });
    for await (using _frame of frames);
    expect(frames.stats).toMatchObject({ captured: 5, skipped: 0 });
  });

  it('grabs every tick with the pointer drawn in: damage does not see it move', async () => {
    using sct = new MSS({ display: painted.xvfb.display, cursor: true });
    const frames = sct.frames(0, { interval: 0, count: 5, skipUnchanged: true });
    for await (using _frame of frames);
    expect(frames.stats).toMatchObject({ captured: 5, skipped: 0 });
  });
});

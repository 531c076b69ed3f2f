// Tick k is due at start + k * interval on the monotonic clock, whatever the work before it
// cost: a late consumer loses ticks (counted as dropped), never the grid.

/** Where the loop stands when a frame is wanted. */
export interface TickPlan {
  /** The tick to capture now or after waiting. */
  tick: number;
  /** Ticks skipped since the previous capture because they could not be served on time. */
  dropped: number;
  /** Milliseconds to wait before capturing (0: already due). */
  waitMs: number;
}

/**
 * Choose the next tick after `previous` (-1 before the first) at monotonic time `now`. A tick
 * whose successor is already due cannot be served on time and is dropped; the latest due tick
 * is taken at once.
 */
export function planTick(previous: number, now: number, start: number, interval: number): TickPlan {
  const next = previous + 1;
  if (interval <= 0) return { tick: next, dropped: 0, waitMs: 0 };
  const latestDue = Math.floor((now - start) / interval);
  const tick = Math.max(next, latestDue);
  return { tick, dropped: tick - next, waitMs: Math.max(0, start + tick * interval - now) };
}

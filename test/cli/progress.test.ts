import { describe, expect, it } from 'vitest';
import { type LoopCounts, summarize } from '../../src/cli/progress.js';

const counts = (captured: number, elapsedMs: number): LoopCounts => ({
  ticks: captured,
  captured,
  dropped: 0,
  skipped: 0,
  elapsedMs,
  meanLatenessMs: 0,
  worstLatenessMs: 0,
  written: captured,
  unchanged: 0,
  repeated: 0,
});

describe('the loop summary', () => {
  it('shows no rate before it means something (the first frame in 0.15 ms)', () => {
    expect(summarize(counts(1, 0.15))).toBe(
      '1 written, 0 unchanged, 0 dropped, 0 repeated of 1 ticks in 0.00 s; lateness mean 0.0 ms, worst 0.0 ms',
    );
  });
  it('shows the rate after a second, or over ten frames', () => {
    expect(summarize(counts(3, 1500))).toContain('in 1.50 s (2.0 fps);');
    expect(summarize(counts(10, 100))).toContain('in 0.10 s (100.0 fps);');
  });
});

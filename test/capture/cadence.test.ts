import { describe, expect, it } from 'vitest';
import { planTick } from '../../src/capture/cadence.js';

describe('planTick', () => {
  it('waits for the next tick on the grid', () => {
    expect(planTick(-1, 1000, 1000, 100)).toEqual({ tick: 0, dropped: 0, waitMs: 0 });
    expect(planTick(0, 1030, 1000, 100)).toEqual({ tick: 1, dropped: 0, waitMs: 70 });
  });
  it('takes a tick that is due at once, late but on time', () => {
    expect(planTick(0, 1150, 1000, 100)).toEqual({ tick: 1, dropped: 0, waitMs: 0 });
  });
  it('drops ticks whose successor is already due, and stays on the grid', () => {
    expect(planTick(0, 1370, 1000, 100)).toEqual({ tick: 3, dropped: 2, waitMs: 0 });
    expect(planTick(3, 1371, 1000, 100)).toEqual({ tick: 4, dropped: 0, waitMs: 29 });
  });
  it('never waits with interval 0', () => {
    expect(planTick(41, 5000, 0, 0)).toEqual({ tick: 42, dropped: 0, waitMs: 0 });
  });
});

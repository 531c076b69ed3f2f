import { describe, expect, it } from 'vitest';
import { ALL, clipBands, mergeBands } from '../../src/capture/bands.js';

describe('mergeBands', () => {
  it('merges overlapping and touching bands and keeps them sorted', () => {
    expect(
      mergeBands(
        [[10, 20]],
        [
          [0, 5],
          [15, 30],
          [30, 31],
        ],
      ),
    ).toEqual([
      [0, 5],
      [10, 31],
    ]);
  });
  it('keeps ALL', () => {
    expect(mergeBands(ALL, [[1, 2]])).toBe(ALL);
    expect(mergeBands([[1, 2]], ALL)).toBe(ALL);
  });
  it('collapses too many bands into their span', () => {
    const many = Array.from({ length: 9 }, (_, i) => [i * 10, i * 10 + 1] as const);
    expect(mergeBands([], many)).toEqual([[0, 81]]);
  });
});

describe('clipBands', () => {
  it('keeps the rows inside [top, bottom)', () => {
    expect(
      clipBands(
        [
          [0, 5],
          [10, 31],
          [40, 50],
        ],
        3,
        20,
      ),
    ).toEqual([
      [3, 5],
      [10, 20],
    ]);
  });
});

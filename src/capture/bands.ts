// Rows of the screen that changed, as sorted, disjoint [top, bottom) bands. A partial update
// copies whole rows of the grabbed area, so that the copy lands in the frame's own layout.

export type Band = readonly [top: number, bottom: number];
/** Every row: the buffer must be filled from scratch. */
export const ALL = 'all';
export type Stale = readonly Band[] | typeof ALL;

/** More bands than this cost more round trips than one copy of their span. */
const MAX_BANDS = 8;

/** The union of two band lists, merged, at most MAX_BANDS long. */
export function mergeBands(a: Stale, b: Stale): Stale {
  if (a === ALL || b === ALL) return ALL;
  if (b.length === 0) return a;
  const sorted = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [top, bottom] of sorted) {
    const last = merged.at(-1);
    if (last && top <= last[1]) last[1] = Math.max(last[1], bottom);
    else merged.push([top, bottom]);
  }
  if (merged.length > MAX_BANDS) return [[(merged[0] as Band)[0], (merged.at(-1) as Band)[1]]];
  return merged;
}

/** The bands' rows inside [top, bottom). */
export function clipBands(bands: readonly Band[], top: number, bottom: number): Band[] {
  return bands
    .map(([t, b]) => [Math.max(t, top), Math.min(b, bottom)] as const)
    .filter(([t, b]) => t < b);
}

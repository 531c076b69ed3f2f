// Regions in root-window coordinates, and the checks that keep X from answering BadMatch.
import { ScreenShotError } from './errors.js';

/** An area of the screen in root-window coordinates, as python-mss writes it. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const describeRegion = (r: Region): string => `${r.width}x${r.height}+${r.left}+${r.top}`;

/** Throws unless `region` is a non-empty integer rectangle inside `bounds`. */
export function checkRegion(region: Region, bounds: Region, boundsName = 'the screen'): Region {
  const { left, top, width, height } = region;
  const values = [left, top, width, height];
  if (!values.every(Number.isInteger)) {
    throw new ScreenShotError(
      `region ${describeRegion(region)} must be whole pixels (integers)`,
      'region',
    );
  }
  if (width <= 0 || height <= 0) {
    throw new ScreenShotError(
      `region ${describeRegion(region)} is empty: width and height must be at least 1`,
      'region',
    );
  }
  if (
    left < bounds.left ||
    top < bounds.top ||
    left + width > bounds.left + bounds.width ||
    top + height > bounds.top + bounds.height
  ) {
    throw new ScreenShotError(
      `region ${describeRegion(region)} reaches outside ${boundsName} (${describeRegion(bounds)})`,
      'region',
    );
  }
  return { left, top, width, height };
}

/** The part of `a` inside `b`, or null when they do not overlap. */
export function intersect(a: Region, b: Region): Region | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.left + a.width, b.left + b.width);
  const bottom = Math.min(a.top + a.height, b.top + b.height);
  if (right <= left || bottom <= top) return null;
  return { left, top, width: right - left, height: bottom - top };
}

// Option values, parsed by small named functions that commander calls; each throws
// InvalidArgumentError, which commander prefixes with the option's name.
import { InvalidArgumentError } from 'commander';
import type { Region } from '../capture/region.js';
import { IMAGE_FORMATS, type ImageFormat } from '../encode/formats.js';
import { LARGEST_SIDE, type ResizeTo } from '../encode/resize.js';

/** An integer parser for a closed range: "expected an integer from 0 to 9". */
export function integerFrom(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The longest duration: a million hours (114 years), far beyond any run, and finite. */
export const LONGEST_DURATION_MS = 1_000_000 * 3_600_000;

/** "500ms", "2s", "1.5m", "1h"; a bare number is seconds. Returns milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) {
    throw new InvalidArgumentError('expected a duration such as 500ms, 2s, 1.5m or 1h.');
  }
  const ms = Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] as number));
  // Digits enough overflow to Infinity, which no timer or loop can count with.
  if (!(ms <= LONGEST_DURATION_MS)) {
    throw new InvalidArgumentError('expected a duration up to 1000000h (114 years).');
  }
  return ms;
}

/** A loop's --duration: one that lasts no time would take no frame, so at least 1 ms. */
export function parseLoopDuration(value: string): number {
  const ms = parseDuration(value);
  if (ms < 1) {
    throw new InvalidArgumentError('expected a duration of at least 1ms (as 500ms, 2s or 1h).');
  }
  return ms;
}

/** X11 sizes are 16-bit: no screen is wider or taller than this, nor a region inside one. */
const LARGEST_PIXELS = 65_535;

/** X11 geometry "WxH+X+Y" (or "WxH" at 0,0), or "X,Y,W,H", as a region. */
export function parseGeometry(value: string): Region {
  const text = value.trim();
  const geometry = /^(\d+)x(\d+)(?:\+(\d+)\+(\d+))?$/.exec(text);
  const corners = geometry ? undefined : /^(\d+),(\d+),(\d+),(\d+)$/.exec(text);
  if (!geometry && !corners) {
    throw new InvalidArgumentError('expected WxH+X+Y (as 800x600+100+50) or X,Y,W,H.');
  }
  // Left, top, width, height; an X11 geometry without an offset is at 0,0.
  const numbers = geometry
    ? [geometry[3], geometry[4], geometry[1], geometry[2]]
    : (corners as RegExpExecArray).slice(1);
  const [left, top, width, height] = numbers.map((n) => Number(n ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  // Enough digits would make Infinity, which no check of the region could describe.
  if ([left, top, width, height].some((n) => n > LARGEST_PIXELS)) {
    throw new InvalidArgumentError(
      `expected WxH+X+Y (as 800x600+100+50) or X,Y,W,H, each number up to ${LARGEST_PIXELS}.`,
    );
  }
  return { left, top, width, height };
}

export type MonitorSelector =
  | { kind: 'index'; index: number }
  | { kind: 'primary' }
  | { kind: 'each' }
  | { kind: 'name'; name: string };

/** "0".."N", "primary", "each", or a monitor name; checked against the server later. */
export function parseMonitor(value: string): MonitorSelector {
  const text = value.trim();
  if (/^\d+$/.test(text)) return { kind: 'index', index: Number(text) };
  if (text === 'primary' || text === 'each') return { kind: text };
  if (text === '' || text.startsWith('-')) {
    throw new InvalidArgumentError('expected a monitor number, primary, each or a monitor name.');
  }
  return { kind: 'name', name: text };
}

/** png, jpeg (or jpg), webp, raw. */
export function parseFormat(value: string): ImageFormat {
  const format = value.trim().toLowerCase();
  if (format === 'jpg') return 'jpeg';
  if ((IMAGE_FORMATS as readonly string[]).includes(format)) return format as ImageFormat;
  throw new InvalidArgumentError(`expected one of ${IMAGE_FORMATS.join(', ')}.`);
}

/** Frames per second: a number above 0, up to 10000. */
export function parseFps(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || n <= 0 || n > 10_000) {
    throw new InvalidArgumentError('expected a rate above 0 and up to 10000 (as 30 or 29.97).');
  }
  return n;
}

/** The largest --scale: 16 times a side already passes the largest side mss-ts encodes. */
const LARGEST_SCALE = 16;

/** --scale: a factor above 0 and up to 16 (0.5 halves each side). */
export function parseScale(value: string): number {
  const n = Number(value);
  if (!/^(\d+(\.\d+)?|\.\d+)$/.test(value.trim()) || n <= 0 || n > LARGEST_SCALE) {
    throw new InvalidArgumentError(
      `expected a factor above 0 and up to ${LARGEST_SCALE} (as 0.5 or 2).`,
    );
  }
  return n;
}

/** --resize: "WxH" (exactly), "Wx" or "xH" (the other side keeps the aspect ratio). */
export function parseResize(value: string): ResizeTo {
  const match = /^(\d+)?x(\d+)?$/.exec(value.trim());
  const [width, height] = [match?.[1], match?.[2]].map((n) =>
    n === undefined ? undefined : Number(n),
  );
  const valid = (n: number | undefined) => n === undefined || (n >= 1 && n <= LARGEST_SIDE);
  if (!match || (width === undefined && height === undefined) || !valid(width) || !valid(height)) {
    throw new InvalidArgumentError(
      `expected WxH, Wx or xH (as 1920x1080, 1280x or x720), each side from 1 to ${LARGEST_SIDE}.`,
    );
  }
  return { ...(width !== undefined && { width }), ...(height !== undefined && { height }) };
}

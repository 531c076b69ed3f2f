// A loop's settings, and the checks made before anything is captured.
import type { ImageFormat } from '../encode/formats.js';
import type { OutputPattern } from '../output/pattern.js';
import { UsageError } from './exit-codes.js';

export type Pace = 'frames' | 'drop';

export interface LoopRequest {
  interval?: number | undefined;
  fps?: number | undefined;
  count?: number | undefined;
  duration?: number | undefined;
  pace?: Pace | undefined;
}

export interface LoopPlan {
  intervalMs: number;
  count: number | undefined;
  durationMs: number | undefined;
  pace: Pace;
  /** Frames per second for a video consumer (ffmpeg -framerate), when the rate is fixed. */
  rate: number | undefined;
}

/** null when the options ask for a single grab. */
export function planLoop(
  request: LoopRequest,
  format: ImageFormat,
  toStdout: boolean,
): LoopPlan | null {
  const { interval, fps, count, duration } = request;
  if (
    interval === undefined &&
    fps === undefined &&
    count === undefined &&
    duration === undefined
  ) {
    return null;
  }
  const intervalMs = fps !== undefined ? 1000 / fps : (interval ?? 0);
  const rate = intervalMs > 0 ? 1000 / intervalMs : undefined;
  const video = format === 'raw' && toStdout && rate !== undefined;
  return {
    intervalMs,
    count,
    durationMs: duration,
    pace: request.pace ?? (video ? 'frames' : 'drop'),
    rate,
  };
}

/**
 * File names in a loop must differ from tick to tick: {n}, or a {date} that changes faster than
 * the interval (seconds for intervals of 1 s or more, milliseconds below).
 */
export function checkUniqueNames(pattern: OutputPattern, intervalMs: number): void {
  if (pattern.uses.has('n')) return;
  const codes = pattern.dateFormats().join('');
  const seconds = /%[SsL]/.test(codes);
  const millis = codes.includes('%L');
  if (millis || (seconds && intervalMs >= 1000)) return;
  const advice = intervalMs >= 1000 ? 'a {date} with %S' : 'a {date:...} with %L';
  throw new UsageError(
    `the output "${pattern.source}" would name every frame of the loop alike: add {n} (as {n:06}) or ${advice}`,
  );
}

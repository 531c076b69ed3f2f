// Repeated capture as an async iterator: `for await (using frame of sct.frames(...))`.
import { setTimeout as sleep, setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { planTick } from './cadence.js';
import type { Frame } from './frame.js';
import {
  booleanOption,
  integerOption,
  invalidOption,
  isDefined,
  numberOption,
  optionsOf,
} from './validate.js';

/**
 * The cadence of MSS.frames(). A wrong or unknown option throws a ScreenShotError (kind
 * `argument`) naming it.
 */
export interface FramesOptions {
  /**
   * Milliseconds between ticks, a finite number of at least 0 (default 0: as fast as frames are
   * taken).
   */
  interval?: number;
  /** Stop after this many ticks (captured or dropped), an integer of at least 0 (default: none). */
  count?: number;
  /** Stop at the first tick due this many milliseconds after the start or later (at least 0). */
  duration?: number;
  /** Ends the loop after the frame in hand (no frame is cut short). */
  signal?: AbortSignal;
  /**
   * Draw the mouse pointer into every frame, where it is at that frame's capture (default: the
   * session's `cursor` option; see MSSOptions).
   */
  cursor?: boolean;
  /**
   * Ask the DAMAGE extension before each grab, and skip the tick (no grab; counted in
   * `stats.skipped`) when nothing was drawn in the area since the previous grab. Without damage
   * tracking, for a window, or with the pointer drawn in, every tick grabs.
   */
  skipUnchanged?: boolean;
}

const FRAMES_OPTIONS = [
  'interval',
  'count',
  'duration',
  'signal',
  'cursor',
  'skipUnchanged',
] as const;

/**
 * @internal `options` checked: only known keys, each of the right type and range.
 * @throws ScreenShotError (kind `argument`) naming the option, the value and what is expected.
 */
export function checkFramesOptions(options: unknown): FramesOptions {
  const given = optionsOf(options, 'FramesOptions', FRAMES_OPTIONS);
  const interval = numberOption('interval', given.interval, 0);
  const count = integerOption('count', given.count, 0);
  const duration = numberOption('duration', given.duration, 0);
  if (isDefined(given.signal) && !(given.signal instanceof AbortSignal)) {
    throw invalidOption('signal', 'AbortSignal', given.signal);
  }
  const signal = given.signal as AbortSignal | undefined;
  const cursor = booleanOption('cursor', given.cursor);
  const skipUnchanged = booleanOption('skipUnchanged', given.skipUnchanged);
  return {
    ...(interval !== undefined && { interval }),
    ...(count !== undefined && { count }),
    ...(duration !== undefined && { duration }),
    ...(signal && { signal }),
    ...(cursor !== undefined && { cursor }),
    ...(skipUnchanged !== undefined && { skipUnchanged }),
  };
}

/** When a frame was taken, relative to its place on the grid. */
export interface FrameTiming {
  /** 0-based tick on the grid. */
  tick: number;
  /** Wall-clock time of the capture. */
  capturedAt: Date;
  /** Monotonic milliseconds since the loop started. */
  monotonicMs: number;
  /** How long after its due time the capture started. */
  latenessMs: number;
  /** How long the grab itself took. */
  captureMs: number;
  /** Ticks dropped just before this one (a video writer repeats the last frame that often). */
  droppedBefore: number;
  /** Ticks dropped since the loop started. */
  droppedSoFar: number;
}

export interface LoopStats {
  ticks: number;
  captured: number;
  dropped: number;
  /** Ticks skipped without a grab: nothing changed since the previous one (skipUnchanged). */
  skipped: number;
  elapsedMs: number;
  meanLatenessMs: number;
  worstLatenessMs: number;
}

const HEALTH_CHECK_MS = 250;
/**
 * A loop with nothing to wait for (interval 0, or late on every tick) still lets the event loop
 * turn this often: signals, timers and finished writes are handled there, and a consumer that
 * awaits nothing of its own (one that skips every frame) would otherwise starve them.
 */
const TURN_EVERY_MS = 10;

/**
 * Wait until monotonic time `due`, to the millisecond, without blocking the event loop; during
 * long waits `check` runs every 250 ms (a display that went away is noticed within a second).
 */
async function waitUntil(
  due: number,
  signal: AbortSignal | undefined,
  check: () => void,
): Promise<void> {
  const options = signal ? { signal } : {};
  for (
    let left = due - performance.now() - 1;
    left > 0 && !signal?.aborted;
    left = due - performance.now() - 1
  ) {
    await sleep(Math.min(left, HEALTH_CHECK_MS), undefined, options).catch(() => {});
    check();
  }
  while (performance.now() < due && !signal?.aborted) await yieldToEventLoop();
}

/** A frame taken by a FrameLoop: `timing` is always set. */
export type TimedFrame = Frame & { readonly timing: FrameTiming };

/**
 * Frames on a fixed cadence. Each frame carries `timing`; release each one (or `using`).
 * `stats` is live while iterating and final afterwards.
 */
export class FrameLoop implements AsyncIterable<TimedFrame> {
  readonly #grab: () => Frame;
  readonly #check: () => void;
  readonly #end: () => void;
  readonly #changed: () => boolean;
  readonly #options: FramesOptions;
  #stats: LoopStats = {
    ticks: 0,
    captured: 0,
    dropped: 0,
    skipped: 0,
    elapsedMs: 0,
    meanLatenessMs: 0,
    worstLatenessMs: 0,
  };

  /** Loops come from MSS.frames(). */
  private constructor(
    grab: () => Frame,
    options: FramesOptions,
    check: () => void,
    end: () => void,
    changed: () => boolean,
  ) {
    this.#grab = grab;
    this.#check = check;
    this.#end = end;
    this.#changed = changed;
    this.#options = options;
  }

  /**
   * @internal Frames from `grab` on the cadence of `options`; `check` throws if the source is
   * gone, and runs while the loop waits between ticks; `end` runs once the loop is over, however
   * it ended; `changed` says whether the area may have changed since the previous grab (asked
   * before each grab with `skipUnchanged`).
   */
  static create(
    grab: () => Frame,
    options: FramesOptions = {},
    check = () => {},
    end = () => {},
    changed = () => true,
  ): FrameLoop {
    return new FrameLoop(grab, options, check, end, changed);
  }

  get stats(): LoopStats {
    return { ...this.#stats };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<TimedFrame> {
    try {
      yield* this.#run();
    } finally {
      this.#end();
    }
  }

  async *#run(): AsyncGenerator<TimedFrame> {
    const { interval = 0, count = Number.POSITIVE_INFINITY, duration, signal } = this.#options;
    const start = performance.now();
    const stats = this.#stats;
    // Ticks in the run: due before `duration` (on a grid), and no more than `count`.
    const limit = Math.min(
      count,
      interval > 0 && duration !== undefined ? Math.ceil(duration / interval) : count,
    );
    let previous = -1;
    let latenessSum = 0;
    let turnedAt = start;
    while (!signal?.aborted) {
      const now = performance.now();
      if (interval <= 0 && duration !== undefined && now - start >= duration) break;
      const plan = planTick(previous, now, start, interval);
      if (plan.tick >= limit) {
        stats.dropped += limit - (previous + 1);
        break;
      }
      const dueAt = plan.tick * interval;
      if (plan.waitMs > 0) {
        await waitUntil(start + dueAt, signal, this.#check);
        turnedAt = performance.now();
      } else if (now - turnedAt >= TURN_EVERY_MS) {
        await yieldToEventLoop();
        turnedAt = performance.now();
      }
      if (signal?.aborted) break;
      if (this.#options.skipUnchanged && stats.captured > 0 && !this.#changed()) {
        stats.dropped += plan.dropped;
        stats.skipped++;
        stats.ticks = stats.captured + stats.dropped + stats.skipped;
        previous = plan.tick;
        continue;
      }
      const began = performance.now();
      const frame = this.#grab() as TimedFrame;
      const latenessMs = interval > 0 ? Math.max(0, began - start - dueAt) : 0;
      stats.dropped += plan.dropped;
      stats.captured++;
      stats.ticks = stats.captured + stats.dropped + stats.skipped;
      latenessSum += latenessMs;
      stats.meanLatenessMs = latenessSum / stats.captured;
      stats.worstLatenessMs = Math.max(stats.worstLatenessMs, latenessMs);
      stats.elapsedMs = began - start;
      (frame as { timing: FrameTiming }).timing = {
        tick: plan.tick,
        capturedAt: new Date(),
        monotonicMs: began - start,
        latenessMs,
        captureMs: performance.now() - began,
        droppedBefore: plan.dropped,
        droppedSoFar: stats.dropped,
      };
      previous = plan.tick;
      yield frame;
    }
    stats.ticks = stats.captured + stats.dropped + stats.skipped;
    stats.elapsedMs = performance.now() - start;
  }
}

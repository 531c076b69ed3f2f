// Loop frames to files: encodes overlap the next capture, at most `window` frames in flight.
import type { Frame } from '../capture/frame.js';
import type { TimedFrame } from '../capture/frame-loop.js';
import type { OutputPattern } from '../output/pattern.js';
import type { DataOut } from './data-out.js';
import { type GrabEncoding, sharesCaptureBuffer, writeOutput } from './frame-output.js';
import type { Reporter } from './io.js';
import { LoopEncoder } from './loop-encoder.js';
import type { OutputPlan } from './output-plan.js';
import { type LoopRecord, recordOf } from './records.js';
import { type Target, targetValues } from './targets.js';

export interface SinkOptions extends GrabEncoding {
  json?: boolean;
  overwrite?: boolean;
}

export interface Sink {
  /** Take ownership of `frame` (and release it); resolves once there is room for the next. */
  accept(frame: TimedFrame, unchangedSoFar: number): Promise<void>;
  /** Ticks dropped after the last frame (a stream paced by frames repeats a frame for them). */
  pad(dropped: number): void;
  /** Wait for every frame in flight; throws the first failure. */
  drain(): Promise<void>;
  /** Ticks whose own frame was written (every file of it, with -m each). */
  readonly written: number;
  /** Ticks filled with a frame written before (a stream paced by frames). */
  readonly repeated: number;
  /** The reader went away (stdout closed): stop quietly. */
  readonly closed: boolean;
  /** How the frames were encoded. */
  readonly encoder: LoopEncoder;
}

type Settled = PromiseSettledResult<LoopRecord>[];

export class FileSink implements Sink {
  written = 0;
  readonly repeated = 0;
  readonly closed = false;
  readonly #inFlight: Promise<Settled>[] = [];
  #first = true;
  readonly encoder: LoopEncoder;

  /**
   * @param targets what each frame shows (with -m each, the monitors it is cut into); a loop
   *   that follows the layout updates it in place between frames.
   * @param abandoned once aborted, frames in flight are given up: none appears under its name.
   */
  constructor(
    readonly pattern: OutputPattern,
    readonly plan: OutputPlan,
    readonly targets: Target[],
    readonly each: boolean,
    readonly options: SinkOptions,
    readonly out: DataOut,
    readonly reporter: Reporter,
    readonly abandoned: AbortSignal,
    readonly window = 3, // frames encoding at once: encoding overlaps capture, few buffers held
  ) {
    this.encoder = new LoopEncoder(plan, options, reporter.io.env);
  }

  async accept(frame: TimedFrame, unchangedSoFar: number): Promise<void> {
    // -m each: one crop per monitor, each released when written; the whole frame goes now.
    const parts = this.each ? this.targets.map((t) => frame.crop(t.area)) : [frame];
    if (this.each) frame.release();
    const first = this.#first;
    this.#first = false;
    const jobs = parts.map((part, i) =>
      this.#write(part, i, this.targets[i] as Target, frame.timing, unchangedSoFar, first),
    );
    this.#inFlight.push(Promise.allSettled(jobs));
    // The first files settle before the next frame: they are where a loop that would
    // overwrite (another loop on the same pattern) is refused, before it writes anything else.
    const room = first ? 1 : this.window;
    while (this.#inFlight.length >= room) await this.#settleOldest();
  }

  pad(): void {}

  async drain(): Promise<void> {
    let failure: unknown;
    while (this.#inFlight.length > 0) {
      try {
        await this.#settleOldest();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
  }

  /** Print every file of the oldest tick that is in place, then throw its first failure. */
  async #settleOldest(): Promise<void> {
    const results = await (this.#inFlight.shift() as Promise<Settled>);
    let failure: unknown;
    for (const result of results) {
      if (result.status === 'fulfilled') {
        if (this.options.json) this.out.json(result.value);
        else this.out.line(result.value.path);
      } else if (!this.abandoned.aborted || result.reason !== this.abandoned.reason) {
        failure ??= result.reason;
      }
    }
    if (results.every((result) => result.status === 'fulfilled')) this.written++;
    if (failure) throw failure;
  }

  async #write(
    part: Frame,
    index: number,
    target: Target,
    timing: TimedFrame['timing'],
    unchangedSoFar: number,
    first: boolean,
  ): Promise<LoopRecord> {
    const started = performance.now();
    const shares = sharesCaptureBuffer(this.plan, part, this.options);
    try {
      const encoding = this.encoder.start(part, index);
      if (!shares) part.release(); // the encoder copied the pixels: the buffer can be reused
      const bytes = await encoding;
      const encodeMs = performance.now() - started;
      const name = this.pattern.render({
        ...part.region,
        ...targetValues(target),
        n: timing.tick + 1,
        date: timing.capturedAt,
        ext: this.plan.ext,
      });
      const path = await writeOutput(name, bytes, {
        overwrite: Boolean(this.options.overwrite),
        refuseExisting: first,
        onClash: (wanted, used) =>
          this.reporter.warn(`${wanted} exists (was the clock set back?): wrote ${used}`),
        signal: this.abandoned,
      });
      return {
        ...recordOf({
          path,
          target,
          frame: part,
          format: this.plan.format,
          bytes: bytes.length,
          captureMs: timing.captureMs,
          encodeMs,
        }),
        n: timing.tick + 1,
        capturedAt: timing.capturedAt.toISOString(),
        monotonicMs: Math.round(timing.monotonicMs * 100) / 100,
        droppedSoFar: timing.droppedSoFar,
        unchangedSoFar,
      };
    } finally {
      part.release();
    }
  }
}

// Loop frames to files: encodes overlap the next capture, at most `window` frames in flight.
import type { Frame } from '../capture/frame.js';
import type { TimedFrame } from '../capture/frame-loop.js';
import {
  type EncodingOptions,
  sharesCaptureBuffer,
  startEncoding,
  writeOutput,
} from './frame-output.js';
import type { Reporter } from './io.js';
import type { OutputPlan } from './output-plan.js';
import type { OutputPattern } from './pattern.js';
import { type LoopRecord, recordOf } from './records.js';
import type { Target } from './targets.js';

export interface SinkOptions extends EncodingOptions {
  json?: boolean;
  overwrite?: boolean;
}

export interface Sink {
  /** Take ownership of `frame` (and release it); resolves once there is room for the next. */
  accept(frame: TimedFrame, unchangedSoFar: number): Promise<void>;
  /** Ticks dropped after the last frame (a stream paced by frames repeats it for them). */
  pad(dropped: number): void;
  /** Wait for every frame in flight; throws the first failure. */
  drain(): Promise<void>;
  readonly written: number;
  /** The reader went away (stdout closed): stop quietly. */
  readonly closed: boolean;
}

const noop = () => {};

export class FileSink implements Sink {
  written = 0;
  readonly closed = false;
  readonly #inFlight: Promise<LoopRecord[]>[] = [];

  constructor(
    readonly pattern: OutputPattern,
    readonly plan: OutputPlan,
    readonly targets: Target[],
    readonly each: boolean,
    readonly options: SinkOptions,
    readonly reporter: Reporter,
    readonly window = 3, // one more than this machine's two cores: both stay busy
  ) {}

  async accept(frame: TimedFrame, unchangedSoFar: number): Promise<void> {
    // -m each: one crop per monitor, each released when written; the whole frame goes now.
    const parts = this.each ? this.targets.map((t) => frame.crop(t.area)) : [frame];
    if (this.each) frame.release();
    const jobs = parts.map((part, i) =>
      this.#write(part, this.targets[i] as Target, frame.timing, unchangedSoFar),
    );
    const job = Promise.all(jobs);
    job.catch(noop); // surfaced when its turn comes in drain order
    this.#inFlight.push(job);
    while (this.#inFlight.length >= this.window) await this.#settleOldest();
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

  async #settleOldest(): Promise<void> {
    const records = await (this.#inFlight.shift() as Promise<LoopRecord[]>);
    for (const record of records) {
      this.written++;
      if (this.options.json) this.reporter.json(record);
      else this.reporter.data(record.path);
    }
  }

  async #write(
    part: Frame,
    target: Target,
    timing: TimedFrame['timing'],
    unchangedSoFar: number,
  ): Promise<LoopRecord> {
    const started = performance.now();
    const shares = sharesCaptureBuffer(this.plan);
    try {
      const encoding = startEncoding(part, this.plan, this.options);
      if (!shares) part.release(); // the encoder copied the pixels: the buffer can be reused
      const bytes = await encoding;
      const encodeMs = performance.now() - started;
      const name = this.pattern.render({
        ...part.region,
        mon: target.monitor.index,
        name: target.monitor.name,
        n: timing.tick + 1,
        date: timing.capturedAt,
        ext: this.plan.ext,
      });
      const path = await writeOutput(name, bytes, Boolean(this.options.overwrite), (wanted, used) =>
        this.reporter.warn(`${wanted} exists (was the clock set back?): wrote ${used}`),
      );
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

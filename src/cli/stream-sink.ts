// Loop frames to stdout, back to back: raw frames go from the capture buffer to the pipe.
// This sink sends every frame once; paced-stream-sink.ts sends one frame per tick.
import { readFileSync } from 'node:fs';
import type { Frame } from '../capture/frame.js';
import type { TimedFrame } from '../capture/frame-loop.js';
import { setPipeSize } from '../native/libc.js';
import { reasonOf } from '../output/write-error.js';
import type { DataOut } from './data-out.js';
import type { Sink } from './file-sink.js';
import type { GrabEncoding } from './frame-output.js';
import type { Reporter } from './io.js';
import { LoopEncoder } from './loop-encoder.js';
import type { OutputPlan } from './output-plan.js';
import { isReaderGone } from './reader-gone.js';
import { fdWriter, isPipe, streamWriter, type Writer } from './stream-writer.js';

/**
 * A writer for a stream of frames on stdout: from libuv's threads straight to the descriptor
 * when stdout is a pipe, whose capacity is first raised to the system's maximum (a frame then
 * crosses in a few large writes, not many of the default capacity's size).
 */
export function stdoutFrameWriter(out: DataOut, reporter: Reporter): Writer {
  const fd = out.io.stdoutFd;
  if (!isPipe(fd)) return streamWriter(out.io.stdout);
  try {
    const size = setPipeSize(fd, Number(readFileSync('/proc/sys/fs/pipe-max-size', 'utf8')));
    reporter.debug(`stdout pipe holds ${size} bytes`);
  } catch {
    // an unusual stdout: keep its size
  }
  return fdWriter(fd);
}

/** A write's outcome: true once written, false if the reader went away; throws otherwise. */
export function wroteToStdout(error: NodeJS.ErrnoException | null): boolean {
  if (!error) return true;
  if (isReaderGone(error)) return false;
  throw new Error(`cannot write to stdout: ${reasonOf(error)}`, { cause: error });
}

interface Pending {
  frame: Frame;
  written: Promise<NodeJS.ErrnoException | null>;
}

/**
 * Every frame once, as it comes (--pace drop): while the reader is behind, capture waits and
 * the loop drops the ticks it misses, so what is sent is always fresh.
 */
export class StreamSink implements Sink {
  written = 0;
  readonly repeated = 0;
  closed = false;
  readonly #pending: Pending[] = [];
  readonly #write: Writer;
  readonly encoder: LoopEncoder;

  constructor(
    readonly plan: OutputPlan,
    readonly options: GrabEncoding,
    out: DataOut,
    reporter: Reporter,
    readonly window = 3,
  ) {
    this.#write = stdoutFrameWriter(out, reporter);
    this.encoder = new LoopEncoder(plan, options, reporter.io.env);
  }

  async accept(frame: TimedFrame, _unchangedSoFar: number): Promise<void> {
    const bytes = await this.encoder.start(frame);
    this.#pending.push({ frame, written: this.#write(bytes) });
    while (this.#pending.length >= this.window && !this.closed) await this.#settleOldest();
  }

  pad(): void {}

  async drain(): Promise<void> {
    while (this.#pending.length > 0) await this.#settleOldest();
  }

  async #settleOldest(): Promise<void> {
    const { frame, written } = this.#pending.shift() as Pending;
    const error = await written;
    frame.release();
    if (wroteToStdout(error)) this.written++;
    else this.closed = true;
  }
}

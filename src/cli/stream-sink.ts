// Loop frames to stdout, back to back: raw frames go from the capture buffer to the pipe.
import { readFileSync } from 'node:fs';
import type { Frame } from '../capture/frame.js';
import type { FrameTiming, TimedFrame } from '../capture/frame-loop.js';
import { setPipeSize } from '../capture/libc.js';
import { reasonOf } from '../output/write-error.js';
import type { Sink } from './file-sink.js';
import { type EncodingOptions, startEncoding } from './frame-output.js';
import type { Reporter } from './io.js';
import type { Pace } from './loop-plan.js';
import type { OutputPlan } from './output-plan.js';
import { isReaderGone } from './reader-gone.js';
import { fdWriter, isPipe, streamWriter, type Writer } from './stream-writer.js';

/** Raise a pipe's capacity to the system maximum: 1 MiB pipes carry about 3x the frames of 64 KiB. */
export function widenPipe(fd: number, reporter: Reporter): void {
  try {
    const max = Number(readFileSync('/proc/sys/fs/pipe-max-size', 'utf8'));
    const size = setPipeSize(fd, max);
    reporter.debug(`stdout pipe holds ${size} bytes`);
  } catch {
    // an unusual stdout: keep its size
  }
}

interface Pending {
  frame: Frame | null;
  written: Promise<NodeJS.ErrnoException | null>;
}

export class StreamSink implements Sink {
  written = 0;
  closed = false;
  readonly #pending: Pending[] = [];
  /** The last frame sent, kept for --pace frames (a crop holding its buffer, or a copy). */
  #previous: { frame: Frame | null; bytes: Uint8Array } | undefined;
  readonly #write: Writer;

  constructor(
    readonly plan: OutputPlan,
    readonly options: EncodingOptions,
    readonly pace: Pace,
    readonly reporter: Reporter,
    readonly window = 3,
  ) {
    const fd = reporter.io.stdoutFd;
    if (isPipe(fd)) {
      widenPipe(fd, reporter);
      this.#write = fdWriter(fd);
    } else {
      this.#write = streamWriter(reporter.io.stdout);
    }
  }

  async accept(frame: TimedFrame, _unchangedSoFar: number): Promise<void> {
    const timing: FrameTiming = frame.timing;
    this.pad(timing.droppedBefore);
    const bytes = await startEncoding(frame, this.plan, this.options);
    if (this.pace === 'frames') {
      this.#previous?.frame?.release();
      const keep = bytes.buffer === frame.data.buffer ? frame.crop(frame.region) : null;
      this.#previous = { frame: keep, bytes };
    }
    this.#send(frame, bytes);
    while (this.#pending.length >= this.window && !this.closed) await this.#settleOldest();
  }

  pad(dropped: number): void {
    if (this.pace !== 'frames' || !this.#previous) return;
    for (let i = 0; i < dropped && !this.closed; i++) this.#send(null, this.#previous.bytes);
  }

  async drain(): Promise<void> {
    while (this.#pending.length > 0) await this.#settleOldest();
    this.#previous?.frame?.release();
    this.#previous = undefined;
  }

  #send(frame: Frame | null, bytes: Uint8Array): void {
    this.#pending.push({ frame, written: this.#write(bytes) });
  }

  async #settleOldest(): Promise<void> {
    const { frame, written } = this.#pending.shift() as Pending;
    const error = await written;
    frame?.release();
    if (!error) this.written++;
    else if (isReaderGone(error)) this.closed = true;
    else throw new Error(`cannot write to stdout: ${reasonOf(error)}`, { cause: error });
  }
}

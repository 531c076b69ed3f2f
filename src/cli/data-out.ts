// Data on stdout, and nothing else there: the paths of written files, tables, JSON lines, image
// bytes and raw frames. Messages for people go to stderr through the Reporter.
import { readFileSync } from 'node:fs';
import { setPipeSize } from '../capture/libc.js';
import type { Reporter, WatchedIO } from './io.js';
import { fdWriter, isPipe, streamWriter, type Writer, writeToStream } from './stream-writer.js';

export class DataOut {
  /** @param quiet silences lines (paths, tables), not what was asked for (JSON, images). */
  constructor(
    readonly io: WatchedIO,
    readonly quiet = false,
  ) {}

  /** Whether stdout is a terminal (image data is refused there unless forced). */
  get isTTY(): boolean {
    return Boolean(this.io.stdout.isTTY);
  }

  /** A line of data: a path, a row of a table. */
  line(text: string): void {
    if (!this.quiet) this.io.stdout.write(`${text}\n`);
  }

  /** A line asked for explicitly (--print-ffmpeg-args): --quiet does not silence it. */
  answer(text: string): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** A JSON line: asked for explicitly, so --quiet does not silence it. */
  json(value: unknown): void {
    this.answer(JSON.stringify(value));
  }

  /** An image; resolves false if the reader went away. */
  bytes(bytes: Uint8Array): Promise<boolean> {
    return writeToStream(this.io.stdout, bytes);
  }

  /**
   * A writer for a stream of frames: from libuv's threads straight to the descriptor when
   * stdout is a pipe, whose capacity is first raised to the system's maximum (a 1 MiB pipe
   * carries far more frames a second than the default 64 KiB).
   */
  frameWriter(reporter: Reporter): Writer {
    const fd = this.io.stdoutFd;
    if (!isPipe(fd)) return streamWriter(this.io.stdout);
    try {
      const size = setPipeSize(fd, Number(readFileSync('/proc/sys/fs/pipe-max-size', 'utf8')));
      reporter.debug(`stdout pipe holds ${size} bytes`);
    } catch {
      // an unusual stdout: keep its size
    }
    return fdWriter(fd);
  }

  /** Resolves once everything written so far has gone out (or failed). */
  settled(): Promise<void> {
    return this.io.settled();
  }
}

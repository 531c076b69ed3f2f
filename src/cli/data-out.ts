// Data on stdout, and nothing else there: the paths of written files, tables, JSON lines, image
// bytes and raw frames. Messages for people go to stderr through the Reporter. It loads nothing
// native: --version and --help use it too.
import type { Writable } from 'node:stream';
import type { WatchedIO } from './io.js';

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

  /** Resolves once everything written so far has gone out (or failed). */
  settled(): Promise<void> {
    return this.io.settled();
  }
}

/** Resolves true once written, false if the reader closed the pipe (EPIPE). */
function writeToStream(stream: Writable, bytes: Uint8Array): Promise<boolean> {
  return new Promise((resolve, reject) => {
    stream.write(bytes, (error) => {
      if (!error) resolve(true);
      else if ((error as NodeJS.ErrnoException).code === 'EPIPE') resolve(false);
      else reject(error);
    });
  });
}

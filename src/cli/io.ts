// Where the command line writes: data to stdout, everything else to stderr.
import type { Writable } from 'node:stream';

export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The file descriptor behind stdout, for raw streams written straight to it. */
  stdoutFd?: number;
}

export const processIO = (): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdoutFd: 1,
});

/** Messages for people, on stderr: `quiet` keeps only errors, `verbose` adds details. */
export class Reporter {
  constructor(
    readonly io: CliIO,
    readonly quiet = false,
    readonly verbose = false,
  ) {}

  /** Progress and colour are for a person watching a terminal, never with NO_COLOR. */
  get decorated(): boolean {
    return !this.quiet && Boolean(this.io.stderr.isTTY) && !this.io.env.NO_COLOR;
  }

  error(message: string): void {
    this.io.stderr.write(`mss-ts: ${message}\n`);
  }

  warn(message: string): void {
    if (!this.quiet) this.io.stderr.write(`mss-ts: warning: ${message}\n`);
  }

  info(message: string): void {
    if (!this.quiet) this.io.stderr.write(`${message}\n`);
  }

  debug(message: string): void {
    if (this.verbose) this.io.stderr.write(`mss-ts: ${message}\n`);
  }

  /** A line of data on stdout (a path, a table). */
  data(line: string): void {
    if (!this.quiet) this.io.stdout.write(`${line}\n`);
  }

  /** A JSON line on stdout: asked for explicitly, so --quiet does not silence it. */
  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value)}\n`);
  }
}

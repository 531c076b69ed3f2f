// Where the command line writes: data to stdout, everything else to stderr.
import type { Writable } from 'node:stream';

export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The file descriptor behind stdout, for raw streams written straight to it. */
  stdoutFd?: number;
}

/**
 * The process's own streams, each created on first use: Node builds process.stdout and
 * process.stderr lazily, and a pipe or a terminal costs a module load (3-5 ms) that a quiet
 * run never needs.
 */
export const processIO = (): CliIO => ({
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
  env: process.env,
  stdoutFd: 1,
});

/** `io` with `onError` listening on its stdout from the moment stdout is first used. */
export function withStdoutErrors(
  io: CliIO,
  onError: (error: NodeJS.ErrnoException) => void,
): CliIO {
  let stdout: CliIO['stdout'] | undefined;
  return {
    get stdout() {
      if (!stdout) {
        stdout = io.stdout;
        stdout.on('error', onError);
      }
      return stdout;
    },
    get stderr() {
      return io.stderr;
    },
    env: io.env,
    ...(io.stdoutFd !== undefined && { stdoutFd: io.stdoutFd }),
  };
}

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

// Where the command line writes: data to stdout, everything else to stderr.
import { createWriteStream, fstatSync, type Stats } from 'node:fs';
import type { Writable } from 'node:stream';
import { isatty } from 'node:tty';
import { printable } from '../output/safe-name.js';

export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The file descriptor behind stdout, for raw streams written straight to it. */
  stdoutFd?: number;
}

/**
 * The process's own streams, each created on first use: Node builds process.stdout and
 * process.stderr lazily, and a pipe or a terminal costs a module load that a quiet run never
 * needs.
 */
export const processIO = (): CliIO => {
  let stdout: CliIO['stdout'] | undefined;
  return {
    get stdout() {
      stdout ??= stdoutStream();
      return stdout;
    },
    get stderr() {
      return process.stderr;
    },
    env: process.env,
    stdoutFd: 1,
  };
};

/**
 * process.stdout, except on a file or a device: there Node writes synchronously and ignores a
 * short write, so an image cut off by a full disk would pass for a whole one. An fs stream
 * writes the rest, and the next write reports the failure.
 */
function stdoutStream(): CliIO['stdout'] {
  let kind: Stats | undefined;
  try {
    kind = fstatSync(1);
  } catch {
    // no stdout at all: process.stdout reports it on first write
  }
  if (kind && (kind.isFile() || kind.isCharacterDevice()) && !isatty(1)) {
    return createWriteStream('', { fd: 1, autoClose: false });
  }
  return process.stdout;
}

/** A CliIO whose stdout is watched for errors, and can be waited on. */
export interface WatchedIO extends CliIO {
  /** Resolves once everything written to stdout so far has gone out (or failed). */
  settled(): Promise<void>;
}

/** `io` with `onError` listening on its stdout from the moment stdout is first used. */
export function watchStdout(io: CliIO, onError: (error: NodeJS.ErrnoException) => void): WatchedIO {
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
    settled() {
      const used = stdout;
      if (!used || used.destroyed || used.errored) return Promise.resolve();
      // An empty write calls back after every earlier write, as a pipe's reader takes them.
      return new Promise((resolve) => used.write('', () => resolve()));
    },
  };
}

/**
 * Messages for people, on stderr: `quiet` keeps only errors, `verbose` adds details. Data on
 * stdout goes through DataOut.
 */
export class Reporter {
  constructor(
    readonly io: WatchedIO,
    readonly quiet = false,
    readonly verbose = false,
  ) {}

  /** Progress and colour are for a person watching a terminal, never with NO_COLOR. */
  get decorated(): boolean {
    return !this.quiet && Boolean(this.io.stderr.isTTY) && !this.io.env.NO_COLOR;
  }

  /** One line, whatever the message quotes: control characters are shown, not acted upon. */
  error(message: string): void {
    this.io.stderr.write(`mss-ts: ${printable(message)}\n`);
  }

  warn(message: string): void {
    if (!this.quiet) this.io.stderr.write(`mss-ts: warning: ${printable(message)}\n`);
  }

  info(message: string): void {
    if (!this.quiet) this.io.stderr.write(`${message}\n`);
  }

  debug(message: string): void {
    if (this.verbose) this.io.stderr.write(`mss-ts: ${message}\n`);
  }
}

// The command line as a function: main(argv) returns the exit code; only bin/ sets it.
import { CommanderError } from 'commander';
import { ScreenShotError } from '../capture/errors.js';
import { reasonOf } from '../output/write-error.js';
import { DataOut } from './data-out.js';
import { EXIT, type ExitCode, UsageError } from './exit-codes.js';
import { Interruption } from './interruption.js';
import { type CliIO, processIO, Reporter, watchStdout } from './io.js';
import type { GlobalOptions } from './options.js';
import { buildProgram } from './program.js';
import { isReaderGone } from './reader-gone.js';
import { packageVersion } from './version.js';

function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof ScreenShotError) {
    if (error.kind === 'display') return EXIT.unavailable;
    if (error.kind === 'region' || error.kind === 'argument') return EXIT.usage;
  }
  return EXIT.failure;
}

/** Whether `error` is `failure` or was caused by it. */
function comesFrom(error: unknown, failure: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e === failure) return true;
  return error === failure;
}

/** Run mss-ts with `argv` (the arguments after the program name). */
export async function main(argv: string[], given: CliIO = processIO()): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  using interruption = new Interruption();
  // Whatever fails on stdout is reported once, at the end, and makes the status 1; the first
  // failure also stops a loop, whose output has nowhere to go.
  let stdoutFailure: NodeJS.ErrnoException | undefined;
  const io = watchStdout(given, (error) => {
    if (stdoutFailure) return;
    if (!isReaderGone(error)) stdoutFailure = error;
    interruption.stop(stdoutFailure ? 'output-failed' : 'reader-gone');
  });
  let reporter = new Reporter(io, false, io.env.MSS_TS_DEBUG === '1');
  const withReporter = (options: GlobalOptions) => {
    reporter = new Reporter(
      io,
      Boolean(options.quiet),
      Boolean(options.verbose) || reporter.verbose,
    );
    return reporter;
  };
  const dataOut = (options: GlobalOptions) => new DataOut(io, Boolean(options.quiet));
  const output = {
    writeOut: (text: string) => io.stdout.write(text), // help and version, which were asked for
    writeErr: (text: string) => io.stderr.write(text),
  };
  const program = buildProgram(packageVersion(), output, {
    // Commands load libxcb and encoders only when they run: --help and --version stay light.
    async grab(output, options) {
      const { runGrab } = await import('./grab-command.js');
      code = await runGrab(output, options, withReporter(options), dataOut(options), interruption);
    },
    async monitors(options) {
      const { runMonitors } = await import('./monitors-command.js');
      code = runMonitors(options, withReporter(options), dataOut(options));
    },
    async windows(options) {
      const { runWindows } = await import('./windows-command.js');
      code = runWindows(options, withReporter(options), dataOut(options));
    },
  });
  try {
    if (reporter.verbose)
      reporter.debug(`started ${performance.now().toFixed(1)} ms after the process`);
    await program.parseAsync(argv, { from: 'user' });
    if (reporter.verbose)
      reporter.debug(`done ${performance.now().toFixed(1)} ms after the process started`);
  } catch (error) {
    if (error instanceof CommanderError) {
      code = error.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander printed the message
    } else if (!comesFrom(error, stdoutFailure)) {
      reporter.error((error as Error).message ?? String(error));
      if (reporter.verbose && error instanceof Error && error.stack)
        io.stderr.write(`${error.stack}\n`);
      code = exitCodeOf(error);
    }
  }
  await io.settled();
  if (stdoutFailure) {
    reporter.error(`cannot write to stdout: ${reasonOf(stdoutFailure)}`);
    return EXIT.failure;
  }
  return code;
}

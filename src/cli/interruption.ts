// SIGINT and SIGTERM become an AbortSignal: work in hand finishes, nothing new starts.
import { EXIT, type ExitCode } from './exit-codes.js';

type Signal = 'SIGINT' | 'SIGTERM';

export class Interruption implements Disposable {
  readonly #controller = new AbortController();
  #received: Signal | undefined;
  #failed = false;
  readonly #onSignal = (signal: Signal) => {
    this.#received = signal;
    // A second signal gets the default action and ends the process at once: the user means it.
    // A temporary file may stay behind; it carries our PID and the next run sweeps it.
    this[Symbol.dispose]();
    this.#controller.abort(signal);
  };

  constructor() {
    process.on('SIGINT', this.#onSignal);
    process.on('SIGTERM', this.#onSignal);
  }

  /**
   * Stop after the frame in hand without a signal: stdout's reader went away (a quiet end), or
   * writing to stdout failed (an error, which the caller reports).
   */
  stop(reason: 'reader-gone' | 'output-failed'): void {
    this.#failed ||= reason === 'output-failed';
    this.#controller.abort(reason);
  }

  /** Whether the run was stopped by a failure to write its output. */
  get failed(): boolean {
    return this.#failed;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get received(): Signal | undefined {
    return this.#received;
  }

  /** 130 after SIGINT, 143 after SIGTERM. */
  get exitCode(): ExitCode {
    return this.#received === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  }

  [Symbol.dispose](): void {
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
  }
}

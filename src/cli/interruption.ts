// SIGINT and SIGTERM become an AbortSignal: work in hand finishes, nothing new starts.
import { EXIT, type ExitCode } from './exit-codes.js';

type Signal = 'SIGINT' | 'SIGTERM';

/** How long a second signal waits for abandoned work to unwind before ending the process. */
const GRACE_MS = 2000;

export class Interruption implements Disposable {
  readonly #controller = new AbortController();
  #received: Signal | undefined;
  #failed = false;
  readonly #abandon = new AbortController();
  readonly #onSignal = (signal: Signal) => {
    if (this.#received) {
      // A second signal: the user means now. Frames in flight are abandoned (no file appears
      // under a real name, and every file already in place is still printed); a third signal,
      // or anything that holds the process longer than GRACE_MS, gets the default action.
      this[Symbol.dispose]();
      this.#abandon.abort(new Error(`abandoned after a second ${signal}`));
      setTimeout(() => process.kill(process.pid, signal), GRACE_MS).unref();
      return;
    }
    this.#received = signal;
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

  /** Aborted by the first signal (or stop()): take no new frame. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Aborted by a second signal: give up the frames in flight too. */
  get abandoned(): AbortSignal {
    return this.#abandon.signal;
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

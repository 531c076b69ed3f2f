// SIGINT and SIGTERM become an AbortSignal: work in hand finishes, nothing new starts.
import { EXIT, type ExitCode } from './exit-codes.js';

type Signal = 'SIGINT' | 'SIGTERM';

export class Interruption implements Disposable {
  readonly #controller = new AbortController();
  #received: Signal | undefined;
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

  /** Stop quietly, as after the last frame: stdout's reader went away (exit status 0). */
  readerGone(): void {
    this.#controller.abort('reader-gone');
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

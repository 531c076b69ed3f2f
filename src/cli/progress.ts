// The loop's account: live on a terminal (ora on stderr), a summary line at the end.
import type { LoopStats } from '../capture/frame-loop.js';
import type { Reporter } from './io.js';

export interface LoopCounts extends LoopStats {
  written: number;
  unchanged: number;
  repeated: number;
}

/** A rate means something after a second, or over a few frames; before, it is noise. */
const RATE_AFTER_MS = 1000;
const RATE_AFTER_FRAMES = 10;

export function summarize(c: LoopCounts): string {
  const seconds = c.elapsedMs / 1000;
  const rate =
    c.elapsedMs >= RATE_AFTER_MS || c.captured >= RATE_AFTER_FRAMES
      ? ` (${(c.captured / seconds).toFixed(1)} fps)`
      : '';
  return (
    `${c.written} written, ${c.unchanged} unchanged, ${c.dropped} dropped, ${c.repeated} repeated of ${c.ticks} ticks ` +
    `in ${seconds.toFixed(2)} s${rate}; lateness mean ${c.meanLatenessMs.toFixed(1)} ms, ` +
    `worst ${c.worstLatenessMs.toFixed(1)} ms`
  );
}

type Spinner = { text: string; stop(): unknown };

export class LoopProgress {
  #spinner: Spinner | undefined;
  #shownAt = 0;

  private constructor(readonly reporter: Reporter) {}

  /** A spinner only for a person at a terminal: ora is not even loaded otherwise. */
  static async start(reporter: Reporter): Promise<LoopProgress> {
    const progress = new LoopProgress(reporter);
    // A terminal that reports no width (a bare pty) made ora redraw without end: skip it there.
    const columns = (reporter.io.stderr as { columns?: number }).columns ?? 0;
    if (reporter.decorated && columns > 0) {
      const { default: ora } = await import('ora');
      progress.#spinner = ora({
        stream: reporter.io.stderr as NodeJS.WriteStream,
        text: 'capturing',
        // Leave stdin alone: in cooked mode Ctrl-C stays a SIGINT for the loop's handler.
        discardStdin: false,
      }).start();
    }
    return progress;
  }

  update(counts: LoopCounts): void {
    if (!this.#spinner) return;
    const now = performance.now();
    if (now - this.#shownAt < 200) return;
    this.#shownAt = now;
    this.#spinner.text = summarize(counts);
  }

  /** Stop the spinner, then print the summary of `counts` if given. */
  finish(counts: LoopCounts | undefined): void {
    this.#spinner?.stop();
    this.#spinner = undefined;
    if (counts) this.reporter.info(`mss-ts: ${summarize(counts)}`);
  }
}

// Turn -w/--window (with --frame, --no-composite and --region) into the window to capture.
import { ScreenShotError } from '../capture/errors.js';
import type { MSS } from '../capture/mss.js';
import { hexId } from '../capture/window-id.js';
import type { WindowTarget } from '../capture/window-source.js';
import { UsageError } from './exit-codes.js';
import type { Reporter } from './io.js';
import type { GrabOptions } from './options.js';
import type { Target } from './targets.js';

/** Options that only mean something with -w. */
export function checkWindowOptions(options: GrabOptions, usesWindowNames: boolean): void {
  if (options.window !== undefined) return;
  if (options.frame) throw new UsageError("option '--frame' needs '-w, --window'");
  if (options.composite === false) {
    throw new UsageError("option '--no-composite' needs '-w, --window'");
  }
  if (usesWindowNames) {
    throw new UsageError(
      "placeholders {window} and {title} name a window: add '-w, --window' (or leave them out)",
    );
  }
}

/**
 * The window -w names, as the one target of the grab (monitor 0 for {mon}). A name that matches
 * no window or several is a usage error; a window that does not show is a capture error.
 */
export function selectWindow(sct: MSS, options: GrabOptions, reporter: Reporter): Target {
  const spec = options.window as string;
  let target: WindowTarget;
  try {
    target = sct.window(spec, {
      frame: Boolean(options.frame),
      composite: options.composite !== false,
      ...(options.region && { region: options.region }),
    });
  } catch (error) {
    if (error instanceof ScreenShotError && error.kind === 'argument') {
      throw new UsageError(`option '-w, --window' ${error.message}`);
    }
    throw error;
  }
  const area = sct.windowArea(target);
  const title = sct.windowInfo(target.window).name;
  if (reporter.verbose) {
    const id = hexId(target.window);
    const problem = options.composite === false ? 'asked by --no-composite' : sct.compositeProblem;
    if (problem) {
      reporter.debug(
        `window ${id}: capturing its area of the screen, where other windows may cover it (${problem})`,
      );
    } else {
      reporter.debug(`window ${id}: capturing its own contents through Composite`);
    }
  }
  return { monitor: sct.monitors[0] as Target['monitor'], area, window: { target, title } };
}

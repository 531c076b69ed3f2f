// `mss-ts grab`: one capture (or, with loop options, a series) of monitors or a region.
import { setTimeout as sleep } from 'node:timers/promises';
import { ScreenShotError } from '../capture/errors.js';
import { MSS } from '../capture/mss.js';
import type { Region } from '../capture/region.js';
import { resizedSize, type Size } from '../encode/resize.js';
import type { DataOut } from './data-out.js';
import { displayName } from './display-name.js';
import { EXIT, type ExitCode, UsageError } from './exit-codes.js';
import { printFfmpegArgs } from './ffmpeg-args.js';
import type { Interruption } from './interruption.js';
import type { Reporter } from './io.js';
import { checkUniqueNames, planLoop } from './loop-plan.js';
import type { GrabOptions } from './options.js';
import { isStreamOutput } from './output-name.js';
import { planOutput } from './output-plan.js';
import { selectMonitors } from './select-monitor.js';
import { checkWindowOptions, selectWindow } from './select-window.js';
import { grabOnce } from './single-grab.js';
import { targetsOf } from './targets.js';

/** The longest a Node timer waits (2^31-1 ms, 24.8 days): longer ones fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Wait `ms` (up to a million hours), in timers Node can hold; rejects when `signal` aborts. */
async function delay(ms: number, signal: AbortSignal): Promise<void> {
  for (let left = ms; left > 0; left -= LONGEST_TIMER_MS) {
    await sleep(Math.min(left, LONGEST_TIMER_MS), undefined, { signal });
  }
}

/**
 * The size each target is encoded at; a resize that leaves less than a pixel (or more than an
 * encoder takes) is a usage error, decided before capturing.
 */
function outputSizes(areas: Region[], options: GrabOptions): Size[] {
  return areas.map((area) => {
    try {
      return resizedSize(area.width, area.height, options) ?? area;
    } catch (error) {
      if (!(error instanceof ScreenShotError)) throw error;
      const flag = options.scale !== undefined ? "'--scale'" : "'--resize'";
      throw new UsageError(`option ${flag}: ${error.message}`);
    }
  });
}

export async function runGrab(
  positional: string | undefined,
  options: GrabOptions,
  reporter: Reporter,
  out: DataOut,
  interruption: Interruption,
): Promise<ExitCode> {
  const each = options.monitor.kind === 'each';
  if (each && options.region) {
    throw new UsageError("option '-r, --region' cannot be combined with '-m each'");
  }
  const looping = [options.interval, options.fps, options.count, options.duration].some(
    (v) => v !== undefined,
  );
  const plan = planOutput(
    {
      positional,
      output: options.output,
      format: options.format,
      pixelFormat: options.pixelFormat,
      each,
      loop: looping,
      json: Boolean(options.json) && !options.printFfmpegArgs,
      force: Boolean(options.force) || Boolean(options.printFfmpegArgs),
      clipboard: Boolean(options.clipboard),
    },
    out,
  );
  const uses = plan.pattern?.uses;
  checkWindowOptions(options, Boolean(uses?.has('window') || uses?.has('title')));
  const loop = planLoop(options, plan.format, plan.pattern === null);
  // Names must change from tick to tick, unless there is one tick, or the one name is a device
  // or FIFO that every frame is written into.
  const fixedStream = plan.pattern?.uses.size === 0 && isStreamOutput(plan.pattern.source);
  if (loop && plan.pattern && loop.count !== 1 && !fixedStream) {
    checkUniqueNames(plan.pattern, loop.intervalMs);
  }
  if (options.printFfmpegArgs && (plan.format !== 'raw' || each)) {
    throw new UsageError(
      "option '--print-ffmpeg-args' describes one raw stream: add --format raw (and a single monitor)",
    );
  }

  if (options.delay && !options.printFfmpegArgs) {
    reporter.debug(`waiting ${options.delay} ms before capturing`);
    try {
      await delay(options.delay, interruption.signal);
    } catch {
      return interruption.exitCode;
    }
  }

  const display = displayName(options.display, reporter.io.env);
  using sct = new MSS({
    display,
    backend: options.backend,
    damage: options.damage !== false,
    cursor: Boolean(options.cursor),
  });
  const targets =
    options.window !== undefined
      ? [selectWindow(sct, options, reporter)]
      : targetsOf(selectMonitors(options.monitor, sct.monitors), options.region);
  const sizes = outputSizes(
    targets.map((t) => t.area),
    options,
  );
  if (options.printFfmpegArgs) {
    printFfmpegArgs(sizes[0] as Size, plan.pixelFormat, loop?.rate, out);
    return EXIT.ok;
  }
  const context = { sct, targets, each, plan, options, reporter, out, interruption, display };
  // The loop's modules (progress, sinks, sharp's loader) load only for a loop.
  const code = loop
    ? await (await import('./loop.js')).runLoop({ ...context, loop })
    : await grabOnce(context);
  return interruption.received ? interruption.exitCode : code;
}

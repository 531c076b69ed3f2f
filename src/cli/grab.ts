// `mss-ts grab`: one capture of a monitor, a region or every monitor, to files or stdout.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Frame } from '../capture/frame.js';
import type { Monitor } from '../capture/monitors.js';
import { type BackendChoice, MSS } from '../capture/mss.js';
import { checkRegion, type Region } from '../capture/region.js';
import { encode, preloadEncoder } from '../encode/encode.js';
import type { ImageFormat, PixelFormat } from '../encode/formats.js';
import { toPixelFormat } from '../encode/pixels.js';
import { writeFileAtomic } from '../output/atomic-file.js';
import { EXIT, type ExitCode, UsageError } from './exit-codes.js';
import type { Interruption } from './interruption.js';
import type { Reporter } from './io.js';
import { type OutputPlan, planOutput } from './output-plan.js';
import type { MonitorSelector } from './parse.js';
import { selectMonitors } from './select-monitor.js';
import { writeToStream } from './write-stream.js';

export interface GrabOptions {
  monitor: MonitorSelector;
  region?: Region;
  format?: ImageFormat;
  level: number;
  quality: number;
  pixelFormat?: PixelFormat;
  output?: string;
  force?: boolean;
  delay?: number;
  display?: string;
  backend: BackendChoice;
  json?: boolean;
}

/** One line of --json output: what was written and what it cost. */
export interface GrabRecord {
  path: string;
  monitor: number;
  left: number;
  top: number;
  width: number;
  height: number;
  format: ImageFormat;
  bytes: number;
  captureMs: number;
  encodeMs: number;
}

const ms = (since: number) => Math.round((performance.now() - since) * 100) / 100;

/** The area to capture for each chosen monitor (a --region is relative to its monitor). */
function areasOf(monitors: Monitor[], region: Region | undefined): Region[] {
  if (!region) return monitors;
  return monitors.map((m) => {
    try {
      checkRegion(
        region,
        { left: 0, top: 0, width: m.width, height: m.height },
        `monitor ${m.index} (${m.name})`,
      );
    } catch (error) {
      throw new UsageError(`option '-r, --region' ${(error as Error).message}`);
    }
    return { ...region, left: m.left + region.left, top: m.top + region.top };
  });
}

export async function runGrab(
  positional: string | undefined,
  options: GrabOptions,
  reporter: Reporter,
  interruption: Interruption,
): Promise<ExitCode> {
  const each = options.monitor.kind === 'each';
  if (each && options.region) {
    throw new UsageError("option '-r, --region' cannot be combined with '-m each'");
  }
  const plan = planOutput(
    {
      positional,
      output: options.output,
      format: options.format,
      pixelFormat: options.pixelFormat,
      each,
      json: Boolean(options.json),
      force: Boolean(options.force),
    },
    reporter.io,
  );
  if (plan.format !== 'raw') preloadEncoder().catch(() => {}); // the error surfaces at encode

  if (options.delay) {
    reporter.debug(`waiting ${options.delay} ms before capturing`);
    try {
      await sleep(options.delay, undefined, { signal: interruption.signal });
    } catch {
      return interruption.exitCode;
    }
  }

  using sct = new MSS({
    display: options.display ?? reporter.io.env.DISPLAY ?? '',
    backend: options.backend,
  });
  const monitors = selectMonitors(options.monitor, sct.monitors);
  const areas = areasOf(monitors, options.region);
  const started = performance.now();
  const date = new Date();
  // -m each: one grab of the whole screen, cropped, so that every file shows the same instant.
  using whole = each ? sct.grab(0) : undefined;
  const frames = areas.map((area) => (whole ? whole.crop(area) : sct.grab(area)));
  const captureMs = ms(started);
  const status = sct.status;
  reporter.debug(
    `captured in ${captureMs} ms through ${status.backend}${status.reasons.length ? ` (${status.reasons.join('; ')})` : ''}`,
  );
  try {
    const records = await Promise.all(
      frames.map((frame, i) =>
        deliver(frame, monitors[i] as Monitor, plan, options, reporter, date, captureMs),
      ),
    );
    for (const record of records) {
      if (!record || record.path === '-') continue;
      if (options.json) reporter.json(record);
      else reporter.data(record.path);
    }
  } finally {
    for (const frame of frames) frame.release();
  }
  return interruption.received ? interruption.exitCode : EXIT.ok;
}

/** Encode one frame and write it; null if stdout's reader went away. */
async function deliver(
  frame: Frame,
  monitor: Monitor,
  plan: OutputPlan,
  options: GrabOptions,
  reporter: Reporter,
  date: Date,
  captureMs: number,
): Promise<GrabRecord | null> {
  const started = performance.now();
  const bytes =
    plan.format === 'raw' && plan.pattern === null
      ? toPixelFormat(frame, plan.pixelFormat) // straight from the capture buffer when bgr0
      : await encode(frame, {
          format: plan.format,
          level: options.level,
          quality: options.quality,
          pixelFormat: plan.pixelFormat,
        });
  const encodeMs = ms(started);
  let path = '-';
  if (plan.pattern === null) {
    if (!(await writeToStream(reporter.io.stdout, bytes))) return null;
  } else {
    path = plan.pattern.render({
      mon: monitor.index,
      name: monitor.name,
      left: frame.left,
      top: frame.top,
      width: frame.width,
      height: frame.height,
      n: 1,
      date,
      ext: plan.ext,
    });
    try {
      await writeFileAtomic(path, bytes);
    } catch (cause) {
      throw new Error(`cannot write ${path}: ${(cause as Error).message}`, { cause });
    }
  }
  const { left, top, width, height } = frame;
  return {
    path,
    monitor: monitor.index,
    left,
    top,
    width,
    height,
    format: plan.format,
    bytes: bytes.length,
    captureMs,
    encodeMs,
  };
}

// What each command's options are, as types, and the one step that turns commander's untyped
// values (its parsers already ran) into them.
import type { OptionValues } from 'commander';
import type { BackendChoice } from '../capture/backend.js';
import type { Region } from '../capture/region.js';
import type { ImageFormat, PixelFormat } from '../encode/formats.js';
import type { ResizeTo } from '../encode/resize.js';
import type { Pace } from './loop-plan.js';
import type { MonitorSelector } from './parse.js';

/** The options of every command (before or after its name). */
export interface GlobalOptions {
  display?: string | undefined;
  backend: BackendChoice;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
}

export interface MonitorsOptions extends GlobalOptions {
  json?: boolean | undefined;
}

/** `mss-ts windows`. */
export type WindowsOptions = MonitorsOptions;

export interface GrabOptions extends GlobalOptions {
  monitor: MonitorSelector;
  /** -w: a window id, `root`, `active`, or part of a window's name. */
  window?: string | undefined;
  /** --frame: with the window manager's frame. */
  frame?: boolean | undefined;
  /** false with --no-composite: the screen area, not the window's own contents. */
  composite?: boolean | undefined;
  region?: Region | undefined;
  format?: ImageFormat | undefined;
  level: number;
  quality: number;
  pixelFormat?: PixelFormat | undefined;
  output?: string | undefined;
  force?: boolean | undefined;
  delay?: number | undefined;
  json?: boolean | undefined;
  interval?: number | undefined;
  fps?: number | undefined;
  count?: number | undefined;
  duration?: number | undefined;
  skipUnchanged?: boolean | undefined;
  pace?: Pace | undefined;
  printFfmpegArgs?: boolean | undefined;
  overwrite?: boolean | undefined;
  damage?: boolean | undefined;
  cursor?: boolean | undefined;
  scale?: number | undefined;
  resize?: ResizeTo | undefined;
  clipboard?: boolean | undefined;
}

/** A value of the given primitive type, or undefined: anything else is a bug in program.ts. */
function typed<T extends string | number | boolean>(
  values: OptionValues,
  key: string,
  type: 'string' | 'number' | 'boolean',
): T | undefined {
  const value: unknown = values[key];
  if (value === undefined) return undefined;
  if (typeof value !== type) {
    throw new TypeError(
      `option ${key} is a ${typeof value}, not a ${type}: program.ts and options.ts disagree`,
    );
  }
  return value as T;
}

function globalOptionsOf(values: OptionValues): GlobalOptions {
  return {
    display: typed(values, 'display', 'string'),
    backend: typed<BackendChoice>(values, 'backend', 'string') ?? 'auto',
    quiet: typed(values, 'quiet', 'boolean'),
    verbose: typed(values, 'verbose', 'boolean'),
  };
}

export function monitorsOptionsOf(values: OptionValues): MonitorsOptions {
  return { ...globalOptionsOf(values), json: typed(values, 'json', 'boolean') };
}

/** `monitor`, `region` and `resize` come from parseMonitor, parseGeometry and parseResize. */
export function grabOptionsOf(values: OptionValues): GrabOptions {
  return {
    ...globalOptionsOf(values),
    monitor: values.monitor as MonitorSelector,
    window: typed(values, 'window', 'string'),
    frame: typed(values, 'frame', 'boolean'),
    composite: typed(values, 'composite', 'boolean'),
    region: values.region as Region | undefined,
    format: typed<ImageFormat>(values, 'format', 'string'),
    level: typed(values, 'level', 'number') ?? 6,
    quality: typed(values, 'quality', 'number') ?? 90,
    pixelFormat: typed<PixelFormat>(values, 'pixelFormat', 'string'),
    output: typed(values, 'output', 'string'),
    force: typed(values, 'force', 'boolean'),
    delay: typed(values, 'delay', 'number'),
    json: typed(values, 'json', 'boolean'),
    interval: typed(values, 'interval', 'number'),
    fps: typed(values, 'fps', 'number'),
    count: typed(values, 'count', 'number'),
    duration: typed(values, 'duration', 'number'),
    skipUnchanged: typed(values, 'skipUnchanged', 'boolean'),
    pace: typed<Pace>(values, 'pace', 'string'),
    printFfmpegArgs: typed(values, 'printFfmpegArgs', 'boolean'),
    overwrite: typed(values, 'overwrite', 'boolean'),
    damage: typed(values, 'damage', 'boolean'),
    cursor: typed(values, 'cursor', 'boolean'),
    scale: typed(values, 'scale', 'number'),
    resize: values.resize as ResizeTo | undefined,
    clipboard: typed(values, 'clipboard', 'boolean'),
  };
}

// What --json prints for each file.
import type { Frame } from '../capture/frame.js';
import { hexId } from '../capture/window-id.js';
import type { ImageFormat } from '../encode/formats.js';
import type { Target } from './targets.js';

export interface GrabRecord {
  path: string;
  monitor: number;
  /** The window captured (-w), as `0x3a00007`. */
  window?: string;
  left: number;
  top: number;
  width: number;
  height: number;
  format: ImageFormat;
  bytes: number;
  captureMs: number;
  encodeMs: number;
}

/** A loop's record adds where the frame sits in the run. */
export interface LoopRecord extends GrabRecord {
  n: number;
  capturedAt: string;
  monotonicMs: number;
  droppedSoFar: number;
  unchangedSoFar: number;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export function recordOf(r: {
  path: string;
  target: Target;
  frame: Frame;
  format: ImageFormat;
  bytes: number;
  captureMs: number;
  encodeMs: number;
}): GrabRecord {
  const { left, top, width, height } = r.frame;
  return {
    path: r.path,
    monitor: r.target.monitor.index,
    ...(r.target.window && { window: hexId(r.target.window.target.window) }),
    left,
    top,
    width,
    height,
    format: r.format,
    bytes: r.bytes,
    captureMs: round(r.captureMs),
    encodeMs: round(r.encodeMs),
  };
}

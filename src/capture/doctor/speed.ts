// The speed test and the sample grab: full-screen grabs through each backend, and whether what
// came back is anything but black.
import type { Backend } from '../backend.js';
import type { Frame } from '../frame.js';
import { MSS } from '../mss.js';
import { type Check, check } from './check.js';

export interface SpeedResult {
  backend: Backend;
  /** Full-screen grabs per second, every pixel copied each time (damage tracking off). */
  grabsPerSecond: number;
  grabs: number;
  ms: number;
}

// process.hrtime, not performance.now(): the first use of `performance` loads perf_hooks.
const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Grab the whole screen through `backend` for about `ms` milliseconds. The first grab, which
 * makes the buffers, is not counted.
 */
export function timeGrabs(display: string, backend: Backend, ms: number): SpeedResult {
  using sct = new MSS({ display, backend, damage: false });
  sct.grab(0).release();
  let grabs = 0;
  const start = now();
  let elapsed = 0;
  do {
    sct.grab(0).release();
    grabs++;
    elapsed = now() - start;
  } while (elapsed < ms);
  return { backend, grabsPerSecond: Math.round((grabs * 1000) / elapsed), grabs, ms: elapsed };
}

/** Whether every pixel of `frame` is black (byte 3 is padding, not part of the colour). */
export function isBlack(frame: Frame): boolean {
  const { data, width, height, stride } = frame;
  const words = new Uint32Array(data.buffer, data.byteOffset, (stride * (height - 1)) / 4 + width);
  for (let y = 0; y < height; y++) {
    const row = (y * stride) / 4;
    for (let x = 0; x < width; x++) if (((words[row + x] as number) & 0xffffff) !== 0) return false;
  }
  return true;
}

export function speedCheck(results: SpeedResult[], width: number, height: number): Check {
  const parts = results.map(
    (r) => `${r.backend === 'shm' ? 'MIT-SHM' : 'GetImage'} ${r.grabsPerSecond} grabs/s`,
  );
  return check('speed', 'info', `full-screen ${width}x${height} grabs: ${parts.join(', ')}`);
}

export function sampleCheck(black: boolean): Check {
  if (!black) return check('sample grab', 'ok', 'the screen has content (not entirely black)');
  return check(
    'sample grab',
    'warn',
    'the whole screen came out black, which is suspicious: a Wayland session (XWayland shows only X11 windows), a locked or blanked screen, or a compositor that keeps window contents off the root window',
    "look at the screen while grabbing; under Wayland use the desktop's own screenshot tool",
  );
}

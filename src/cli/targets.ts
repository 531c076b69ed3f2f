// What to capture: the chosen monitors and, with --region, the area inside each.
import type { Monitor } from '../capture/monitors.js';
import { checkRegion, type Region } from '../capture/region.js';
import type { WindowTarget } from '../capture/window-source.js';
import { printable } from '../output/safe-name.js';
import { UsageError } from './exit-codes.js';

export interface Target {
  monitor: Monitor;
  /** Root-window coordinates (for a window: where it was when the command started). */
  area: Region;
  /** With -w: the window, which every grab looks up again, and its name. */
  window?: { target: WindowTarget; title: string } | undefined;
}

/** What a grab of `target` asks MSS for: the window, else the area. */
export const grabTargetOf = (target: Target): Region | WindowTarget =>
  target.window ? target.window.target : target.area;

/** The output pattern's values that come from the target. */
export function targetValues(target: Target): {
  mon: number;
  name: string;
  window: number | undefined;
  title: string | undefined;
} {
  return {
    mon: target.monitor.index,
    name: target.monitor.name,
    window: target.window?.target.window,
    title: target.window?.title,
  };
}

/** Each monitor with its capture area (a --region is relative to its monitor and must fit). */
export function targetsOf(monitors: Monitor[], region: Region | undefined): Target[] {
  return monitors.map((monitor) => {
    if (!region) return { monitor, area: monitor };
    const bounds = { left: 0, top: 0, width: monitor.width, height: monitor.height };
    try {
      checkRegion(region, bounds, `monitor ${monitor.index} (${printable(monitor.name)})`);
    } catch (error) {
      throw new UsageError(`option '-r, --region' ${(error as Error).message}`);
    }
    return {
      monitor,
      area: { ...region, left: monitor.left + region.left, top: monitor.top + region.top },
    };
  });
}

// What to capture: the chosen monitors and, with --region, the area inside each.
import type { Monitor } from '../capture/monitors.js';
import { checkRegion, type Region } from '../capture/region.js';
import { printable } from '../output/safe-name.js';
import { UsageError } from './exit-codes.js';

export interface Target {
  monitor: Monitor;
  /** Root-window coordinates. */
  area: Region;
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

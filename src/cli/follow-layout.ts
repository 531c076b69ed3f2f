// A loop follows the screen's layout (xrandr): the monitors it captures are looked up again.
import type { Monitor } from '../capture/monitors.js';
import { describeRegion, type Region } from '../capture/region.js';
import type { MonitorSelector } from './parse.js';
import { selectMonitors } from './select-monitor.js';
import { type Target, targetsOf } from './targets.js';

export interface FollowRequest {
  monitor: MonitorSelector;
  region?: Region | undefined;
  each: boolean;
  /** A raw stream: every frame has the size of the first. */
  fixedSize: boolean;
}

/**
 * The frames() target of a loop: `targets` as chosen at the start, then, after each layout
 * change, chosen again from the new monitors the same way (`targets` is updated in place, for
 * the sink that names and crops the frames). A choice that no longer works ends the loop with
 * a runtime error (exit 1): the command line was right when it started.
 */
export function followLayout(
  targets: Target[],
  request: FollowRequest,
): (monitors: readonly Monitor[]) => Region {
  let started = false;
  return (monitors) => {
    if (started) {
      let next: Target[];
      try {
        next = targetsOf(selectMonitors(request.monitor, monitors), request.region);
      } catch (error) {
        throw new Error(`the screen layout changed: ${(error as Error).message}`, { cause: error });
      }
      const before = (targets[0] as Target).area;
      const after = (next[0] as Target).area;
      if (request.fixedSize && (after.width !== before.width || after.height !== before.height)) {
        throw new Error(
          `the screen layout changed: the captured area is now ${describeRegion(after)} (it was ${describeRegion(before)}), and a raw stream's frames keep one size`,
        );
      }
      targets.splice(0, targets.length, ...next);
    }
    started = true;
    // -m each: one grab of the whole screen, cropped to each monitor.
    return request.each ? (monitors[0] as Monitor) : (targets[0] as Target).area;
  };
}

// Turn -m/--monitor into monitors of this server; mistakes list what exists.
import { type Monitor, primaryOf } from '../capture/monitors.js';
import { printable } from '../output/safe-name.js';
import { UsageError } from './exit-codes.js';
import type { MonitorSelector } from './parse.js';

const describe = (monitors: readonly Monitor[]) =>
  monitors.map((m) => (m.index === 0 ? '0 (all)' : `${m.index} (${printable(m.name)})`)).join(', ');

export function selectMonitors(selector: MonitorSelector, monitors: readonly Monitor[]): Monitor[] {
  switch (selector.kind) {
    case 'each':
      return monitors.slice(1);
    case 'primary':
      return [primaryOf(monitors)];
    case 'index': {
      const monitor = monitors[selector.index];
      if (!monitor) {
        throw new UsageError(
          `option '-m, --monitor' has no monitor ${selector.index}: this display has ${describe(monitors)}`,
        );
      }
      return [monitor];
    }
    case 'name': {
      const monitor = monitors.find((m) => m.index > 0 && m.name === selector.name);
      if (!monitor) {
        throw new UsageError(
          `option '-m, --monitor' has no monitor named "${printable(selector.name)}": this display has ${describe(monitors)}`,
        );
      }
      return [monitor];
    }
  }
}

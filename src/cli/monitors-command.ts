import { MSS } from '../capture/mss.js';
import { printable } from '../output/safe-name.js';
import type { DataOut } from './data-out.js';
import { displayName } from './display-name.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Reporter } from './io.js';
import type { MonitorsOptions } from './options.js';

export function runMonitors(options: MonitorsOptions, reporter: Reporter, out: DataOut): ExitCode {
  using sct = new MSS({
    display: displayName(options.display, reporter.io.env),
    backend: options.backend,
  });
  const monitors = sct.monitors;
  const { backend, reasons } = sct.status;
  if (options.json) {
    out.json({ display: sct.display, backend, reasons, monitors });
    return EXIT.ok;
  }
  const rows = [
    ['INDEX', 'NAME', 'GEOMETRY', 'PRIMARY'],
    ...monitors.map((m) => [
      String(m.index),
      printable(m.name),
      `${m.width}x${m.height}+${m.left}+${m.top}`,
      m.primary ? 'yes' : '',
    ]),
  ];
  const widths =
    rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length))) ?? [];
  for (const row of rows) {
    out.line(
      row
        .map((cell, c) => cell.padEnd(widths[c] as number))
        .join('  ')
        .trimEnd(),
    );
  }
  if (backend === 'shm') reporter.debug('capture: MIT-SHM shared memory');
  else reporter.info(`capture: GetImage, slower than MIT-SHM because ${reasons.join('; ')}`);
  return EXIT.ok;
}

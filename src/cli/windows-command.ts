// `mss-ts windows`: the top-level client windows, as a table or one JSON object.
import { MSS } from '../capture/mss.js';
import { hexId } from '../capture/window-id.js';
import { printable } from '../output/safe-name.js';
import type { DataOut } from './data-out.js';
import { displayName } from './display-name.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Reporter } from './io.js';
import type { WindowsOptions } from './options.js';

/** Rows as columns padded to their widest cell. */
function table(rows: string[][]): string[] {
  const widths =
    rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c] as number))
      .join('  ')
      .trimEnd(),
  );
}

export function runWindows(options: WindowsOptions, reporter: Reporter, out: DataOut): ExitCode {
  using sct = new MSS({
    display: displayName(options.display, reporter.io.env),
    backend: options.backend,
  });
  const windows = sct.windows();
  if (options.json) {
    out.json({
      display: sct.display,
      windows: windows.map((w) => ({ ...w, id: hexId(w.id), frame: hexId(w.frame) })),
    });
    return EXIT.ok;
  }
  const rows = [
    ['', 'ID', 'NAME', 'CLASS', 'GEOMETRY', 'MAPPED'],
    ...windows.map((w) => [
      w.active ? '*' : '',
      hexId(w.id),
      printable(w.name),
      printable(w.class),
      `${w.width}x${w.height}+${w.left}+${w.top}`,
      w.mapped ? 'yes' : 'no',
    ]),
  ];
  for (const line of table(rows)) out.line(line);
  if (windows.length === 0) reporter.info('no top-level windows on this display');
  return EXIT.ok;
}

// `mss-ts doctor`: every check on a line of its own, then the verdict; exit 69 when capture
// cannot work.
import type { Check } from '../capture/doctor/check.js';
import { diagnose } from '../capture/doctor/diagnose.js';
import { printable } from '../output/safe-name.js';
import type { DataOut } from './data-out.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Reporter } from './io.js';
import type { DoctorOptions } from './options.js';

/** "warn  MIT-SHM    detail; fix: what to do", the name padded to `width`. */
export function checkLine(c: Check, width: number): string {
  const fix = c.fix ? `; fix: ${c.fix}` : '';
  return `${c.status.padEnd(5)} ${c.name.padEnd(width)}  ${printable(c.detail + fix)}`;
}

export async function runDoctor(
  options: DoctorOptions,
  reporter: Reporter,
  out: DataOut,
): Promise<ExitCode> {
  const env = reporter.io.env;
  const diagnosis = await diagnose({
    display: options.display || env.DISPLAY || undefined,
    env,
    backend: options.backend,
  });
  if (options.json) {
    out.json(diagnosis);
  } else {
    const width = Math.max(...diagnosis.checks.map((c) => c.name.length));
    for (const c of diagnosis.checks) out.line(checkLine(c, width));
    out.line(`verdict: ${diagnosis.verdict}`);
  }
  return diagnosis.works ? EXIT.ok : EXIT.unavailable;
}

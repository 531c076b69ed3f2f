// Scenario 1: timelapses interrupted at random moments by SIGINT, SIGTERM or two SIGINTs.
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import { check, checkDecodes, scale, seeded, sleep, temporariesIn, trials } from './harness.js';

const W = 320;
const H = 240;
const painted = useScreen(W, H, { seed: 31 });

type Stop = 'SIGINT' | 'SIGTERM' | 'double SIGINT';
const EXIT: Record<Stop, number> = { SIGINT: 130, SIGTERM: 143, 'double SIGINT': 130 };

async function interruptedRun(cadence: string[], stop: Stop, random: () => number, i: number) {
  const dir = mkdtempSync(join(painted.dir, 'signals-'));
  const running = runBinary(['grab', ...cadence, '-o', join(dir, '{n:05}.png')], painted.env);
  await sleep(100 + random() * 900); // at a random moment, the start-up included
  const signal = stop === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
  const sentAt = performance.now();
  running.child.kill(signal);
  if (stop === 'double SIGINT') {
    await sleep(random() * 60);
    running.child.kill('SIGINT');
  }
  const guard = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
  const result = await running;
  const exitMs = performance.now() - sentAt;
  clearTimeout(guard);
  check(result.code === EXIT[stop], `trial ${i}: exit ${result.code}, stderr ${result.stderr}`);
  check(!/\n\s+at /.test(result.stderr), `a stack trace: ${result.stderr}`);
  const temporaries = temporariesIn(dir);
  check(temporaries.length === 0, `temporaries left: ${temporaries.join(', ')}`);
  const files = readdirSync(dir).sort();
  const printed = result.stdout.toString().split('\n').filter(Boolean).sort();
  check(
    JSON.stringify(printed) === JSON.stringify(files.map((f) => join(dir, f))),
    `printed ${printed.length} paths for ${files.length} files`,
  );
  for (const file of files) await checkDecodes(join(dir, file), W, H);
  return exitMs;
}

const cases: [Stop, number, number][] = [
  ['SIGINT', 30, 6],
  ['SIGTERM', 10, 3],
  ['double SIGINT', 5, 3],
];

describe('signals at random moments', () => {
  for (const [stop, full, short] of cases) {
    it(`${stop}: a PNG timelapse at --interval 50ms`, async () => {
      const random = seeded(101 + full);
      await trials(
        `${stop} at a random moment, PNG timelapse --interval 50ms`,
        scale(full, short),
        `exit ${EXIT[stop]}; every file complete and decodable and printed; no temporary left`,
        (i) => interruptedRun(['--interval', '50ms'], stop, random, i),
        'ms from the (first) signal to the exit',
      );
    });
    it(`${stop}: --skip-unchanged --interval 0 on a still screen`, async () => {
      const random = seeded(202 + full);
      await trials(
        `${stop} at a random moment, --skip-unchanged --interval 0, still screen`,
        scale(full, short),
        `exit ${EXIT[stop]} within the 10 s limit; the first frame written; files complete, printed; no temporary`,
        (i) => interruptedRun(['--interval', '0', '--skip-unchanged'], stop, random, i),
        'ms from the (first) signal to the exit',
      );
    });
  }
});

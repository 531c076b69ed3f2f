// Timing: run alone (`npm test` runs *.timing.test.ts after the rest, one file at a time).
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

const painted = useScreen(1280, 720, { seed: 2 });

it('keeps a 100 ms cadence over 30 frames without drift', async () => {
  const argv = [
    'grab',
    '--interval',
    '100ms',
    '--count',
    '30',
    '--json',
    '-o',
    join(painted.dir, '{n:02}.jpg'),
  ];
  const result = await runBinary(argv, painted.env);
  expect(result.code).toBe(0);
  const records = result.stdout
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(records).toHaveLength(30);
  const offsets = records.map((r) => r.monotonicMs - (r.n - 1) * 100);
  const meanOffset = offsets.reduce((a: number, b: number) => a + Math.abs(b), 0) / offsets.length;
  expect(meanOffset).toBeLessThan(25);
  const [, seconds] = /in ([\d.]+) s/.exec(result.stderr) ?? [];
  expect(Number(seconds)).toBeGreaterThan(2.7);
  expect(Number(seconds)).toBeLessThan(3.3);
});

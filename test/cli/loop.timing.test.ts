// Timing: run alone (`npm test` runs *.timing.test.ts after the rest, one file at a time).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paint, pattern } from '../../scripts/paint.js';
import { startXvfb, type Xvfb } from '../../scripts/xvfb.js';
import { runBinary } from '../helpers/cli.js';

let xvfb: Xvfb;
let dir: string;
beforeAll(async () => {
  xvfb = await startXvfb({ screen: '1280x720x24' });
  paint(xvfb.display, 0, 0, 1280, 720, pattern(1280, 720, 2));
  dir = mkdtempSync(join(tmpdir(), 'mss-ts-timing-'));
});
afterAll(async () => {
  await xvfb.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps a 100 ms cadence over 30 frames without drift', async () => {
  const argv = [
    'grab',
    '--interval',
    '100ms',
    '--count',
    '30',
    '--json',
    '-o',
    join(dir, '{n:02}.jpg'),
  ];
  const result = await runBinary(argv, { DISPLAY: xvfb.display });
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

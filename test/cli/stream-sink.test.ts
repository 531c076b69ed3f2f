// A raw stream over many frames, as a user runs it: the executable (its shebang's node flags
// apply), stdout on /dev/null, the process's resident memory read from /proc.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

const painted = useScreen(640, 480, { seed: 8 });

const FRAMES = 150_000;
/** Growth allowed per frame: a stream that may run for days must not grow with its length. */
const BYTES_PER_FRAME = 50;

/** VmRSS of `pid` in bytes; undefined once it is gone. */
function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

it(`a raw stream keeps its memory flat over ${FRAMES.toLocaleString('en')} frames`, async () => {
  const devNull = openSync('/dev/null', 'w');
  const child = spawn(
    BIN,
    ['grab', '--interval', '0', '-f', 'raw', '--count', String(FRAMES), '-'],
    {
      env: { ...painted.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
      stdio: ['ignore', devNull, 'pipe'],
    },
  );
  closeSync(devNull);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const samples: { at: number; rss: number }[] = [];
  const timer = setInterval(() => {
    const rss = child.pid === undefined ? undefined : rssOf(child.pid);
    if (rss !== undefined) samples.push({ at: performance.now(), rss });
  }, 100);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  const exitedAt = performance.now();
  clearInterval(timer);

  expect(code).toBe(0);
  const [, written, seconds] = /(\d+) written, .* in ([\d.]+) s/.exec(stderr) ?? [];
  expect(Number(written)).toBe(FRAMES);
  // Frames come at a steady rate: a fraction of the loop's time is that fraction of its frames.
  const loopMs = Number(seconds) * 1000;
  const loopStart = exitedAt - loopMs;
  const between = (from: number, to: number) =>
    samples
      .filter((s) => s.at >= loopStart + from * loopMs && s.at < loopStart + to * loopMs)
      .map((s) => s.rss);
  const early = between(0.2, 0.4); // after the warm-up
  const late = between(0.8, 1);
  expect(Math.min(early.length, late.length)).toBeGreaterThanOrEqual(5);
  const perFrame = (mean(late) - mean(early)) / (0.6 * FRAMES);
  expect(
    perFrame,
    `RSS ${(mean(early) / 1e6).toFixed(1)} -> ${(mean(late) / 1e6).toFixed(1)} MB over ${seconds} s`,
  ).toBeLessThan(BYTES_PER_FRAME);
}, 90_000);

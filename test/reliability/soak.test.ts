// Scenario 9: long runs keep their memory and file descriptors flat.
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import { check, checkDecodes, scale, trials } from './harness.js';

const W = 640;
const H = 480;
const painted = useScreen(W, H, { seed: 91 });
const GROWTH_BAR_MB = 20;

interface Sample {
  at: number;
  rssMb: number;
  fds: number;
}

function sample(pid: number, start: number): Sample | undefined {
  try {
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return {
      at: performance.now() - start,
      rssMb: rssKb / 1024,
      fds: readdirSync(`/proc/${pid}/fd`).length,
    };
  } catch {
    return undefined; // it has exited
  }
}

/**
 * Run the binary to its end, sampling its memory. The growth is the trend, not a moment: the
 * median of the samples near the end (the last tenth) against the median just after warm-up
 * (a third to four tenths into the run); the peak is reported beside it.
 */
/** The most files a PNG loop writes at once (FileSink's window). */
const FILES_IN_FLIGHT = 3;

async function soak(args: string[], stdoutTo: number | 'pipe' = 'pipe') {
  const start = performance.now();
  const running = runBinary(args, painted.env, undefined, stdoutTo);
  const samples: Sample[] = [];
  const timer = setInterval(() => {
    const s = running.child.pid && sample(running.child.pid, start);
    if (s) samples.push(s);
  }, 250);
  const result = await running;
  clearInterval(timer);
  const seconds = (performance.now() - start) / 1000;
  check(result.code === 0, `exit ${result.code}: ${result.stderr}`);
  check(samples.length >= 8, `only ${samples.length} samples`);
  const part = (from: number, to: number) =>
    samples.slice(Math.floor(samples.length * from), Math.ceil(samples.length * to));
  const median = (of: Sample[]) =>
    of.map((s) => s.rssMb).sort((a, b) => a - b)[Math.floor(of.length / 2)] as number;
  const warm = median(part(1 / 3, 0.4));
  const end = median(part(0.9, 1));
  const after = part(1 / 3, 1);
  const peak = Math.max(...after.map((s) => s.rssMb));
  const growth = end - warm;
  const fds = after.map((s) => s.fds);
  const figures = `RSS ${warm.toFixed(0)} MB after warm-up, ${end.toFixed(0)} MB at the end (growth ${growth.toFixed(1)} MB), peak ${peak.toFixed(0)} MB; fds ${Math.min(...fds)}-${Math.max(...fds)}; ${seconds.toFixed(0)} s`;
  return { growth, fds, figures, result };
}

describe('soak', () => {
  it('raw frames to /dev/null', async () => {
    const frames = scale(2_000_000, 200_000);
    await trials(
      `Soak: ${frames.toLocaleString('en')} raw 640x480 frames at --interval 0 to /dev/null`,
      1,
      `RSS growth after warm-up under ${GROWTH_BAR_MB} MB; file descriptors flat`,
      async () => {
        const devNull = openSync('/dev/null', 'w');
        try {
          const { growth, fds, figures } = await soak(
            ['grab', '-r', `${W}x${H}`, '--interval', '0', '-f', 'raw', '-n', String(frames), '-'],
            devNull,
          );
          check(growth < GROWTH_BAR_MB, figures);
          // A new capture buffer holds a descriptor for a moment (libxcb closes it once the server
          // has it): the count may touch one more, and must not climb.
          check(Math.max(...fds) - Math.min(...fds) <= 1, `file descriptors climbed: ${figures}`);
          return figures;
        } finally {
          closeSync(devNull);
        }
      },
    );
  });

  it('PNG files', async () => {
    const frames = scale(20_000, 2_000);
    await trials(
      `Soak: ${frames.toLocaleString('en')} PNG 640x480 frames at --interval 0, level 1`,
      1,
      `RSS growth after warm-up under ${GROWTH_BAR_MB} MB; file descriptors do not climb; every file decodes`,
      async () => {
        const dir = mkdtempSync(join(painted.dir, 'soak-'));
        try {
          const { growth, fds, figures, result } = await soak([
            'grab',
            '--interval',
            '0',
            '-l',
            '1',
            '-n',
            String(frames),
            '-o',
            join(dir, '{n:06}.png'),
          ]);
          check(growth < GROWTH_BAR_MB, figures);
          // Files being written hold a descriptor each: the count moves with them (up to the
          // loop's three frames in flight, more of them at once when encoding gets quicker, as
          // strip reuse makes it after the first frames), and does not climb: a leak of one a
          // frame would add thousands over the run.
          const half = Math.floor(fds.length / 2);
          const climb = Math.max(...fds.slice(half)) - Math.max(...fds.slice(0, half));
          check(climb <= FILES_IN_FLIGHT, `file descriptors climbed: ${figures}`);
          const files = readdirSync(dir).sort();
          const written = Number(/^mss-ts: (\d+) written/.exec(result.stderr)?.[1]);
          check(files.length === written, `${files.length} files, ${written} written`);
          for (const file of [files[0], files.at(-1)])
            await checkDecodes(join(dir, file as string), W, H);
          return figures;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
});

// Suite "memory": the mss-ts process's resident memory over thousands of frames, raw to a pipe
// and JPEG files, sampled from /proc/PID/status every 50 ms. The pool and the pipeline bound the
// frames in flight, so after a warm start the RSS must stay flat.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Desktop, HEIGHT, type Suite, WIDTH } from './desktop.js';
import { fmt, interleave, max, median, min, table, verdict } from './stats.js';
import {
  byteCounter,
  counted,
  findChild,
  mssRawStream,
  pipeline,
  run,
  scratchDir,
  summary,
} from './stream.js';
import { filesIn, mssSequence } from './timelapse.js';

// Each round: 3,000 raw frames and 3,000 JPEGs; BENCH_ROUNDS rounds (default 2).
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 2);
const RAW_FRAMES = 3000;
const JPEG_FRAMES = 3000;
const MARK = 100; // the reference point: RSS once the first 100 frames are out
const SAMPLE_MS = 50;
const BAR_MB = 30; // peak - RSS after 100 frames < 30 MB
const MB = 1e6;

/** VmRSS and VmHWM of `pid`, in bytes; undefined once the process is gone. */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    const rss = kb('VmRSS');
    return Number.isFinite(rss) ? { rss, hwm: kb('VmHWM') } : undefined;
  } catch {
    return undefined;
  }
}

interface Trace {
  case: string;
  frames: number;
  seconds: number;
  samples: number;
  /** RSS when the 100th frame was out (seen by the consumer, or the 100th file existing). */
  atMark: number;
  /** Highest sampled RSS from the mark on. */
  peak: number;
  /** The kernel's high-water mark, start-up included. */
  hwm: number;
  first: number;
  /** Samples from the mark on, for the shape of the curve. */
  after: number[];
}

/**
 * Sample the process `pid()` names (undefined until it is known) every 50 ms until `stop()`.
 * `mark()` takes a sample at once and makes it the reference.
 */
function sampler(pid: () => number | undefined, reached: () => boolean) {
  const rss: number[] = [];
  const after: number[] = [];
  let atMark: number | undefined;
  let peak = 0;
  let hwm = 0;
  const take = () => {
    const id = pid();
    if (id === undefined) return undefined;
    const m = memoryOf(id);
    if (!m) return undefined;
    rss.push(m.rss);
    hwm = Math.max(hwm, m.hwm);
    if (atMark !== undefined) {
      peak = Math.max(peak, m.rss);
      after.push(m.rss);
    }
    return m.rss;
  };
  const mark = () => {
    if (atMark !== undefined) return;
    const now = take();
    if (now !== undefined) {
      atMark = now;
      peak = now;
      after.push(now);
    }
  };
  const timer = setInterval(() => {
    if (atMark === undefined && reached()) mark();
    else take();
  }, SAMPLE_MS);
  return {
    mark,
    stop() {
      clearInterval(timer);
      return { samples: rss.length, atMark, peak, hwm, first: rss[0] ?? Number.NaN, after };
    },
  };
}

async function runSuite({ display, picture }: Desktop): Promise<void> {
  const env = { ...process.env, DISPLAY: display };
  const scratch = scratchDir('mss-ts-memory-');
  const dir = path.join(scratch.dir, 'seq');
  try {
    console.log(`display ${display}, ${WIDTH}x${HEIGHT}x24, showing ${picture}`);
    console.log(
      `JPEGs into ${scratch.dir} (${fmt(scratch.free / 2 ** 30)} GiB free); load average ` +
        `${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    // A q80 JPEG of this desktop is ~160 KB: keep a wide margin.
    if (scratch.free < JPEG_FRAMES * 1e6) throw new Error(`${scratch.dir}: too little free space`);

    const traces: Trace[] = [];
    const finish = (
      name: string,
      s: ReturnType<ReturnType<typeof sampler>['stop']>,
      frames: number,
      seconds: number,
    ) => {
      if (s.atMark === undefined)
        throw new Error(`${name}: no RSS sample once ${MARK} frames were out`);
      traces.push({
        case: name,
        frames,
        seconds,
        samples: s.samples,
        atMark: s.atMark,
        peak: s.peak,
        hwm: s.hwm,
        first: s.first,
        after: s.after,
      });
      return (s.peak - s.atMark) / MB;
    };

    const rawName = `raw, ${fmt(RAW_FRAMES)} frames -> byte counter`;
    const raw = {
      name: rawName,
      async run() {
        let shell: number | undefined;
        let marked = false;
        let pid: number | undefined;
        const find = () => {
          if (pid === undefined && shell !== undefined) pid = findChild(shell, 'mss-ts');
          return pid;
        };
        const s = sampler(find, () => marked);
        try {
          const producer = mssRawStream('--count', String(RAW_FRAMES));
          const done = await run(pipeline(producer, byteCounter(MARK)), {
            env,
            timeoutMs: 180_000,
            onSpawn: (child) => {
              shell = child.pid;
            },
            onLine: (line) => {
              if (line !== 'mark') return;
              marked = true;
              s.mark();
            },
          });
          const got = counted(done.stdout).frames;
          if (got !== RAW_FRAMES)
            throw new Error(`the counter got ${got} frames, not ${RAW_FRAMES}`);
          return finish(rawName, s.stop(), got, summary(done.stderr)?.seconds ?? Number.NaN);
        } finally {
          s.stop();
        }
      },
    };
    const jpegName = `JPEG q80, ${fmt(JPEG_FRAMES)} files`;
    const jpeg = {
      name: jpegName,
      async run() {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir);
        let pid: number | undefined;
        const hundredth = path.join(dir, `f-${String(MARK).padStart(5, '0')}.jpg`);
        const s = sampler(
          () => pid,
          () => existsSync(hundredth),
        );
        try {
          const done = await run(mssSequence(dir, 'jpeg', JPEG_FRAMES), {
            env,
            timeoutMs: 180_000,
            stdout: 'ignore',
            onSpawn: (child) => {
              pid = child.pid;
            },
          });
          const files = filesIn(dir).count;
          if (files !== JPEG_FRAMES)
            throw new Error(`mss-ts wrote ${files} files, not ${JPEG_FRAMES}`);
          return finish(jpegName, s.stop(), files, summary(done.stderr)?.seconds ?? Number.NaN);
        } finally {
          s.stop();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };

    const progress = process.stderr.isTTY
      ? (round: number) => process.stderr.write(`round ${round}/${ROUNDS}...\r`)
      : undefined;
    const results = await interleave([raw, jpeg], ROUNDS, progress);

    console.log(
      `\n${ROUNDS} interleaved rounds, --interval 0, RSS of the mss-ts process every ${SAMPLE_MS} ms:\n`,
    );
    const mb = (bytes: number) => fmt(bytes / MB);
    console.log(
      table(
        [
          '',
          'frames',
          'loop s',
          'samples',
          'first MB',
          `@${MARK} MB`,
          'peak MB',
          'growth MB',
          'VmHWM MB',
          'at 25/50/75/100% of the run, MB',
        ],
        traces.map((t) => [
          t.case,
          fmt(t.frames),
          fmt(t.seconds),
          String(t.samples),
          mb(t.first),
          mb(t.atMark),
          mb(t.peak),
          mb(t.peak - t.atMark),
          mb(t.hwm),
          [0.25, 0.5, 0.75, 1]
            .map((q) =>
              mb(
                t.after[Math.min(t.after.length - 1, Math.floor(q * t.after.length))] ?? Number.NaN,
              ),
            )
            .join(' / '),
        ]),
      ),
    );
    console.log(
      `\n"@${MARK}": sampled when the consumer had ${MARK} frames (raw) or the ${MARK}th file existed (JPEG);`,
    );
    console.log(
      '"peak": the highest sample from then on; VmHWM: the kernel\'s high-water mark, start-up included.\n',
    );
    console.log(
      'A leak keeps climbing to the end; a warm-up (allocator arenas, thread stacks, caches) levels off.',
    );
    for (const r of results) {
      const worst = max(r.rates);
      console.log(
        `${`${r.name}:`.padEnd(34)} growth median ${fmt(median(r.rates))} MB, min ${fmt(min(r.rates))}, ` +
          `max ${fmt(worst)}  (bar < ${BAR_MB} MB in every round: ${verdict(worst < BAR_MB)})`,
      );
    }
  } finally {
    scratch.dispose();
  }
}

export const memory: Suite = {
  description: `RSS of mss-ts over ${fmt(RAW_FRAMES)} raw frames and ${fmt(JPEG_FRAMES)} JPEGs: growth after the first ${MARK}`,
  run: runSuite,
};

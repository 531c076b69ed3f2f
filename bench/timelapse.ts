// Suite "timelapse": a JPEG or PNG image sequence at full speed (--interval 0, 300 frames, on
// tmpfs), mss-ts against ffmpeg's x11grab writing the same sequence.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Desktop, HEIGHT, type Suite, WIDTH } from './desktop.js';
import { hasFfmpeg, lastValue, x11grabInput } from './ffmpeg.js';
import { fmt, interleave, max, median, min, table, verdict } from './stats.js';
import { childCpu, mssCli, run, scratchDir, summary, withTimes } from './stream.js';

// A round is 4 runs of 300 frames; BENCH_ROUNDS rounds (default 3).
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 3);
export const FRAMES = 300;
const BARS = { jpeg: 1.5, png: 1.2 } as const; // mss-ts / ffmpeg, frames per second

type Format = keyof typeof BARS;
const EXT: Record<Format, string> = { jpeg: 'jpg', png: 'png' };

/**
 * The mss-ts command that writes `count` frames of `format` into `dir` as fast as it can;
 * `extra` adds options (a --scale, whose cost per frame the table then shows).
 */
export function mssSequence(
  dir: string,
  format: Format,
  count: number,
  extra: string[] = [],
): string[] {
  const quality = format === 'jpeg' ? ['--quality', '80'] : []; // PNG: level 6, the default
  return mssCli(
    ...['grab', '-m', '1', '--interval', '0', ...extra],
    ...['-o', path.join(dir, `f-{n:05}.${EXT[format]}`), ...quality, '-n', String(count)],
  );
}

/** Rows that scale each frame before encoding it (a 1080p timelapse stored at half size). */
const SCALED = ['--scale', '0.5'];

function ffmpegSequence(display: string, dir: string, format: Format, count: number): string[] {
  const codec = format === 'jpeg' ? ['-c:v', 'mjpeg', '-q:v', '4'] : ['-c:v', 'png'];
  return [
    ...['ffmpeg', '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1'],
    ...x11grabInput(display, WIDTH, HEIGHT),
    ...['-frames:v', String(count), ...codec, path.join(dir, `f-%05d.${EXT[format]}`)],
  ];
}

/** Count and total size of the files in `dir`; every one must be non-empty. */
export function filesIn(dir: string): { count: number; bytes: number } {
  let bytes = 0;
  const names = readdirSync(dir);
  for (const name of names) {
    const size = statSync(path.join(dir, name)).size;
    if (size === 0) throw new Error(`${path.join(dir, name)} is empty`);
    bytes += size;
  }
  return { count: names.length, bytes };
}

interface Extra {
  /** The tool's own frames per second: mss-ts's summary line, ffmpeg's -progress out_time. */
  own: number[];
  bytes: number[];
  /** CPU time (user + system, every thread and child) per frame, ms; and over the wall time. */
  cpuMs: number[];
  cores: number[];
}

async function runSuite({ display, picture }: Desktop): Promise<void> {
  const env = { ...process.env, DISPLAY: display };
  const scratch = scratchDir('mss-ts-timelapse-');
  const dir = path.join(scratch.dir, 'seq');
  const fresh = () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
  };
  try {
    console.log(`display ${display}, ${WIDTH}x${HEIGHT}x24, showing ${picture}`);
    console.log(
      `output ${scratch.dir} (${fmt(scratch.free / 2 ** 30)} GiB free); load average ` +
        `${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}, ${os.cpus().length} CPUs`,
    );
    // PNGs of this desktop are about 1.4 MB: 300 of them need ~420 MB.
    if (scratch.free < FRAMES * 3e6) throw new Error(`${scratch.dir}: too little free space`);
    const ffmpeg = hasFfmpeg();
    if (!ffmpeg)
      console.log('ffmpeg is not installed (apt-get install ffmpeg): the bars are not checked');

    const extras = new Map<string, Extra>();
    const note = (name: string, own: number, bytes: number, cpu: number, ms: number, n: number) => {
      const e = extras.get(name) ?? { own: [], bytes: [], cpuMs: [], cores: [] };
      e.own.push(own);
      e.bytes.push(bytes);
      e.cpuMs.push((cpu * 1e3) / n);
      e.cores.push((cpu * 1e3) / ms);
      extras.set(name, e);
    };

    /** One run: a fresh dir, the command, `count` files checked; files per wall-clock second. */
    const sequence = async (
      name: string,
      argv: string[],
      count: number,
      own: (stdout: string, stderr: string) => number,
    ) => {
      fresh();
      const done = await run(withTimes(argv), {
        env,
        timeoutMs: 120_000,
        stdout: name.startsWith('mss-ts') ? 'ignore' : 'pipe',
      });
      const files = filesIn(dir);
      if (files.count !== count)
        throw new Error(`${name} wrote ${files.count} files, not ${count}`);
      const cpu = childCpu(done.stderr);
      note(name, own(done.stdout, done.stderr), files.bytes / files.count, cpu, done.ms, count);
      return (files.count * 1e3) / done.ms;
    };
    const mssOwn = (_: string, stderr: string) => summary(stderr)?.fps ?? Number.NaN;
    // out_time is the span of the grabs' wall-clock timestamps (x11grab stamps each frame).
    const ffmpegOwn = (stdout: string) =>
      lastValue(stdout, 'frame') / (lastValue(stdout, 'out_time_us') / 1e6);

    const competitors = (['jpeg', 'png'] as const).flatMap((format) => [
      {
        name: `mss-ts ${format}`,
        run: () => sequence(`mss-ts ${format}`, mssSequence(dir, format, FRAMES), FRAMES, mssOwn),
      },
      ...(ffmpeg
        ? [
            {
              name: `ffmpeg ${format}`,
              run: () =>
                sequence(
                  `ffmpeg ${format}`,
                  ffmpegSequence(display, dir, format, FRAMES),
                  FRAMES,
                  ffmpegOwn,
                ),
            },
          ]
        : []),
    ]);
    for (const format of ['jpeg', 'png'] as const) {
      const name = `mss-ts ${format} ${SCALED.join(' ')}`;
      competitors.push({
        name,
        run: () => sequence(name, mssSequence(dir, format, FRAMES, SCALED), FRAMES, mssOwn),
      });
    }

    // Warm-up, untimed: 10 frames each (page cache, sharp and its thread pool, ffmpeg's codecs).
    for (const format of ['jpeg', 'png'] as const) {
      await sequence('warm-up mss-ts', mssSequence(dir, format, 10), 10, mssOwn);
      if (ffmpeg)
        await sequence('warm-up ffmpeg', ffmpegSequence(display, dir, format, 10), 10, ffmpegOwn);
    }
    extras.clear();

    const progress = process.stderr.isTTY
      ? (round: number) => process.stderr.write(`round ${round}/${ROUNDS}...\r`)
      : undefined;
    const results = await interleave(competitors, ROUNDS, progress);

    console.log(
      `\n${ROUNDS} interleaved rounds of ${FRAMES} frames, ${WIDTH}x${HEIGHT}; fps = files written / wall time ` +
        '(spawn to exit); "own fps" = mss-ts\'s summary line or ffmpeg\'s frames / grab span:\n',
    );
    const rate = (name: string) => results.find((r) => r.name === name)?.median ?? Number.NaN;
    console.log(
      table(
        ['', 'median fps', 'min', 'max', 'own fps', 'CPU/frame', 'cores', 'mean file', 'x ffmpeg'],
        results.map((r) => {
          const e = extras.get(r.name);
          const format = r.name.split(' ')[1] as Format;
          return [
            r.name,
            fmt(r.median),
            fmt(min(r.rates)),
            fmt(max(r.rates)),
            e ? fmt(median(e.own)) : '',
            e ? `${fmt(median(e.cpuMs))} ms` : '',
            e ? fmt(median(e.cores)) : '',
            e ? `${fmt(median(e.bytes) / 1024)} KB` : '',
            r.name.startsWith('mss-ts') && ffmpeg
              ? `${fmt(r.median / rate(`ffmpeg ${format}`))}x`
              : '',
          ];
        }),
      ),
    );
    console.log();
    for (const format of ['jpeg', 'png'] as const) {
      const bar = BARS[format];
      const label = `mss-ts / ffmpeg ${format}:`.padEnd(22);
      if (!ffmpeg) {
        console.log(`${label} skipped, no ffmpeg (bar >= ${bar}x: not checked)`);
        continue;
      }
      const ratio = rate(`mss-ts ${format}`) / rate(`ffmpeg ${format}`);
      const byOwn =
        median(extras.get(`mss-ts ${format}`)?.own ?? []) /
        median(extras.get(`ffmpeg ${format}`)?.own ?? []);
      console.log(
        `${label} ${fmt(ratio)}x  (bar >= ${bar}x: ${verdict(ratio >= bar)}); by own fps ${fmt(byOwn)}x`,
      );
    }
    console.log(
      "JPEG: mss-ts --quality 80 (sharp/mozjpeg) vs ffmpeg mjpeg -q:v 4; PNG: level 6 vs ffmpeg's default.",
    );
    console.log(
      `${SCALED.join(' ')} rows: each frame resized to ${WIDTH / 2}x${HEIGHT / 2} (sharp, lanczos3) before encoding; "x ffmpeg" compares with full-size ffmpeg.`,
    );
    console.log(
      `CPU/frame: user + system time of the tool (all its threads) per frame; cores: that time over the wall time, of ${os.cpus().length}.`,
    );
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    scratch.dispose();
  }
}

export const timelapse: Suite = {
  description: `${FRAMES} JPEG/PNG frames at --interval 0 on tmpfs: mss-ts vs ffmpeg x11grab image sequences`,
  run: runSuite,
};

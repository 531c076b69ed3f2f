// Suite "changes": PNG timelapses whose cost should follow what changes on the screen. Three
// screens on the same Xvfb (a small area changing, a video in an 800x450 window, noise over the
// whole screen), each a 300-frame level-6 sequence at --interval 0 written by mss-ts with strip
// reuse, by mss-ts encoding every frame whole (MSS_TS_PNG_REUSE=0, as before reuse), and by
// ffmpeg's x11grab. Then the strip height measured in process, and what a one-hour --interval 1s
// timelapse of the first screen costs.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { paint, paintPicture, pattern } from '../scripts/paint.js';
import { loadEncoder } from '../src/encode/encode.js';
import { createPngEncoder } from '../src/encode/png-encoder.js';
import { encode, type Frame, MSS } from '../src/index.js';
import { type Desktop, HEIGHT, repoRoot, type Suite, WIDTH } from './desktop.js';
import { hasFfmpeg, x11grabInput } from './ffmpeg.js';
import { fmt, median, table, verdict } from './stats.js';
import { childCpu, mssCli, run, scratchDir } from './stream.js';
import { filesIn } from './timelapse.js';

const FRAMES = Math.max(10, Number(process.env.BENCH_FRAMES) || 300);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 1);
/** Seconds the one-hour timelapse is measured for, then scaled. */
/** BENCH_WHOLE_FORMATS=0 leaves out the JPEG and WebP runs. */
const WHOLE_FORMATS = process.env.BENCH_WHOLE_FORMATS !== '0';
/** BENCH_PARTS=sequences,heights,hour (default all): which parts of the suite run. */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'sequences,heights,hour').split(','));
const HOUR_SAMPLE = Math.max(10, Number(process.env.BENCH_HOUR_SECONDS) || 180);

interface Screen {
  name: string;
  /** CPU per frame with reuse over CPU per frame encoding whole frames: at most this. */
  bar: number;
  /** Start what changes the screen; resolves to its stop. */
  start(display: string): Promise<() => Promise<void>>;
}

/** Start `argv` (its own process group), give it `settleMs`, and return what stops it. */
async function background(
  argv: string[],
  env: NodeJS.ProcessEnv,
  settleMs: number,
): Promise<() => Promise<void>> {
  const [command, ...args] = argv as [string, ...string[]];
  const child: ChildProcess = spawn(command, args, {
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await sleep(settleMs);
  if (child.exitCode !== null) throw new Error(`${argv.slice(0, 3).join(' ')} ended: ${stderr}`);
  return async () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
}

const painter = (display: string, ...mode: string[]) => [
  process.execPath,
  path.join(repoRoot(), 'dist/bench/painter.js'),
  display,
  ...mode,
];

/** ffmpeg playing a test video in an 800x450 SDL window, when it has the sdl2 output device. */
function hasSdl2(): boolean {
  try {
    return /\bsdl2\b/.test(
      execFileSync('ffmpeg', ['-hide_banner', '-devices'], { encoding: 'utf8' }),
    );
  } catch {
    return false;
  }
}

const SCREENS: Screen[] = [
  {
    name: '1 clock (240x40 changes)',
    bar: 0.15,
    start: (display) => background(painter(display, 'clock', '10'), process.env, 500),
  },
  {
    name: '2 video (800x450 window)',
    bar: 0.6,
    start: (display) =>
      hasSdl2()
        ? background(
            [
              ...['ffmpeg', '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi'],
              ...['-i', 'testsrc2=size=800x450:rate=60', '-f', 'sdl2', '-window_x', '560'],
              ...['-window_y', '315', 'video'],
            ],
            { ...process.env, DISPLAY: display, SDL_VIDEODRIVER: 'x11', SDL_AUDIODRIVER: 'dummy' },
            2000,
          )
        : background(painter(display, 'video'), process.env, 1000),
  },
  {
    name: '3 noise (every pixel)',
    bar: 1.05,
    start: (display) => background(painter(display, 'noise'), process.env, 1500),
  },
];

interface Measured {
  fps: number[];
  cpuMs: number[];
  bytes: number[];
}

async function runSuite({ display, picture }: Desktop): Promise<void> {
  const env = { ...process.env, DISPLAY: display };
  const scratch = scratchDir('mss-ts-changes-');
  const dir = path.join(scratch.dir, 'seq');
  const fresh = () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  };
  const ffmpeg = hasFfmpeg();
  try {
    console.log(`display ${display}, ${WIDTH}x${HEIGHT}x24, showing ${picture}`);
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, ${os.cpus().length} CPUs; ${FRAMES} frames a run, ${ROUNDS} round(s)`,
    );
    if (PARTS.has('heights')) await stripHeights(display);
    await repaint(display, picture);
    const summary: string[][] = [];
    for (const screen of PARTS.has('sequences') ? SCREENS : []) {
      await repaint(display, picture); // what the previous screen drew goes
      const stop = await screen.start(display);
      try {
        summary.push(...(await sequences(screen, display, env, dir, fresh, ffmpeg)));
      } finally {
        await stop();
      }
    }
    if (summary.length) {
      console.log('\nAll screens (the README table); x whole = CPU/frame over PNG whole-frame:\n');
      console.log(
        table(['screen', 'encoder', 'fps', 'CPU/frame', 'x whole', 'mean file', 'bar'], summary),
      );
    }
    if (PARTS.has('hour')) {
      await repaint(display, picture);
      await hour(display, env, scratch.dir, ffmpeg, 1000, 'a clock that changes once a second');
      await hour(display, env, scratch.dir, ffmpeg, 60_000, 'a clock that changes once a minute');
    }
  } finally {
    scratch.dispose();
  }
}

/** The desktop picture again (or the pattern withDesktop painted without it). */
async function repaint(display: string, picture: string): Promise<void> {
  if (existsSync(picture)) await paintPicture(display, picture);
  else paint(display, 0, 0, WIDTH, HEIGHT, pattern(WIDTH, HEIGHT));
}

/** 300-frame sequences of one screen: mss-ts with reuse, without, and ffmpeg. */
async function sequences(
  screen: Screen,
  display: string,
  env: NodeJS.ProcessEnv,
  dir: string,
  fresh: () => void,
  ffmpeg: boolean,
): Promise<string[][]> {
  const mss =
    (ext: string) =>
    (to: string, n: number): string[] =>
      mssCli(
        ...['grab', '-m', '1', '--interval', '0', '-n', String(n)],
        ...['-o', path.join(to, `f-{n:05}.${ext}`)],
      );
  const ffmpegArgv = (to: string, n: number) => [
    ...['ffmpeg', '-hide_banner', '-loglevel', 'error', '-nostats'],
    ...x11grabInput(display, WIDTH, HEIGHT),
    ...['-frames:v', String(n), '-c:v', 'png', path.join(to, 'f-%05d.png')],
  ];
  // JPEG and WebP (quality 90, the default) encode every frame whole: their cost beside PNG's.
  // WebP is slow enough that a fifth of the frames tells its cost.
  const tools = [
    { name: 'mss-ts strips', argv: mss('png'), env, frames: FRAMES },
    {
      name: 'mss-ts whole',
      argv: mss('png'),
      env: { ...env, MSS_TS_PNG_REUSE: '0' },
      frames: FRAMES,
    },
    ...(ffmpeg ? [{ name: 'ffmpeg x11grab', argv: ffmpegArgv, env, frames: FRAMES }] : []),
    ...(WHOLE_FORMATS
      ? [
          { name: 'mss-ts jpeg', argv: mss('jpg'), env, frames: FRAMES },
          { name: 'mss-ts webp', argv: mss('webp'), env, frames: Math.ceil(FRAMES / 5) },
        ]
      : []),
  ];
  const results = new Map<string, Measured>(
    tools.map((t) => [t.name, { fps: [], cpuMs: [], bytes: [] }]),
  );
  for (const tool of tools) {
    fresh();
    await run(bashTimes(tool.argv(dir, 10)), {
      env: tool.env,
      stdout: 'ignore',
      timeoutMs: 120_000,
    });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const tool of tools) {
      fresh();
      const done = await run(bashTimes(tool.argv(dir, tool.frames)), {
        env: tool.env,
        stdout: 'ignore',
        timeoutMs: 600_000,
      });
      const files = filesIn(dir);
      if (files.count !== tool.frames)
        throw new Error(`${tool.name} wrote ${files.count} files, not ${tool.frames}`);
      if (tool.name === 'mss-ts strips') pngcheck(dir);
      const m = results.get(tool.name) as Measured;
      m.fps.push((tool.frames * 1e3) / done.ms);
      m.cpuMs.push((childCpu(done.stderr) * 1e3) / tool.frames);
      m.bytes.push(files.bytes / files.count);
    }
  }
  const whole = median(results.get('mss-ts whole')?.cpuMs ?? []);
  const rows = tools.map((tool) => {
    const m = results.get(tool.name) as Measured;
    const cpu = median(m.cpuMs);
    const ratio = cpu / whole;
    return [
      screen.name,
      tool.name,
      fmt(median(m.fps)),
      `${fmt(cpu)} ms`,
      `${fmt(ratio)}x`,
      `${fmt(median(m.bytes) / 1024)} KB`,
      tool.name === 'mss-ts strips' ? `<= ${screen.bar}x: ${verdict(ratio <= screen.bar)}` : '',
    ];
  });
  console.log(`\n== screen ${screen.name}\n`);
  console.log(
    table(['screen', 'encoder', 'fps', 'CPU/frame', 'x whole', 'mean file', 'bar'], rows),
  );
  return rows;
}

/** `argv` under bash, its children's CPU time (all threads) printed last on stderr. */
const bashTimes = (argv: readonly string[]) => [
  ...['bash', '-c', '"$@"; s=$?; times >&2; exit $s', 'bash'],
  ...argv,
];

/** Every file is a valid PNG: chunks, CRCs, the zlib stream and its Adler-32. */
function pngcheck(dir: string): void {
  const files = readdirSync(dir).map((name) => path.join(dir, name));
  for (let i = 0; i < files.length; i += 50) {
    execFileSync('pngcheck', ['-q', ...files.slice(i, i + 50)], { stdio: 'pipe' });
  }
}

/** Throw unless `file` decodes to the same pixels as a whole-frame encode of `frame`. */
async function checkSamePixels(file: Buffer, frame: Frame, what: string): Promise<void> {
  const whole = await encode(frame, { level: 1, pngEncoder: 'zlib' });
  const sharp = loadEncoder();
  const [a, b] = await Promise.all([file, whole].map((png) => sharp(png).raw().toBuffer()));
  if (!(a as Buffer).equals(b as Buffer))
    throw new Error(`${what}: pixels differ from a whole-frame encode`);
}

/**
 * The strip height, measured in this process with changes drawn between grabs, so that every
 * frame has the same change whatever the machine's speed: CPU per encode and file sizes for each
 * height, with a 240x40 clock and with an 800x450 moving picture. The first frame is a full
 * encode: its size is what smaller strips cost in compression.
 */
async function stripHeights(display: string): Promise<void> {
  const heights = [8, 16, 32, 64, 128];
  const frames = Math.min(60, FRAMES);
  const rows: string[][] = [];
  const video = pattern(1600, 450, 5);
  const changes = {
    clock: (k: number) => paint(display, WIDTH - 300, HEIGHT - 80, 240, 40, pattern(240, 40, k)),
    video: (k: number) => {
      const shift = (k * 8) % 800;
      const frame = Buffer.alloc(800 * 450 * 4);
      for (let y = 0; y < 450; y++)
        video.copy(frame, y * 3200, (y * 1600 + shift) * 4, (y * 1600 + shift + 800) * 4);
      paint(display, (WIDTH - 800) >> 1, (HEIGHT - 450) >> 1, 800, 450, frame);
    },
  };
  using sct = new MSS({ display });
  for (const [name, change] of Object.entries(changes)) {
    for (const stripRows of [...heights, 0]) {
      const png = stripRows ? createPngEncoder({ level: 6, stripRows }) : undefined;
      let firstBytes = 0;
      let bytes = 0;
      let cpu = 0;
      for (let k = 0; k < frames; k++) {
        change(k);
        const frame = sct.grab(1);
        const before = process.cpuUsage();
        const file = png ? await png.encode(frame) : await encode(frame, { level: 6 });
        const used = process.cpuUsage(before);
        if (png) await checkSamePixels(file, frame, `${name}, ${stripRows} rows, frame ${k}`);
        frame.release();
        // Frame 0 is encoded whole (sharp) and frame 1 deflates every strip once: the steady
        // state starts at frame 2. Frame 1's size is what the strip height costs in compression.
        if (k === (png ? 1 : 0)) firstBytes = file.length;
        if (k >= 2) cpu += used.user + used.system;
        bytes += file.length;
      }
      const stats = png?.stats;
      rows.push([
        name,
        stripRows ? String(stripRows) : 'whole (sharp)',
        `${fmt(cpu / 1e3 / (frames - 2))} ms`,
        `${fmt(firstBytes / 1024)} KB`,
        `${fmt(bytes / frames / 1024)} KB`,
        stats
          ? `${fmt((100 * stats.reusedStrips) / (stats.reusedStrips + stats.deflatedStrips))}%`
          : '',
      ]);
    }
  }
  console.log(
    `\nStrip height, in process: ${frames} frames of monitor 1 each, the change drawn before each grab, level 6, every file checked to decode to the pixels of a whole-frame encode; CPU per encode from the third frame on (user + system, all threads); "all strips" is the size of the frame that deflated every strip (sharp's whole frame for sharp):\n`,
  );
  console.log(
    table(['screen', 'rows/strip', 'CPU/frame', 'all strips', 'mean file', 'reused'], rows),
  );
}

/**
 * Screen 1 at --interval 1s, measured for HOUR_SAMPLE seconds and scaled to an hour: mss-ts with
 * and without --skip-unchanged, mss-ts encoding whole frames, and ffmpeg at -framerate 1. The
 * clock changes every `periodMs` (a clock with seconds, or one with minutes).
 */
async function hour(
  display: string,
  env: NodeJS.ProcessEnv,
  scratch: string,
  ffmpeg: boolean,
  periodMs: number,
  label: string,
) {
  const base = path.join(scratch, `hour-${periodMs}`);
  const stop = await background(painter(display, 'clock', String(periodMs)), process.env, 500);
  const dirOf = (name: string, sample: boolean) => {
    const d = path.join(base, `${name}-${sample ? 'sample' : 'start'}`);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    return d;
  };
  /** A run of HOUR_SAMPLE seconds, or (sample false) of one frame: the start-up's cost. */
  const mss =
    (name: string, ...extra: string[]) =>
    (sample: boolean) =>
      mssCli(
        ...['grab', '-m', '1', '--interval', '1s', ...extra],
        ...(sample ? ['--duration', `${HOUR_SAMPLE}s`] : ['-n', '1']),
        ...['-o', path.join(dirOf(name, sample), 'f-{n:05}.png')],
      );
  const ffmpegArgv = (sample: boolean) => [
    ...['ffmpeg', '-hide_banner', '-loglevel', 'error', '-nostats', '-f', 'x11grab'],
    ...['-draw_mouse', '0', '-framerate', '1', '-video_size', `${WIDTH}x${HEIGHT}`],
    ...['-i', display, ...(sample ? ['-t', String(HOUR_SAMPLE)] : ['-frames:v', '1'])],
    ...['-c:v', 'png', path.join(dirOf('ffmpeg', sample), 'f-%05d.png')],
  ];
  const runs = [
    { name: 'mss-ts strips', key: 'strips', argv: mss('strips'), env },
    {
      name: 'mss-ts strips --skip-unchanged',
      key: 'skip',
      argv: mss('skip', '--skip-unchanged'),
      env,
    },
    {
      name: 'mss-ts whole',
      key: 'whole',
      argv: mss('whole'),
      env: { ...env, MSS_TS_PNG_REUSE: '0' },
    },
    ...(ffmpeg
      ? [{ name: 'ffmpeg x11grab -framerate 1', key: 'ffmpeg', argv: ffmpegArgv, env }]
      : []),
  ];
  const cpuOf = async (argv: string[], runEnv: NodeJS.ProcessEnv) =>
    childCpu(
      (
        await run(bashTimes(argv), {
          env: runEnv,
          stdout: 'ignore',
          timeoutMs: (HOUR_SAMPLE + 60) * 1e3,
        })
      ).stderr,
    );
  try {
    // Start-up once each, alone; then the samples side by side: at one frame a second they
    // hardly compete for the cores.
    const startup: number[] = [];
    for (const r of runs) startup.push(await cpuOf(r.argv(false), r.env));
    const sampled = await Promise.all(runs.map((r) => cpuOf(r.argv(true), r.env)));
    console.log(
      `\nScreen 1 (${label}) at --interval 1s for ${HOUR_SAMPLE} s, CPU (user + system) for one hour = start-up + (sample - start-up) x 3600 / ${HOUR_SAMPLE}:\n`,
    );
    console.log(
      table(
        ['', 'files', 'start-up', 'sample', 'CPU per hour'],
        runs.map((r, i) => {
          const once = startup[i] as number;
          const cpu = sampled[i] as number;
          return [
            r.name,
            String(readdirSync(path.join(base, `${r.key}-sample`)).length),
            `${fmt(once)} s`,
            `${fmt(cpu)} s`,
            `${fmt(once + ((cpu - once) * 3600) / HOUR_SAMPLE)} s`,
          ];
        }),
      ),
    );
  } finally {
    await stop();
  }
}

export const changes: Suite = {
  description:
    'PNG timelapses where a clock, a video or every pixel changes: strips reused vs whole frames vs ffmpeg',
  run: runSuite,
};

// Suite "stream": raw 1080p frames per second into the same consumer, mss-ts against ffmpeg's
// x11grab and against the consumer's own ceiling (zero-filled frames through a 1 MiB pipe).
// Also the process plumbing that the timelapse and memory suites share.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Desktop, HEIGHT, repoRoot, type Suite, WIDTH } from './desktop.js';
import { hasFfmpeg, x11grabInput } from './ffmpeg.js';
import { fmt, interleave, max, median, min, table, verdict } from './stats.js';

export const FRAME_BYTES = WIDTH * HEIGHT * 4; // 8,294,400: one bgr0 frame
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 5);
const SECONDS = 5;
const X11GRAB_BAR = 1.5; // mss-ts >= 1.5x ffmpeg's x11grab into the same consumer
const CEILING_BAR = 0.85; // mss-ts >= 85% of what the consumer takes from a trivial producer

// ---------------------------------------------------------------------------------------------
// Processes: every command runs in its own process group, killed whole on a timeout or when
// node exits (a SIGINT to `npm run bench` goes through desktop.ts, which calls process.exit).

const liveGroups = new Set<number>();
const scratchDirs = new Set<string>();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

const TMPFS_MAGIC = 0x01021994;

/** A temp dir on tmpfs (/dev/shm when there is one), removed by `dispose()` or at exit. */
export function scratchDir(prefix: string): { dir: string; free: number; dispose(): void } {
  const shm = existsSync('/dev/shm') && statfsSync('/dev/shm').type === TMPFS_MAGIC;
  const parent = shm ? '/dev/shm' : os.tmpdir();
  const dir = mkdtempSync(path.join(parent, prefix));
  scratchDirs.add(dir);
  const fs = statfsSync(dir);
  return {
    dir,
    free: fs.bavail * fs.bsize,
    dispose() {
      rmSync(dir, { recursive: true, force: true });
      scratchDirs.delete(dir);
    },
  };
}

/** POSIX shell quoting of one word. */
const quote = (word: string) =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;

/** `producer | consumer` through a real pipe(2) (node's own stdio pipes are socketpairs). */
export function pipeline(producer: readonly string[], consumer: readonly string[]): string[] {
  const line = `set -o pipefail; ${producer.map(quote).join(' ')} | ${consumer.map(quote).join(' ')}`;
  return ['bash', '-c', line];
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Spawn to exit, milliseconds. */
  ms: number;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Each stdout line as it arrives, with performance.now() at its arrival. */
  onLine?: (line: string, at: number) => void;
  onSpawn?: (child: ChildProcess) => void;
  /** Keep stdout (default) or throw it away (mss-ts prints a name per file written). */
  stdout?: 'pipe' | 'ignore';
}

/** Run `argv` to its end; throws on a non-zero exit, a signal or the timeout. */
export function run(argv: readonly string[], options: RunOptions): Promise<Finished> {
  const [command, ...args] = argv as [string, ...string[]];
  const start = performance.now();
  const child = spawn(command, args, {
    env: options.env,
    cwd: repoRoot(),
    detached: true, // its own process group, so that the whole pipeline can be killed
    stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid !== undefined) liveGroups.add(pid);
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const at = performance.now();
    stdout += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine?.(line, at);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) process.kill(-pid, 'SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      if (pid !== undefined) liveGroups.delete(pid);
      reject(error);
    });
    child.once('close', (code, signal) => {
      const ms = performance.now() - start;
      clearTimeout(timer);
      if (pid !== undefined) {
        // Whatever the group still holds (nothing, normally) goes with its leader.
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // the group is empty
        }
        liveGroups.delete(pid);
      }
      if (partial) options.onLine?.(partial, performance.now());
      const finished = { code, signal, stdout, stderr, ms };
      if (code === 0) resolve(finished);
      else {
        const why = timedOut ? 'timed out' : code === null ? `signal ${signal}` : `exit ${code}`;
        const tail = stderr.trim().split('\n').slice(-4).join('\n');
        reject(new Error(`${argv.slice(0, 3).join(' ')}... failed (${why}):\n${tail}`));
      }
    });
  });
}

/** The child of `parent` whose command line contains `needle` (a pipeline's producer). */
export function findChild(parent: number, needle: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

/** Run `argv` under bash and print its children's CPU times last on stderr (the `times` builtin). */
export const withTimes = (argv: readonly string[]) => [
  ...['bash', '-c', '"$@"; s=$?; times >&2; exit $s', 'bash'],
  ...argv,
];

/** Seconds of user + system time from the `times` builtin's second line ("0m7.260s 0m0.820s"). */
export function childCpu(stderr: string): number {
  const m = [...stderr.matchAll(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/gm)].at(-1);
  if (!m) return Number.NaN;
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
}

/** CPU seconds (user + system) `pid` has used so far; NaN if it is gone. Assumes USER_HZ = 100. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime: fields 14, 15
  } catch {
    return Number.NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// Producers and consumers.

/**
 * The plain byte counter: reads stdin in 128 KiB blocks (coreutils cat's size: larger reads copy
 * through memory that no longer fits the cache) until EOF, prints "mark"
 * when `mark` frames have arrived, then {"bytes","seconds"} from the first byte to the last.
 */
const COUNTER = `
const fs = require('node:fs');
const [frame, mark] = process.argv.slice(1).map(Number);
const buf = Buffer.allocUnsafe(128 * 1024);
const nap = new Int32Array(new SharedArrayBuffer(4));
let bytes = 0, first = 0, last = 0, marked = !(mark > 0);
for (;;) {
  let n;
  try { n = fs.readSync(0, buf, 0, buf.length, null); }
  catch (e) { if (e.code === 'EAGAIN') { Atomics.wait(nap, 0, 0, 1); continue; } throw e; }
  if (n === 0) break;
  last = performance.now();
  if (bytes === 0) first = last;
  bytes += n;
  if (!marked && bytes >= mark * frame) { marked = true; fs.writeSync(1, 'mark\\n'); }
}
fs.writeSync(1, JSON.stringify({ bytes, seconds: (last - first) / 1e3 }) + '\\n');
`;

export function byteCounter(mark = 0): string[] {
  return [process.execPath, '-e', COUNTER, String(FRAME_BYTES), String(mark)];
}

/** The counter's result line: whole frames and the seconds from first to last byte. */
export function counted(stdout: string): { frames: number; bytes: number; seconds: number } {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const { bytes, seconds } = JSON.parse(line) as { bytes: number; seconds: number };
  if (bytes % FRAME_BYTES !== 0) {
    throw new Error(`the counter read ${bytes} bytes: not a whole number of frames`);
  }
  return { frames: bytes / FRAME_BYTES, bytes, seconds };
}

/** Zero-filled whole frames for `seconds`, written with blocking writes to a 1 MiB stdout pipe. */
const CEILING = `
import { writeSync } from 'node:fs';
const [libc, seconds, frameBytes] = process.argv.slice(1);
const { setPipeSize } = await import(libc);
const size = setPipeSize(1, 1 << 20);
const frame = Buffer.alloc(Number(frameBytes));
const end = performance.now() + Number(seconds) * 1e3;
let n = 0;
try {
  while (performance.now() < end) {
    for (let off = 0; off < frame.length; ) off += writeSync(1, frame, off, frame.length - off);
    n++;
  }
} catch (e) { if (e.code !== 'EPIPE') throw e; }
process.stderr.write('ceiling: pipe ' + size + ' bytes, ' + n + ' frames\\n');
`;

function ceilingProducer(seconds: number): string[] {
  const libc = pathToFileURL(path.join(repoRoot(), 'dist/src/native/libc.js')).href;
  return [
    process.execPath,
    '--input-type=module',
    '-e',
    CEILING,
    libc,
    String(seconds),
    String(FRAME_BYTES),
  ];
}

/** mss-ts streaming raw frames of monitor 1 as fast as it can, to stdout, `until` the end. */
export function mssRawStream(...until: string[]): string[] {
  return mssCli('grab', '-m', '1', '--interval', '0', '--format', 'raw', ...until, '-');
}

/** mss-ts as a user runs it: the executable itself, so its shebang's node flags apply. */
export function mssCli(...args: string[]): string[] {
  return [path.join(repoRoot(), 'bin', 'mss-ts.cjs'), ...args];
}

/** mss-ts's loop summary: "N written, U unchanged, D dropped of T ticks in S s (F fps)". */
export function summary(
  stderr: string,
): { written: number; dropped: number; seconds: number; fps: number } | undefined {
  const m =
    /(\d+) written, (\d+) unchanged, (\d+) dropped of (\d+) ticks in ([\d.]+) s \(([\d.]+) fps\)/.exec(
      stderr,
    );
  if (!m) return undefined;
  return { written: Number(m[1]), dropped: Number(m[3]), seconds: Number(m[5]), fps: Number(m[6]) };
}

interface Consumer {
  name: string;
  argv: string[];
  /** Frames per second seen by the consumer, from its output lines (each with its arrival time), and its total. */
  rate(stdout: string, lines: [string, number][]): { fps: number; frames: number };
}

/**
 * ffmpeg's -progress blocks every 0.2 s, timed at their arrival here: the rate between the first
 * block that has frames and the last one (ffmpeg's own start-up and the producer's are outside).
 */
const ffmpegConsumer: Consumer = {
  name: 'ffmpeg rawvideo -f null',
  argv: [
    ...['ffmpeg', '-hide_banner', '-loglevel', 'error', '-nostats', '-stats_period', '0.2'],
    ...['-progress', 'pipe:1', '-f', 'rawvideo', '-pixel_format', 'bgr0'],
    ...['-video_size', `${WIDTH}x${HEIGHT}`, '-framerate', '1000', '-i', '-', '-f', 'null', '-'],
  ],
  rate(_stdout, lines) {
    const blocks: [number, number][] = []; // [frame, arrival]
    let frame = 0;
    for (const [line, at] of lines) {
      if (line.startsWith('frame=')) frame = Number(line.slice(6));
      else if (line.startsWith('progress=') && frame > 0) blocks.push([frame, at]);
    }
    const first = blocks[0];
    const last = blocks.at(-1);
    if (!first || !last || last[1] - first[1] < 0.5e3) {
      throw new Error(`ffmpeg consumer: too few progress reports (${blocks.length})`);
    }
    return { fps: ((last[0] - first[0]) * 1e3) / (last[1] - first[1]), frames: frame };
  },
};

const counterConsumer: Consumer = {
  name: 'byte counter (node, 128 KiB reads)',
  argv: byteCounter(),
  rate(stdout) {
    const { frames, seconds } = counted(stdout);
    return { fps: frames / seconds, frames };
  },
};

// ---------------------------------------------------------------------------------------------
// The suite.

async function runSuite({ display, picture }: Desktop): Promise<void> {
  const env = { ...process.env, DISPLAY: display };
  console.log(`display ${display}, ${WIDTH}x${HEIGHT}x24, showing ${picture}`);
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${os.cpus().length} CPUs`,
  );
  const ffmpeg = hasFfmpeg();
  if (!ffmpeg)
    console.log('ffmpeg is not installed (apt-get install ffmpeg): only the byte counter runs');

  const producers: { name: string; argv: string[] }[] = [
    {
      name: 'mss-ts',
      argv: mssRawStream('--duration', `${SECONDS}s`),
    },
    ...(ffmpeg
      ? [
          {
            name: 'ffmpeg x11grab',
            argv: [
              ...['ffmpeg', '-hide_banner', '-loglevel', 'error'],
              ...x11grabInput(display, WIDTH, HEIGHT),
              ...['-t', String(SECONDS), '-f', 'rawvideo', '-pix_fmt', 'bgr0', '-'],
            ],
          },
        ]
      : []),
    { name: 'ceiling (zeros, 1 MiB pipe)', argv: ceilingProducer(SECONDS) },
  ];
  const consumers = ffmpeg ? [ffmpegConsumer, counterConsumer] : [counterConsumer];

  // Warm-up, untimed, and what each producer says about its pipe.
  const warm = await run(pipeline(mssRawStream('--count', '30', '--verbose'), byteCounter()), {
    env,
  });
  const pipeLine =
    /stdout pipe holds \d+ bytes/.exec(warm.stderr)?.[0] ?? 'stdout pipe size not reported';
  if (counted(warm.stdout).frames !== 30)
    throw new Error(`mss-ts --count 30 delivered ${counted(warm.stdout).frames} frames`);
  const ceilingWarm = await run(pipeline(ceilingProducer(1), byteCounter()), { env });
  console.log(
    `mss-ts: ${pipeLine}; ${ceilingWarm.stderr.trim()} (1 s warm-up); ffmpeg x11grab keeps the default 64 KiB pipe`,
  );

  // Producer-side figures, per competitor: mss-ts's own summary fps, CPU time per frame.
  const producerFps = new Map<string, number[]>();
  const producerCpu = new Map<string, number[]>();
  const serverCpu = new Map<string, number[]>();
  const xvfb = findChild(process.pid, 'Xvfb'); // withDesktop's server, for its share of the work
  const add = (map: Map<string, number[]>, key: string, value: number) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  const competitors = consumers.flatMap((consumer) =>
    producers.map((producer) => {
      const name = `${producer.name} -> ${consumer.name}`;
      return {
        name,
        async run() {
          const lines: [string, number][] = [];
          const server = cpuSeconds(xvfb);
          const done = await run(pipeline(withTimes(producer.argv), consumer.argv), {
            env,
            timeoutMs: (SECONDS + 30) * 1e3,
            onLine: (line, at) => lines.push([line, at]),
          });
          const own = summary(done.stderr);
          if (own) add(producerFps, name, own.fps);
          const { fps, frames } = consumer.rate(done.stdout, lines);
          add(producerCpu, name, (childCpu(done.stderr) * 1e3) / frames);
          add(serverCpu, name, ((cpuSeconds(xvfb) - server) * 1e3) / frames);
          return fps;
        },
      };
    }),
  );

  const progress = process.stderr.isTTY
    ? (round: number) => process.stderr.write(`round ${round}/${ROUNDS}...\r`)
    : undefined;
  const results = await interleave(competitors, ROUNDS, progress);
  console.log(
    `\n${ROUNDS} interleaved rounds of ${SECONDS} s per pair, ${WIDTH}x${HEIGHT} bgr0 frames per second at the consumer:`,
  );

  const rateOf = (name: string) => results.find((r) => r.name === name)?.median ?? Number.NaN;
  for (const consumer of consumers) {
    const ceiling = rateOf(`${producers.at(-1)?.name} -> ${consumer.name}`);
    const x11 = rateOf(`ffmpeg x11grab -> ${consumer.name}`);
    console.log(`\ninto ${consumer.name}:\n`);
    console.log(
      table(
        [
          'producer',
          'median fps',
          'min',
          'max',
          '% ceiling',
          'x x11grab',
          'own fps',
          'CPU/frame',
          'X CPU/frame',
        ],
        producers.map((producer) => {
          const name = `${producer.name} -> ${consumer.name}`;
          const r = results.find((x) => x.name === name);
          const rates = r?.rates ?? [];
          const own = producerFps.get(name);
          return [
            producer.name,
            fmt(median(rates)),
            fmt(min(rates)),
            fmt(max(rates)),
            `${fmt((median(rates) / ceiling) * 100)}%`,
            ffmpeg ? `${fmt(median(rates) / x11)}x` : '-',
            own ? fmt(median(own)) : '',
            `${fmt(median(producerCpu.get(name) ?? []))} ms`,
            `${fmt(median(serverCpu.get(name) ?? []))} ms`,
          ];
        }),
      ),
    );
    const ours = rateOf(`mss-ts -> ${consumer.name}`);
    console.log();
    if (ffmpeg) {
      const ratio = ours / x11;
      console.log(
        `mss-ts / ffmpeg x11grab: ${fmt(ratio)}x  (bar >= ${X11GRAB_BAR}x: ${verdict(ratio >= X11GRAB_BAR)})`,
      );
      // The bar assumes a consumer that takes far more than x11grab delivers (design.md: 1.9x).
      const room = ceiling / x11;
      if (room < X11GRAB_BAR) {
        console.log(
          `  note: the ceiling itself is only ${fmt(room)}x x11grab here, so this bar needs ` +
            `${fmt((X11GRAB_BAR / room) * 100)}% of the ceiling`,
        );
      }
    } else {
      console.log(
        `mss-ts / ffmpeg x11grab: skipped, no ffmpeg (bar >= ${X11GRAB_BAR}x: not checked)`,
      );
    }
    const share = ours / ceiling;
    console.log(
      `mss-ts / ceiling:        ${fmt(share * 100)}%  (bar >= ${CEILING_BAR * 100}%: ${verdict(share >= CEILING_BAR)})`,
    );
  }
  console.log(
    '\n"own fps": the producer\'s summary line (mss-ts counts frames written, from its start); ' +
      '"CPU/frame": user + system time of the producer process per frame delivered (the X server\'s copy not included); ' +
      '"X CPU/frame": the Xvfb process\'s CPU time per frame delivered.',
  );
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

export const stream: Suite = {
  description:
    'raw 1080p frames/s into ffmpeg and a byte counter: mss-ts vs ffmpeg x11grab vs the pipe ceiling',
  run: runSuite,
};

// Scenario 8: wrong invocations, and seeded random argument vectors. Whatever is typed, the
// command ends in time with the right status: 0 with every file whole, or 1, 2 or 69 with one
// line on stderr and nothing written; never a stack trace, a Node warning or a temporary left.
// A failing vector names its seed; MSS_TS_REPLAY_SEED=<seed> runs that one vector alone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, it } from 'vitest';
import type { GrabOptions } from '../../src/cli/options.js';
import { buildProgram } from '../../src/cli/program.js';
import { formatOfPath, type ImageFormat, type PixelFormat } from '../../src/encode/formats.js';
import { type CliResult, runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import { check, scale, seeded, trials } from './harness.js';

const W = 320;
const H = 240;
const painted = useScreen(W, H, { seed: 8 });
/** Listens on TCP too: over localhost:N no file descriptor (so no MIT-SHM) can be passed. */
const tcp = useScreen(64, 48, { tcp: true });
/** Has no MIT-SHM at all. */
const noShm = useScreen(64, 48, { without: ['MIT-SHM'] });
/** Sizes (WxH) of this display's monitors, whole screen first. */
let monitorSizes: string[] = [];

beforeAll(async () => {
  const xrandr = (...args: string[]) =>
    execFileSync('xrandr', ['-display', painted.xvfb.display, ...args]);
  xrandr('--setmonitor', 'LEFT', '160/42x240/64+0+0', 'screen');
  xrandr('--setmonitor', 'RIGHT', '160/42x240/64+160+0', 'none');
  const listed = await runBinary(['monitors', '--json'], painted.env);
  const { monitors } = JSON.parse(listed.stdout.toString()) as {
    monitors: { width: number; height: number }[];
  };
  monitorSizes = monitors.map((m) => `${m.width}x${m.height}`);
});

/** Longest a run may take before it counts as a hang. */
const LIMIT_MS = 10_000;

interface Ran extends CliResult {
  hung: boolean;
  ms: number;
}

async function runLimited(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Ran> {
  const started = performance.now();
  const running = runBinary(args, env, cwd);
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    running.child.kill('SIGKILL');
  }, LIMIT_MS);
  const result = await running;
  clearTimeout(timer);
  return { ...result, hung, ms: performance.now() - started };
}

/** Every entry under `dir` (directories end in /), with the size of each file. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => {
      const path = join(entry.parentPath, entry.name).slice(dir.length + 1);
      if (entry.isDirectory()) return `${path}/`;
      if (entry.isFile()) return `${path} (${readFileSync(join(dir, path)).length} bytes)`;
      return `${path} (not a file)`;
    })
    .sort();
}

const TEMPORARY = /\.mss-ts-\d+\.tmp$/;
const quote = (args: string[]) => JSON.stringify(args);
const shown = (text: string) => JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…` : text);

/** The common rules for a run that failed: its status, one line, nothing on stdout or disk. */
function checkRefusal(ran: Ran, code: number, before: string[], after: string[]): void {
  check(!ran.hung, `still running after ${LIMIT_MS / 1000} s: killed`);
  check(ran.code === code, `exit ${ran.code}, expected ${code}; stderr ${shown(ran.stderr)}`);
  check(
    ran.stderr.startsWith('mss-ts: ') && ran.stderr.indexOf('\n') === ran.stderr.length - 1,
    `stderr is not one line starting with "mss-ts: ": ${shown(ran.stderr)}`,
  );
  // A control character (other than the line's end) would act on a terminal.
  check(!/[^\P{Cc}\n]/u.test(ran.stderr), `a control character on stderr: ${shown(ran.stderr)}`);
  check(!/^\s+at /m.test(ran.stderr), `a stack trace on stderr: ${shown(ran.stderr)}`);
  check(ran.stdout.length === 0, `${ran.stdout.length} bytes on stdout`);
  check(
    JSON.stringify(after) === JSON.stringify(before),
    `the folder changed: ${shown(JSON.stringify(before))} -> ${shown(JSON.stringify(after))}`,
  );
}

type Display = 'painted' | 'screen-1' | 'unset' | 'wayland' | 'tcp' | 'no-shm';

function envOf(display: Display): NodeJS.ProcessEnv {
  switch (display) {
    case 'painted':
      return painted.env;
    case 'screen-1': // the painted server has screen 0 only
      return { DISPLAY: `${painted.xvfb.display}.1` };
    case 'unset':
      return {};
    case 'wayland':
      return { WAYLAND_DISPLAY: 'wayland-0' };
    case 'tcp':
      return { DISPLAY: tcp.xvfb.tcpDisplay };
    case 'no-shm':
      return noShm.env;
  }
}

interface Wrong {
  args: string[];
  code: 1 | 2 | 69;
  /** Part of the message: the argument it names, or what it says. */
  says: string;
  display?: Display;
  /** Prepare the (empty) folder the command runs in. */
  setup?: (cwd: string) => void;
}

const NINES = '9'.repeat(400);

const WRONG: Wrong[] = [
  // Every option with a bad value.
  { args: ['grab', '-l', '12', 'a.png'], code: 2, says: "'-l, --level <0-9>' argument '12'" },
  { args: ['grab', '-l', '-1', 'a.png'], code: 2, says: "argument '-1' is invalid" },
  { args: ['grab', '-l', 'abc', 'a.png'], code: 2, says: 'expected an integer from 0 to 9' },
  { args: ['grab', '-l', '1.5', 'a.png'], code: 2, says: "argument '1.5'" },
  { args: ['grab', '--level=', 'a.png'], code: 2, says: "argument ''" },
  { args: ['grab', '--quality', '0', 'a.jpg'], code: 2, says: "'--quality <1-100>'" },
  { args: ['grab', '--quality', '101', 'a.jpg'], code: 2, says: 'from 1 to 100' },
  { args: ['grab', '--quality', '50%', 'a.jpg'], code: 2, says: "argument '50%'" },
  { args: ['grab', '--fps', '0', '{n}.png'], code: 2, says: "'--fps <rate>' argument '0'" },
  { args: ['grab', '--fps', '-1', '{n}.png'], code: 2, says: "argument '-1'" },
  { args: ['grab', '--fps', '10001', '{n}.png'], code: 2, says: 'up to 10000' },
  { args: ['grab', '--fps', 'abc', '{n}.png'], code: 2, says: "argument 'abc'" },
  { args: ['grab', '--fps', '1e3', '{n}.png'], code: 2, says: "argument '1e3'" },
  { args: ['grab', '--interval', 'abc', '{n}.png'], code: 2, says: "'--interval <duration>'" },
  { args: ['grab', '--interval', '-1s', '{n}.png'], code: 2, says: "argument '-1s'" },
  { args: ['grab', '--interval', '2d', '{n}.png'], code: 2, says: 'such as 500ms' },
  { args: ['grab', '--interval', NINES, '-n', '2', '{n}.png'], code: 2, says: "'--interval" },
  { args: ['grab', '--duration', 'soon', '{n}.png'], code: 2, says: "'--duration <duration>'" },
  { args: ['grab', '--duration', '0', '{n}.png'], code: 2, says: "'--duration <duration>'" },
  { args: ['grab', '--duration', '1e3', '{n}.png'], code: 2, says: "argument '1e3'" },
  { args: ['grab', '--duration', NINES, '{n}.png'], code: 2, says: "'--duration" },
  { args: ['grab', '-d', '-1', 'a.png'], code: 2, says: "'-d, --delay <duration>'" },
  { args: ['grab', '-d', '2 weeks', 'a.png'], code: 2, says: "argument '2 weeks'" },
  { args: ['grab', '-d', NINES, 'a.png'], code: 2, says: "'-d, --delay" },
  { args: ['grab', '-n', '0', '{n}.png'], code: 2, says: "'-n, --count <N>' argument '0'" },
  { args: ['grab', '-n', '-1', '{n}.png'], code: 2, says: "argument '-1'" },
  { args: ['grab', '-n', '1.5', '{n}.png'], code: 2, says: "argument '1.5'" },
  { args: ['grab', '-n', 'ten', '{n}.png'], code: 2, says: "argument 'ten'" },
  { args: ['grab', '-n', NINES, '{n}.png'], code: 2, says: "'-n, --count" },
  { args: ['grab', '-r', 'abc', 'a.png'], code: 2, says: "'-r, --region <geometry>'" },
  { args: ['grab', '-r', '1,2,3', 'a.png'], code: 2, says: "argument '1,2,3'" },
  { args: ['grab', '-r', '-5x10', 'a.png'], code: 2, says: "argument '-5x10'" },
  { args: ['grab', '-r', '10x10-5+0', 'a.png'], code: 2, says: "argument '10x10-5+0'" },
  { args: ['grab', '-r', '10x10+315+0', 'a.png'], code: 2, says: 'reaches outside monitor 0' },
  { args: ['grab', '-m', '2', '-r', '161x10', 'a.png'], code: 2, says: 'outside monitor 2' },
  { args: ['grab', '-r', '0x0', 'a.png'], code: 2, says: 'is empty' },
  { args: ['grab', '-r', '10x0+5+5', 'a.png'], code: 2, says: "'-r, --region'" },
  { args: ['grab', '-r', `${NINES}x1`, 'a.png'], code: 2, says: "'-r, --region" },
  { args: ['grab', '-m', '9', 'a.png'], code: 2, says: "'-m, --monitor' has no monitor 9" },
  { args: ['grab', '-m', '-1', 'a.png'], code: 2, says: "'-m, --monitor <sel>' argument '-1'" },
  { args: ['grab', '-m', '', 'a.png'], code: 2, says: "argument ''" },
  { args: ['grab', '-m', ' ', 'a.png'], code: 2, says: "argument ' '" },
  { args: ['grab', '-m', 'HDMI-9', 'a.png'], code: 2, says: 'no monitor named "HDMI-9"' },
  { args: ['grab', '-f', 'gif', 'a.png'], code: 2, says: "'-f, --format <format>' argument 'gif'" },
  { args: ['grab', '-f', '', 'a.png'], code: 2, says: "argument ''" },
  { args: ['grab', '--pixel-format', 'yuv420p', 'a.raw'], code: 2, says: "'--pixel-format" },
  { args: ['grab', '-f', 'jpeg', 'a.png'], code: 2, says: "'-f, --format' is jpeg" },
  { args: ['grab', '-f', 'raw', 'a.webp'], code: 2, says: 'extension of webp' },
  { args: ['grab', '--pixel-format', 'rgba', 'a.bgra'], code: 2, says: "'--pixel-format' is" },
  { args: ['grab', '--backend', 'x11', 'a.png'], code: 2, says: "'--backend <name>'" },
  { args: ['monitors', '--backend', ''], code: 2, says: "'--backend <name>' argument ''" },
  { args: ['grab', '--pace', 'fast', '-'], code: 2, says: "'--pace <mode>' argument 'fast'" },
  // Options that contradict each other.
  { args: ['grab', '--interval', '1', '--fps', '2', '{n}.png'], code: 2, says: 'cannot be used' },
  { args: ['grab', '-m', 'each', '-r', '10x10', '{mon}.png'], code: 2, says: "'-m each'" },
  { args: ['grab', '-m', 'each', '-'], code: 2, says: "'-m each'" },
  { args: ['grab', '-m', 'each', 'a.png'], code: 2, says: 'needs {mon} or {name}' },
  { args: ['grab', '--json', '-'], code: 2, says: "'--json'" },
  { args: ['grab', '-o', 'b.png', 'a.png'], code: 2, says: 'give the output once' },
  { args: ['grab', '--print-ffmpeg-args', '-'], code: 2, says: "'--print-ffmpeg-args'" },
  { args: ['grab', '--print-ffmpeg-args', '-f', 'raw', '-'], code: 2, says: 'needs a fixed rate' },
  {
    args: ['grab', '--print-ffmpeg-args', '-f', 'raw', '--fps', '30', '-m', 'each', '{mon}-{n}'],
    code: 2,
    says: "'--print-ffmpeg-args'",
  },
  // Output names that cannot be a file, or patterns that do not parse.
  { args: ['grab', ''], code: 2, says: 'output "" is empty' },
  { args: ['grab', '-o', ''], code: 2, says: 'output "" is empty' },
  { args: ['grab', 'dir/'], code: 2, says: 'output "dir/" names a directory' },
  { args: ['grab', '.'], code: 2, says: 'output "." is a directory' },
  { args: ['grab', '..'], code: 2, says: 'output ".." is a directory' },
  {
    args: ['grab', 'taken'],
    code: 2,
    says: 'output "taken" is a directory',
    setup: (cwd) => mkdirSync(join(cwd, 'taken')),
  },
  { args: ['grab', `${'x'.repeat(296)}.png`], code: 2, says: 'has a name of 300 bytes' },
  { args: ['grab', `x{n:0300}.png`], code: 2, says: 'the limit is 255 bytes' },
  {
    // A path, but its temporary's would not be: the limit leaves room for it.
    args: ['grab', `${Array(16).fill('d'.repeat(250)).join('/')}/${'x'.repeat(70)}.png`],
    code: 2,
    says: 'is a path of 4090 bytes: the limit is 4075 bytes',
  },
  { args: ['grab', '{unknown}.png'], code: 2, says: 'unknown placeholder {unknown}' },
  { args: ['grab', '{n:abc}.png'], code: 2, says: 'bad format "{n:abc}"' },
  { args: ['grab', '{name:03}.png'], code: 2, says: 'bad format "{name:03}"' },
  { args: ['grab', '{oops.png'], code: 2, says: 'unclosed {' },
  { args: ['grab', 'oops}.png'], code: 2, says: 'unmatched }' },
  { args: ['grab', '{date:}.png'], code: 2, says: 'empty date format {date:}' },
  { args: ['grab', '{date:%Q}.png'], code: 2, says: 'unknown date code %Q' },
  { args: ['grab', '-n', '3', 'same.png'], code: 2, says: 'would name every frame' },
  { args: ['grab', '--interval', '0', '-n', '3', 'at-{date}.png'], code: 2, says: 'alike' },
  {
    args: ['grab', '-n', '2', '{n}.png'],
    code: 2,
    says: 'output "1.png" is a directory',
    setup: (cwd) => mkdirSync(join(cwd, '1.png')),
  },
  // Runtime failures: exit 1.
  {
    args: ['grab', '-n', '2', '{n}.png'],
    code: 1,
    says: '1.png exists: a loop never overwrites files',
    setup: (cwd) => writeFileSync(join(cwd, '1.png'), 'kept'),
  },
  {
    args: ['grab', 'plain/a.png'],
    code: 1,
    says: 'cannot write plain/a.png: not a directory',
    setup: (cwd) => writeFileSync(join(cwd, 'plain'), 'a file'),
  },
  { args: ['grab', '/dev/full'], code: 1, says: 'cannot write /dev/full: no space left' },
  { args: ['grab', '-f', 'raw', '/dev/full'], code: 1, says: 'no space left on device' },
  // What commander refuses: commands, options, arguments.
  { args: [], code: 2, says: 'grab or monitors' },
  { args: ['frob'], code: 2, says: "unknown command 'frob'" },
  { args: ['grabb', 'a.png'], code: 2, says: "unknown command 'grabb' (did you mean grab?)" },
  { args: ['help', 'frob'], code: 2, says: "unknown command 'frob'" },
  { args: ['--frob'], code: 2, says: "unknown option '--frob'" },
  { args: ['grab', '-x', 'a.png'], code: 2, says: "unknown option '-x'" },
  { args: ['grab', '--regoin', '10x10'], code: 2, says: "'--regoin' (did you mean --region?)" },
  { args: ['grab', '--json=1', 'a.png'], code: 2, says: "unknown option '--json=1'" },
  { args: ['monitors', '-m', '1'], code: 2, says: "unknown option '-m'" },
  { args: ['grab', '-o'], code: 2, says: "'-o, --output <pattern>' argument missing" },
  { args: ['grab', '-l'], code: 2, says: "'-l, --level <0-9>' argument missing" },
  { args: ['grab', 'a.png', 'b.png'], code: 2, says: 'too many arguments' },
  { args: ['grab', '-', '-'], code: 2, says: 'too many arguments' },
  { args: ['monitors', 'a.png'], code: 2, says: 'too many arguments' },
  // Arguments with control characters: shown, not acted upon, and still one line.
  { args: ['grab', '-l', '1\n2', 'a.png'], code: 2, says: "argument '1\\x0a2'" },
  { args: ['grab', '{x\ny}.png'], code: 2, says: 'unknown placeholder {x\\x0ay}' },
  { args: ['grab', '-f', '\u001b[2J', 'a.png'], code: 2, says: "argument '\\x1b[2J'" },
  { args: ['grab', '--x\ny'], code: 2, says: "unknown option '--x\\x0ay'" },
  { args: ['grab', 'a\u0085b/'], code: 2, says: 'output "a\\x85b/" names a directory' },
  // No usable display: 69, and a usage error still comes first.
  {
    args: ['grab', 'a.png'],
    display: 'unset',
    code: 69,
    says: 'DISPLAY is unset; set it or pass -D/--display',
  },
  {
    args: ['monitors'],
    display: 'unset',
    code: 69,
    says: 'DISPLAY is unset; set it or pass -D/--display',
  },
  { args: ['grab', '-l', '12', 'a.png'], display: 'unset', code: 2, says: "'-l, --level" },
  { args: ['grab', 'a.png'], display: 'wayland', code: 69, says: 'Wayland session' },
  { args: ['grab', '-D', ':987', 'a.png'], code: 69, says: 'cannot open display ":987"' },
  { args: ['monitors', '-D', ':987'], code: 69, says: 'cannot open display ":987"' },
  { args: ['grab', '-D', '', 'a.png'], code: 69, says: "option '-D, --display' is empty" },
  { args: ['grab', '-D', 'nonsense', 'a.png'], code: 69, says: 'cannot open display "nonsense"' },
  { args: ['grab', '-D', '\n', 'a.png'], code: 69, says: 'cannot open display "\\x0a"' },
  { args: ['grab', 'a.png'], display: 'screen-1', code: 69, says: 'has no such screen' },
  {
    args: ['grab', '-D', 'localhost:987', 'a.png'],
    code: 69,
    says: 'cannot open display "localhost:987"',
  },
  { args: ['grab', '--backend', 'shm', 'a.png'], display: 'tcp', code: 69, says: 'not a local' },
  { args: ['monitors', '--backend', 'shm'], display: 'tcp', code: 69, says: 'not a local' },
  { args: ['grab', '--backend', 'shm', 'a.png'], display: 'no-shm', code: 69, says: 'MIT-SHM' },
];

// The random vectors: real option names with plausible and hostile values, in any order.

const FIRST_SEED = 8_000;

/** Values no option expects: empty, signs, huge, not ASCII digits, control characters. */
const HOSTILE = [
  '',
  ' ',
  '-',
  '--',
  '-1',
  '0',
  '-0',
  ' 0 ',
  '+1',
  'NaN',
  'Infinity',
  '1e309',
  NINES,
  '18446744073709551616',
  '0x10',
  '1_000',
  '\u0661',
  '\u{1d7d9}',
  'é',
  '日本語',
  '\u202e',
  '\n',
  '\t',
  '\u001b[2J',
  '\u0085',
  '%s%n',
  '{n}',
  '{',
  '}',
  '..',
  'a'.repeat(300),
  '--json',
  '-o',
];

/** Output names that make a file in the folder (or go to stdout). */
const GOOD_NAMES = [
  'a.png',
  'b.jpg',
  'c.webp',
  'd.raw',
  'e.bgra',
  'f.rgb',
  'g.rgba',
  'shot-{n}.png',
  '{n:03}-{mon}.jpg',
  'sub/dir/{name}-{n}.webp',
  '{date:%H%M%S%L}-{n}.png',
  'é-{n}.png',
  ' spaced {n}.png',
  '-',
  '-',
  '-',
  '{mon}-{n}.{ext}',
  'x{width}x{height}-{n}.raw',
  '{name}.png',
  '{{braces}}-{n}.png',
  'deep/er/{mon}/{n}.png',
];

/** Output names that cannot be a file, or patterns that do not parse. */
const BAD_NAMES = ['', 'dir/', '{unknown}', '{n:abc}.png', '{date:}.png', '.', 'x{n:0300}.png'];

interface OptionSpec {
  flags: string[];
  /** Values it takes, and values it refuses; neither for a flag. */
  valid?: string[];
  invalid?: string[];
  /** Makes the grab a loop. */
  loop?: boolean;
  /** How long a valid value makes the run wait, in ms (kept short: a vector must end). */
  waits?: (value: string) => number;
}

const OPTIONS: OptionSpec[] = [
  {
    flags: ['-m', '--monitor'],
    valid: ['0', '1', '2', '3', 'primary', 'each', 'each', 'LEFT', 'RIGHT'],
    invalid: ['9', '-1', 'nope'],
  },
  {
    flags: ['-r', '--region'],
    valid: ['10x10', '16x8+4+4', '0,0,8,8', '160x240', '1x1+159+239'],
    invalid: ['0x0', '400x10', 'abc', '10x10+315+0'],
  },
  { flags: ['-o', '--output'], valid: GOOD_NAMES, invalid: BAD_NAMES },
  {
    flags: ['-f', '--format'],
    valid: ['png', 'jpeg', 'jpg', 'webp', 'raw', 'raw', 'PNG'],
    invalid: ['gif', 'bmp'],
  },
  { flags: ['-l', '--level'], valid: ['0', '1', '6', '9'], invalid: ['10', '-1', '5.5'] },
  { flags: ['--quality'], valid: ['1', '50', '100'], invalid: ['0', '101'] },
  {
    flags: ['--pixel-format'],
    valid: ['bgr0', 'bgra', 'rgba', 'rgb24'],
    invalid: ['yuv', 'RGB24'],
  },
  {
    flags: ['-d', '--delay'],
    valid: ['0', '10ms', '0.02', '50ms'],
    invalid: ['-1', 'soon', '1d'],
    waits: (value) => durationOf(value),
  },
  {
    flags: ['--interval'],
    valid: ['0', '0', '10ms', '20ms', '0.01'],
    invalid: ['5d', '-1', '1e3'],
    loop: true,
    waits: (value) => durationOf(value),
  },
  {
    flags: ['--fps'],
    valid: ['30', '100', '29.97', '1000'],
    invalid: ['0', '10001', '-5', 'abc'],
    loop: true,
    waits: (value) => {
      const fps = Number(value);
      return /^\s*\d+(\.\d+)?\s*$/.test(value) && fps > 0 ? 1000 / fps : 0;
    },
  },
  { flags: ['-n', '--count'], valid: ['1', '2', '3'], invalid: ['0', '1.5', '-2'], loop: true },
  {
    flags: ['--duration'],
    valid: ['50ms', '0.1', '100ms'],
    invalid: ['0', '-1', 'later'],
    loop: true,
  },
  { flags: ['--pace'], valid: ['frames', 'drop'], invalid: ['bad'] },
  { flags: ['--backend'], valid: ['auto', 'shm', 'getimage'], invalid: ['bad'] },
  { flags: ['-D', '--display'], valid: ['PAINTED'], invalid: [':987', '', 'nowhere'] },
  { flags: ['--no-damage'] },
  { flags: ['--force'] },
  { flags: ['--skip-unchanged'] },
  { flags: ['--overwrite'] },
  { flags: ['--json'] },
  { flags: ['-q', '--quiet'] },
  { flags: ['--print-ffmpeg-args'] },
];

/** Milliseconds a valid duration asks for (0 when it is not one). */
function durationOf(value: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) return 0;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] as number;
  return Number(match[1]) * unit;
}

/** The longest wait a valid vector may ask for, so that it ends well inside the limit. */
const LONGEST_WAIT_MS = 200;

/**
 * A vector from `random`: a command, a few options in random order (valid values mostly, some
 * refused, some hostile; a flag now and then twice, `--flag=value` now and then), an output as
 * an argument or -o (or none), now and then a stray argument, a `--` or an option without its
 * value at the end. One vector in three takes only valid values, so that runs that should
 * succeed are common enough to test what they write.
 */
function randomVector(random: () => number): { args: string[]; env: NodeJS.ProcessEnv } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const clean = random() < 0.35;
  const valueFor = (option: OptionSpec): string => {
    const r = clean ? 0 : random();
    if (r < 0.6) return pick(option.valid as string[]);
    if (r < 0.85) return pick(option.invalid as string[]);
    return pick(HOSTILE);
  };
  const r = random();
  const command =
    clean || r < 0.9 ? 'grab' : r < 0.96 ? 'monitors' : pick(['', 'GRAB', 'frob', 'help']);
  const items: string[][] = [];
  let looping = false;
  const count = Math.floor(random() * 6);
  for (let k = 0; k < count; k++) {
    const option = pick(OPTIONS);
    const flag = pick(option.flags);
    looping ||= Boolean(option.loop);
    if (!option.valid) {
      items.push([flag]);
      if (random() < 0.15) items.push([flag]); // repeated
      continue;
    }
    let value = valueFor(option);
    if (value === 'PAINTED') value = painted.xvfb.display;
    // A valid but long wait would be a legitimate run longer than the limit, not a hang.
    if (option.waits && option.waits(value) > LONGEST_WAIT_MS) value = '20ms';
    items.push(flag.startsWith('--') && random() < 0.1 ? [`${flag}=${value}`] : [flag, value]);
  }
  const where = random();
  const name = valueFor({ flags: [], valid: GOOD_NAMES, invalid: BAD_NAMES });
  if (where < 0.45) items.push([name]);
  else if (where < 0.75) items.push(['-o', name]);
  if (!clean && random() < 0.05) items.push([random() < 0.5 ? 'extra.png' : pick(HOSTILE)]);
  for (let k = items.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [items[k], items[j]] = [items[j] as string[], items[k] as string[]];
  }
  // A loop ends: its last -n wins over any earlier one, and a bad earlier value still fails.
  if (looping) items.push(['-n', pick(['1', '2', '3'])]);
  const tail: string[] = [];
  if (!clean && random() < 0.06) tail.push('--', pick(GOOD_NAMES));
  if (!clean && random() < 0.04) tail.push(pick(['-l', '-o', '--fps', '-m', '--region']));
  const args = [...(command === '' && random() < 0.5 ? [] : [command]), ...items.flat(), ...tail];
  return { args, env: random() < 0.04 ? {} : painted.env };
}

/** What the command line makes of `args`: commander's own parse, with actions that record. */
async function parsed(
  args: string[],
): Promise<{ command: 'grab'; output: string | undefined; options: GrabOptions } | undefined> {
  let grab: { output: string | undefined; options: GrabOptions } | undefined;
  const quiet = { writeOut() {}, writeErr() {} };
  const program = buildProgram('0', quiet, {
    async grab(output, options) {
      grab = { output, options };
    },
    async monitors() {},
    async windows() {},
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch {
    return undefined;
  }
  return grab && { command: 'grab', ...grab };
}

const MAGIC: [string, Buffer][] = [
  ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  ['jpeg', Buffer.from([0xff, 0xd8, 0xff])],
  ['webp', Buffer.from('RIFF')],
];

/** Check that `bytes` are whole images or frames of one of `sizes`. */
async function checkImage(
  bytes: Buffer,
  what: string,
  format: ImageFormat,
  bytesPerPixel: number,
  sizes: string[],
): Promise<void> {
  if (format === 'raw') {
    const frames = sizes.map((size) => {
      const [w, h] = size.split('x').map(Number) as [number, number];
      return w * h * bytesPerPixel;
    });
    check(
      bytes.length > 0 && frames.some((frame) => bytes.length % frame === 0),
      `${what}: ${bytes.length} bytes of raw ${bytesPerPixel}-byte pixels, not whole frames of ${sizes.join(' or ')}`,
    );
    return;
  }
  const magic = MAGIC.find(([name]) => name === format)?.[1] as Buffer;
  check(bytes.subarray(0, magic.length).equals(magic), `${what} is not ${format}`);
  const info = await sharp(bytes)
    .raw()
    .toBuffer({ resolveWithObject: true })
    .then(
      (decoded) => decoded.info,
      (error: Error) => {
        throw new Error(`${what} does not decode: ${error.message}`);
      },
    );
  check(
    sizes.includes(`${info.width}x${info.height}`),
    `${what} is ${info.width}x${info.height}, not ${sizes.join(' or ')}`,
  );
}

/** Every file under `dir`, relative. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));

async function checkVector(args: string[], ran: Ran, cwd: string): Promise<void> {
  check(!ran.hung, `still running after ${LIMIT_MS / 1000} s: killed`);
  const verbose = args.includes('--verbose');
  check(!/\(node:\d+\)/.test(ran.stderr), `a Node warning on stderr: ${shown(ran.stderr)}`);
  check(verbose || !/^\s+at /m.test(ran.stderr), `a stack trace on stderr: ${shown(ran.stderr)}`);
  const files = filesUnder(cwd);
  check(!files.some((file) => TEMPORARY.test(file)), `a temporary left: ${JSON.stringify(files)}`);
  if (ran.code !== 0) {
    check([1, 2, 69].includes(ran.code), `exit ${ran.code}; stderr ${shown(ran.stderr)}`);
    if (!verbose) checkRefusal(ran, ran.code, [], snapshot(cwd));
    else check(files.length === 0, `exit ${ran.code} and files written: ${JSON.stringify(files)}`);
    return;
  }
  const grab = await parsed(args);
  if (!grab || grab.options.printFfmpegArgs) {
    check(files.length === 0, `files written by no grab: ${JSON.stringify(files)}`);
    return;
  }
  const { output, options } = grab;
  const target = output ?? (options.output as string | undefined);
  const named = target === undefined || target === '-' ? undefined : formatOfPath(target);
  const format = (options.format as ImageFormat | undefined) ?? named?.format ?? 'png';
  const pixelFormat =
    (options.pixelFormat as PixelFormat | undefined) ?? named?.pixelFormat ?? 'bgr0';
  const bytesPerPixel = pixelFormat === 'rgb24' ? 3 : 4;
  const region = options.region as { width: number; height: number } | undefined;
  const sizes = region ? [`${region.width}x${region.height}`] : monitorSizes;
  if (target === '-') {
    check(files.length === 0, `files written with output to stdout: ${JSON.stringify(files)}`);
    await checkImage(ran.stdout, 'stdout', format, bytesPerPixel, sizes);
    return;
  }
  check(files.length > 0, 'exit 0 and no file written');
  if (options.json) {
    // Every record names a file in place, of the size it gives.
    for (const line of ran.stdout.toString().split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as { path: string; bytes: number };
      const size = readFileSync(join(cwd, record.path)).length;
      check(size === record.bytes, `${record.path} has ${size} bytes, its record ${record.bytes}`);
    }
  }
  for (const file of files) {
    await checkImage(
      readFileSync(join(cwd, file)),
      JSON.stringify(file),
      format,
      bytesPerPixel,
      sizes,
    );
  }
}

/** Processes at a time: each is mostly Node's start-up, and this machine has two cores. */
const PARALLEL = 4;

/**
 * Start `job(0..count-1)`, PARALLEL at a time, and return what trials() runs for trial i: it
 * waits for job i (the others keep running meanwhile) and passes on its result or failure.
 */
function inParallel(
  count: number,
  job: (i: number) => Promise<string | undefined>,
): (i: number) => Promise<string | undefined> {
  type Outcome = { note: string | undefined } | { error: unknown };
  const settle: ((outcome: Outcome) => void)[] = [];
  const outcomes = Array.from(
    { length: count },
    (_, i) => new Promise<Outcome>((resolve) => (settle[i] = resolve)),
  );
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      (settle[i] as (outcome: Outcome) => void)(
        await job(i).then(
          (note) => ({ note }),
          (error: unknown) => ({ error }),
        ),
      );
    }
  };
  for (let w = 0; w < PARALLEL; w++) void worker();
  return async (i) => {
    const outcome = await (outcomes[i] as Promise<Outcome>);
    if ('error' in outcome) throw outcome.error;
    return outcome.note;
  };
}

describe('bad input', () => {
  it('refuses each wrong invocation with its status and one line, writing nothing', async () => {
    await trials(
      `Wrong invocations (table of ${WRONG.length})`,
      WRONG.length,
      'each wrong invocation (bad values, contradicting options, unusable names, unknown commands and options, no display) exits 2, 1 or 69 as documented, with one line on stderr that names the argument, no stack trace, nothing on stdout and nothing written',
      inParallel(WRONG.length, async (i) => {
        const row = WRONG[i] as Wrong;
        const cwd = mkdtempSync(join(painted.dir, 'wrong-'));
        try {
          row.setup?.(cwd);
          const before = snapshot(cwd);
          const ran = await runLimited(row.args, envOf(row.display ?? 'painted'), cwd);
          const context = `${quote(row.args)}${row.display ? ` (display ${row.display})` : ''}`;
          try {
            checkRefusal(ran, row.code, before, snapshot(cwd));
            check(ran.stderr.includes(row.says), `does not say ${shown(row.says)}`);
          } catch (error) {
            throw new Error(`${context}: ${(error as Error).message}`);
          }
          return undefined;
        } finally {
          rmSync(cwd, { recursive: true, force: true });
        }
      }),
    );
  });

  it('ends every random argument vector in time: whole files, or one line and nothing', async () => {
    const replay = process.env.MSS_TS_REPLAY_SEED;
    const seeds = replay
      ? [Number(replay)]
      : Array.from({ length: scale(500, 100) }, (_, i) => FIRST_SEED + i);
    const times: number[] = [];
    const measured = () => {
      const sorted = [...times].sort((a, b) => a - b);
      const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] ?? 0);
      return `per run: median ${at(0.5)} ms, slowest ${at(1)} ms, ${PARALLEL} at a time`;
    };
    const trial = inParallel(seeds.length, async (i) => {
      const seed = seeds[i] as number;
      const { args, env } = randomVector(seeded(seed));
      const cwd = mkdtempSync(join(painted.dir, 'vector-'));
      try {
        const ran = await runLimited(args, env, cwd);
        times.push(ran.ms);
        try {
          await checkVector(args, ran, cwd);
        } catch (error) {
          throw new Error(
            `seed ${seed} (MSS_TS_REPLAY_SEED=${seed}) ${quote(args)}${env.DISPLAY ? '' : ' without DISPLAY'}: ${(error as Error).message}`,
          );
        }
        return undefined;
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
    await trials(
      'Random argument vectors (seeded)',
      seeds.length,
      'whatever the arguments (real options with random, plausible and hostile values, repeated, in any order, with stray positionals), the run ends within 10 s: exit 0 with every file whole (PNG, JPEG and WebP decode, raw is width*height*bytes per pixel) and no temporary left, or exit 1, 2 or 69 with one line on stderr, no stack trace and nothing written',
      async (i) => {
        await trial(i);
        return i === seeds.length - 1 ? measured() : undefined;
      },
    );
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { BIN, run, runBinary } from '../helpers/cli.js';
import { expectedRgb } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 1920;
const H = 1080;
const left = { left: 0, top: 0, width: 960, height: 1080 };
const right = { left: 960, top: 0, width: 960, height: 1080 };
const painted = useScreen(W, H, { seed: 11 });
const { screen } = painted;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  ({ dir, env } = painted);
  const xrandr = (...args: string[]) =>
    execFileSync('xrandr', ['-display', painted.xvfb.display, ...args]);
  xrandr('--setmonitor', 'LEFT', '960/254x1080/286+0+0', 'screen');
  xrandr('--setmonitor', 'RIGHT', '960/254x1080/286+960+0', 'none');
});

/** Decoded RGB of an image file or buffer. */
async function rgbOf(input: string | Buffer) {
  const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

const meanAbsDiff = (a: Buffer, b: Buffer) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
};

describe('mss-ts grab to files', () => {
  it('writes monitor 1 as an exact PNG and prints its path', async () => {
    const out = join(dir, 'out.png');
    const result = await run(['grab', '-m', '1', out], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe(`${out}\n`);
    const image = await rgbOf(out);
    expect([image.width, image.height, image.channels]).toEqual([960, 1080, 3]);
    expect(image.data.equals(expectedRgb(painted, left))).toBe(true);
  });

  it('picks monitors by name and primary, and a region relative to the monitor', async () => {
    const out = join(dir, 'named.png');
    expect((await run(['grab', '-m', 'RIGHT', '-r', '41x41+5+7', out], { env })).code).toBe(0);
    expect(
      (await rgbOf(out)).data.equals(
        expectedRgb(painted, { left: 965, top: 7, width: 41, height: 41 }),
      ),
    ).toBe(true);
    expect((await run(['grab', '-m', 'primary', '-r', '3,4,10,10', out], { env })).code).toBe(0);
    expect(
      (await rgbOf(out)).data.equals(
        expectedRgb(painted, { left: 3, top: 4, width: 10, height: 10 }),
      ),
    ).toBe(true);
  });

  it('writes JPEG close to the screen and WebP decodable, with --quality', async () => {
    const jpg = join(dir, 'desktop.jpg');
    expect((await run(['grab', '-m', '0', '-o', jpg, '--quality', '95'], { env })).code).toBe(0);
    const image = await rgbOf(jpg);
    expect([image.width, image.height]).toEqual([W, H]);
    expect(readFileSync(jpg).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(
      meanAbsDiff(image.data, expectedRgb(painted, { left: 0, top: 0, width: W, height: H })),
    ).toBeLessThan(12);
    const webp = join(dir, 'part.webp');
    expect((await run(['grab', '-r', '100x100+50+50', webp], { env })).code).toBe(0);
    expect((await sharp(webp).metadata()).format).toBe('webp');
  });

  it('--no-damage copies every pixel, with the same result', async () => {
    const out = join(dir, 'full-copy.png');
    const result = await run(['grab', '-m', '1', '--no-damage', '--verbose', out], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('damage tracking was turned off');
    expect((await rgbOf(out)).data.equals(expectedRgb(painted, left))).toBe(true);
  });

  it('applies --level: 0 is larger than 9', async () => {
    const a = join(dir, 'l0.png');
    const b = join(dir, 'l9.png');
    await run(['grab', '-r', '400x300+0+0', '-l', '0', a], { env });
    await run(['grab', '-r', '400x300+0+0', '-l', '9', b], { env });
    expect(readFileSync(a).length).toBeGreaterThan(readFileSync(b).length);
    expect((await rgbOf(a)).data.equals((await rgbOf(b)).data)).toBe(true);
  });

  it('-m each writes every monitor from one grab', async () => {
    const result = await run(['grab', '-m', 'each', '-o', join(dir, 'monitor-{mon}-{name}.png')], {
      env,
    });
    expect(result.code).toBe(0);
    const paths = result.stdout.toString().trim().split('\n');
    expect(paths).toEqual([join(dir, 'monitor-1-LEFT.png'), join(dir, 'monitor-2-RIGHT.png')]);
    expect((await rgbOf(paths[0] as string)).data.equals(expectedRgb(painted, left))).toBe(true);
    expect((await rgbOf(paths[1] as string)).data.equals(expectedRgb(painted, right))).toBe(true);
  });

  it('--json prints one line per file with what it cost', async () => {
    const out = join(dir, 'j.png');
    const result = await run(['grab', '-m', '2', '--json', out], { env });
    const record = JSON.parse(result.stdout.toString());
    expect(record).toMatchObject({
      path: out,
      monitor: 2,
      left: 960,
      top: 0,
      width: 960,
      height: 1080,
      format: 'png',
    });
    expect(record.bytes).toBe(readFileSync(out).length);
    expect(record.captureMs).toBeGreaterThan(0);
    expect(record.encodeMs).toBeGreaterThan(0);
  });

  it('--quiet prints nothing; --verbose explains on stderr', async () => {
    const quiet = await run(['grab', '-q', join(dir, 'q.png')], { env });
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    expect(quiet.stdout.length).toBe(0);
    const verbose = await run(['grab', '--verbose', join(dir, 'v.png')], { env });
    expect(verbose.stderr).toMatch(/captured in [\d.]+ ms through shm/);
  });

  it('replaces an existing file, leaves no temporary, and sweeps those of dead processes', async () => {
    const sub = join(dir, 'atomic', 'deep');
    const out = join(sub, 'shot.png');
    expect((await run(['grab', '-r', '10x10+0+0', out], { env })).code).toBe(0);
    const stale = join(sub, '.old.png.mss-ts-999999.tmp');
    writeFileSync(stale, 'partial');
    writeFileSync(out, 'not a png');
    const result = await runBinary(['grab', '-r', '10x10+0+0', out], env);
    expect(result.code).toBe(0);
    expect((await sharp(out).metadata()).width).toBe(10);
    expect(readdirSync(sub)).toEqual(['shot.png']);
  });

  it('names files screenshot-{date}.png by default (the real binary, in its cwd)', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const result = await runBinary(['grab', '-r', '10x10+0+0'], env, cwd);
    expect(result.code).toBe(0);
    const name = result.stdout.toString().trim();
    expect(name).toMatch(/^screenshot-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.png$/);
    expect(readdirSync(cwd)).toEqual([name]);
  });
});

describe('mss-ts grab to stdout', () => {
  const area = { left: 960 + 100, top: 50, width: 33, height: 21 };

  it.each([
    ['bgr0', (b: number, g: number, r: number) => [b, g, r, 0]],
    ['bgra', (b: number, g: number, r: number) => [b, g, r, 255]],
    ['rgba', (b: number, g: number, r: number) => [r, g, b, 255]],
    ['rgb24', (b: number, g: number, r: number) => [r, g, b]],
  ])('writes raw %s frames exactly', async (pixelFormat, layout) => {
    const argv = [
      'grab',
      '-m',
      '2',
      '--region',
      '33x21+100+50',
      '-f',
      'raw',
      '--pixel-format',
      pixelFormat,
      '-',
    ];
    const result = await run(argv, { env });
    expect(result.code).toBe(0);
    const bgrx = cut(screen, W, area);
    const expected: number[] = [];
    for (let i = 0; i < bgrx.length; i += 4) {
      expected.push(...layout(bgrx[i] as number, bgrx[i + 1] as number, bgrx[i + 2] as number));
    }
    expect(result.stdout.equals(Buffer.from(expected))).toBe(true);
  });

  it('writes a PNG to a pipe with the real binary', async () => {
    const result = await runBinary(['grab', '-m', '2', '--region', '800x600+100+50', '-'], env);
    expect(result.code).toBe(0);
    const image = await rgbOf(result.stdout);
    expect(
      image.data.equals(expectedRgb(painted, { left: 1060, top: 50, width: 800, height: 600 })),
    ).toBe(true);
  });

  it('refuses a terminal unless --force', async () => {
    const refused = await run(['grab', '-r', '2x2+0+0', '-'], { env, stdoutIsTTY: true });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'mss-ts: stdout is a terminal; give a file name or pipe it (or --force)\n',
    );
    const forced = await run(['grab', '-r', '2x2+0+0', '--force', '-'], { env, stdoutIsTTY: true });
    expect(forced.code).toBe(0);
  });
});

describe('mss-ts grab refuses bad input with exit 2 and one line', () => {
  it.each([
    [
      ['-m', '3'],
      "mss-ts: option '-m, --monitor' has no monitor 3: this display has 0 (all), 1 (LEFT), 2 (RIGHT)",
    ],
    [
      ['-m', 'HDMI-9'],
      `mss-ts: option '-m, --monitor' has no monitor named "HDMI-9": this display has 0 (all), 1 (LEFT), 2 (RIGHT)`,
    ],
    [
      ['-m', '1', '-r', '961x10+0+0'],
      "mss-ts: option '-r, --region' region 961x10+0+0 reaches outside monitor 1 (LEFT) (960x1080+0+0)",
    ],
    [
      ['-r', '10x'],
      "mss-ts: option '-r, --region <geometry>' argument '10x' is invalid. expected WxH+X+Y (as 800x600+100+50) or X,Y,W,H.",
    ],
    [
      ['-l', '12'],
      "mss-ts: option '-l, --level <0-9>' argument '12' is invalid. expected an integer from 0 to 9.",
    ],
    [
      ['--quality', '0'],
      "mss-ts: option '--quality <1-100>' argument '0' is invalid. expected an integer from 1 to 100.",
    ],
    [
      ['-f', 'gif'],
      "mss-ts: option '-f, --format <format>' argument 'gif' is invalid. expected one of png, jpeg, webp, raw.",
    ],
    [
      ['--pixel-format', 'yuv'],
      "mss-ts: option '--pixel-format <layout>' argument 'yuv' is invalid. Allowed choices are bgr0, bgra, rgba, rgb24.",
    ],
    [
      ['--backend', 'fast'],
      "mss-ts: option '--backend <name>' argument 'fast' is invalid. Allowed choices are auto, shm, getimage.",
    ],
    [
      ['-d', 'soon'],
      "mss-ts: option '-d, --delay <duration>' argument 'soon' is invalid. expected a duration such as 500ms, 2s, 1.5m or 1h.",
    ],
    [
      ['-f', 'jpeg', 'x.png'],
      `mss-ts: option '-f, --format' is jpeg but the output "x.png" has the extension of png`,
    ],
    [
      ['--pixel-format', 'rgba', 'x.bgra'],
      `mss-ts: option '--pixel-format' is rgba but the output "x.bgra" has the extension of bgra`,
    ],
    [
      ['-o', 'a.png', 'b.png'],
      'mss-ts: give the output once: as an argument ("b.png") or with -o ("a.png"), not both',
    ],
    [
      ['x-{monitor}.png'],
      'mss-ts: unknown placeholder {monitor} in output pattern "x-{monitor}.png"',
    ],
    [
      ['-m', 'each', 'same.png'],
      `mss-ts: '-m each' writes one file per monitor: the output "same.png" needs {mon} or {name}`,
    ],
    [
      ['-m', 'each', '-'],
      "mss-ts: '-m each' writes one file per monitor: give an output pattern with {mon} or {name}, not -",
    ],
    [
      ['-m', 'each', '-r', '1x1+0+0', '{mon}.png'],
      "mss-ts: option '-r, --region' cannot be combined with '-m each'",
    ],
    [
      ['--json', '-'],
      "mss-ts: '--json' cannot share stdout with image data: give an output file name",
    ],
    [['--colour'], "mss-ts: unknown option '--colour'"],
  ])('%j', async (args, message) => {
    const result = await run(['grab', ...args], { env });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout.length).toBe(0);
  });
});

describe('names', () => {
  it('a default name never replaces a file: three grabs at once write three', async () => {
    const cwd = mkdtempSync(join(dir, 'defaults-'));
    const results = await Promise.all(
      [1, 2, 3].map(() => runBinary(['grab', '-m', '1'], env, cwd)),
    );
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    const files = readdirSync(cwd).sort();
    expect(files).toHaveLength(3);
    expect(files.every((f) => /^screenshot-[\d_-]+?(-[12])?\.png$/.test(f))).toBe(true);
    const printed = results.map((r) => r.stdout.toString().trim()).sort();
    expect(printed).toEqual(files);
  });

  it('an extension mss-ts does not write is a usage error, unless --format says what to write', async () => {
    const gif = join(dir, 'x.gif');
    const refused = await run(['grab', gif], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `mss-ts: the output "${gif}" ends in .gif, which mss-ts does not write: use .png .jpg .jpeg .webp .raw .bgr0 .bgra .rgba .rgb .rgb24, or say what to write with -f, --format\n`,
    );
    expect(existsSync(gif)).toBe(false);
    const forced = await run(['grab', '-m', '1', '-f', 'png', gif], { env });
    expect(forced.code).toBe(0);
    expect((await sharp(gif).metadata()).format).toBe('png');
    const bare = await run(['grab', '-m', '1', join(dir, 'no-extension')], { env });
    expect(bare.code).toBe(0);
    expect((await sharp(join(dir, 'no-extension')).metadata()).format).toBe('png');
  });
});

describe('options for every command', () => {
  it('-D, --backend, -q and --verbose work before the command name as after it', async () => {
    const before = join(dir, 'before.png');
    const after = join(dir, 'after.png');
    const display = env.DISPLAY as string;
    const first = await run(['-D', display, '-q', '--backend', 'getimage', 'grab', before], {
      env: {},
    });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout.length).toBe(0); // -q: no path printed
    const second = await run(['grab', after, '-D', display, '--backend', 'getimage', '-q'], {
      env: {},
    });
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect((await rgbOf(before)).data.equals((await rgbOf(after)).data)).toBe(true);
    const verbose = await run(['--verbose', 'monitors'], { env });
    expect(verbose.stderr).toMatch(/capture: MIT-SHM/);
  });
});

describe('--help', () => {
  it.each([['--help'], ['grab', '--help']])(
    '%s ends with the everyday examples and the man page',
    async (...argv) => {
      const result = await run(argv, { env });
      expect(result.code).toBe(0);
      const text = result.stdout.toString();
      expect(text).toContain('Examples:\n  Monitor 1 to a PNG:\n    mss-ts grab -m 1 shot.png\n');
      expect(text).toContain('--print-ffmpeg-args) -pix_fmt yuv420p out.mp4');
      expect(
        text
          .trimEnd()
          .endsWith('See man mss-ts for every option, output patterns and exit statuses.'),
      ).toBe(true);
    },
  );
});

describe('mss-ts without a usable display', () => {
  it('exits 69 when DISPLAY is unset, naming both ways to give one', async () => {
    const result = await run(['grab', join(dir, 'never.png')], { env: {} });
    expect(result.code).toBe(69);
    expect(result.stderr).toBe(
      'mss-ts: no X display: DISPLAY is unset; set it or pass -D/--display (for example -D :0)\n',
    );
    expect(existsSync(join(dir, 'never.png'))).toBe(false);
    const wayland = await run(['monitors'], { env: { WAYLAND_DISPLAY: 'wayland-0' } });
    expect(wayland.code).toBe(69);
    expect(wayland.stderr).toContain('this is a Wayland session');
  });

  it('exits 69 when the display does not answer, naming it', async () => {
    const result = await runBinary(['grab', '-D', ':4098', 'never.png'], {}, dir);
    expect(result.code).toBe(69);
    expect(result.stderr).toBe(
      'mss-ts: cannot open display ":4098": the X server refused the connection or is not running\n',
    );
  });
});

describe('interrupting a grab', () => {
  it('SIGINT during --delay leaves no file and exits 130', async () => {
    const cwd = mkdtempSync(join(dir, 'sigint-'));
    const running = runBinary(['grab', '--delay', '5s', 'late.png'], env, cwd);
    await new Promise((resolve) => setTimeout(resolve, 400));
    running.child.kill('SIGINT');
    const result = await running;
    expect(result.code).toBe(130);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('mss-ts --version and --help', () => {
  it('prints the version', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    const result = await run(['-V']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe(`${version}\n`);
  });

  it('runs through its shebang without loading NODE_EXTRA_CA_CERTS (it opens no TLS)', () => {
    // Node 20 reads that bundle of certificates before any script runs. A file that cannot be
    // read shows whether Node tried.
    const result = spawnSync(BIN, ['--version'], {
      env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' },
      encoding: 'utf8',
    });
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const warned = spawnSync(process.execPath, ['-e', ''], {
      env: { NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' },
      encoding: 'utf8',
    });
    expect(warned.stderr).toContain('/nonexistent/ca.pem'); // so the check above can fail
  });

  it.skipIf(!existsSync('/usr/bin/busybox'))(
    'starts where env has no -S, with BusyBox env first on the PATH',
    () => {
      const bin = mkdtempSync(join(dir, 'busybox-'));
      symlinkSync('/usr/bin/busybox', join(bin, 'env'));
      const refused = spawnSync(join(bin, 'env'), ['-S', 'true'], { encoding: 'utf8' });
      expect(refused.status).not.toBe(0); // this env indeed has no -S
      const result = spawnSync(BIN, ['--version'], {
        env: { PATH: `${bin}:${process.env.PATH}`, NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' },
        encoding: 'utf8',
      });
      expect(result).toMatchObject({ status: 0, stderr: '' });
    },
  );

  it('prints help on stdout with exit 0', async () => {
    const result = await run(['grab', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toMatch(/^Usage: mss-ts grab \[options\] \[output\]/);
  });
});

import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { BIN, run, runBinary } from '../helpers/cli.js';
import { expectedPixel } from '../helpers/pixels.js';
import { startScreen, useScreen } from '../helpers/screen.js';

const W = 640;
const H = 480;
const painted = useScreen(W, H, { seed: 21 });
const { screen } = painted;
let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  ({ dir, env } = painted);
});

const fresh = (name: string) => mkdtempSync(join(dir, `${name}-`));
const lines = (out: Buffer) => out.toString().trim().split('\n').filter(Boolean);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('loops to files', () => {
  it('--count writes N numbered files and one JSON line each', async () => {
    const out = fresh('count');
    const result = await run(
      ['grab', '-n', '4', '--interval', '20ms', '--json', '-o', join(out, 'f-{n:03}.png')],
      { env },
    );
    expect(result.code).toBe(0);
    const records = lines(result.stdout).map((l) => JSON.parse(l));
    const ns = records.map((r) => r.n);
    expect(ns[0]).toBe(1);
    expect(ns).toEqual([...ns].sort((a, b) => a - b));
    expect(Math.max(...ns)).toBeLessThanOrEqual(4);
    for (const r of records) {
      expect(r).toMatchObject({
        format: 'png',
        width: W,
        height: H,
        droppedSoFar: expect.any(Number),
        unchangedSoFar: 0,
      });
      expect(new Date(r.capturedAt).getTime()).toBeGreaterThan(0);
    }
    const [, dropped] = /(\d+) dropped, 0 repeated of 4 ticks/.exec(result.stderr) ?? [];
    expect(records.length + Number(dropped)).toBe(4);
    expect(readdirSync(out).sort()).toEqual(records.map((r) => r.path.split('/').pop()).sort());
    expect(result.stderr).toMatch(
      /^mss-ts: \d+ written, 0 unchanged, \d+ dropped, 0 repeated of 4 ticks in [\d.]+ s/,
    );
  });

  it('--duration stops at the first tick due after it', async () => {
    const out = fresh('duration');
    const result = await run(
      [
        'grab',
        '--interval',
        '100ms',
        '--duration',
        '350ms',
        '-r',
        '8x8+0+0',
        '-o',
        join(out, '{n}.png'),
      ],
      { env },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/of 4 ticks/);
  });

  it('drops the ticks it missed while held up, and stays on the grid', async () => {
    const out = fresh('drops');
    // The test holds the loop up (SIGSTOP, as a loaded machine would) for 15 ticks: that it
    // falls behind does not depend on how fast this machine encodes.
    const running = runBinary(
      [
        'grab',
        '--interval',
        '20ms',
        '-n',
        '40',
        '-r',
        '64x48+0+0',
        '--json',
        '-o',
        join(out, '{n}.png'),
      ],
      env,
    );
    const { child } = running;
    await new Promise((resolve) => child.stdout?.once('data', resolve)); // the first record
    child.kill('SIGSTOP');
    await sleep(300);
    child.kill('SIGCONT');
    const result = await running;
    expect(result.code).toBe(0);
    const records = lines(result.stdout).map((l) => JSON.parse(l));
    expect(result.stderr).toMatch(
      new RegExp(`${records.length} written, 0 unchanged, \\d+ dropped, 0 repeated of 40 ticks`),
    );
    const [, droppedTotal] = /(\d+) dropped, 0 repeated of 40/.exec(result.stderr) ?? [];
    expect(Number(droppedTotal)).toBeGreaterThanOrEqual(10);
    expect(records.length + Number(droppedTotal)).toBe(40);
    // Each record counts the drops before it, on the grid: never fewer than the one before.
    const soFar = records.map((r) => r.droppedSoFar as number);
    expect(soFar).toEqual([...soFar].sort((a, b) => a - b));
  });

  it('--skip-unchanged writes a static screen once', async () => {
    const out = fresh('static');
    const result = await run(
      [
        'grab',
        '-n',
        '5',
        '--interval',
        '30ms',
        '--skip-unchanged',
        '-r',
        '50x50+1+1',
        '-o',
        join(out, '{n}.png'),
      ],
      { env },
    );
    expect(result.code).toBe(0);
    expect(readdirSync(out)).toEqual(['1.png']);
    const [, unchanged, dropped] =
      /1 written, (\d+) unchanged, (\d+) dropped, 0 repeated of 5 ticks/.exec(result.stderr) ?? [];
    expect(Number(unchanged) + Number(dropped)).toBe(4); // a loaded machine may drop a tick
    expect(Number(unchanged)).toBeGreaterThan(0);
  });

  it('PNG loops go through the strip encoder, and every file decodes to the screen', async () => {
    const out = fresh('strips');
    const reuseOff = fresh('whole');
    const args = (to: string) => ['grab', '-n', '4', '--interval', '0', '-o', join(to, '{n}.png')];
    const result = await run([...args(out), '--verbose'], { env });
    expect(result.code).toBe(0);
    // A still screen: the first frame whole, the second deflates every strip once, then reuse.
    const stripCount = H / 16;
    expect(result.stderr).toContain(
      `PNG: 4 frames, 1 encoded whole; ${2 * stripCount} strips reused, ${stripCount} deflated`,
    );
    const whole = await run(args(reuseOff), { env: { ...env, MSS_TS_PNG_REUSE: '0' } });
    expect(whole.code).toBe(0);
    const firstIdatLength = (png: Buffer) => png.readUInt32BE(8 + 12 + 13);
    for (const [folder, strips] of [
      [out, true],
      [reuseOff, false],
    ] as const) {
      const files = readdirSync(folder).map((name) => join(folder, name));
      expect(files.length).toBeGreaterThan(0);
      execFileSync('pngcheck', ['-q', ...files]);
      for (const file of files) {
        const png = readFileSync(file);
        // The strip encoder's first IDAT holds the zlib header alone; its first frame, all new,
        // is encoded whole.
        expect(firstIdatLength(png) === 2).toBe(strips && !file.endsWith('/1.png'));
        const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
        const bgrx = cut(screen, W, { left: 0, top: 0, width: W, height: H });
        let same = true;
        for (let i = 0, o = 0; o < data.length && same; i += 4, o += 3) {
          same = data[o] === bgrx[i + 2] && data[o + 1] === bgrx[i + 1] && data[o + 2] === bgrx[i];
        }
        expect(same, file).toBe(true);
      }
    }
  });

  it('refuses a pattern that names every frame alike, before capturing', async () => {
    const out = fresh('unique');
    const result = await run(['grab', '-n', '3', '-o', join(out, 'same.png')], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('would name every frame of the loop alike: add {n}');
    expect(readdirSync(out)).toEqual([]);
    const coarse = await run(
      ['grab', '--interval', '100ms', '-n', '2', '-o', join(out, '{date}.png')],
      { env },
    );
    expect(coarse.code).toBe(2);
    expect(coarse.stderr).toContain('or a {date:...} with %L');
  });

  it('takes one name for a loop of one tick, or for a device every frame goes into', async () => {
    const out = fresh('one-name');
    const single = await run(['grab', '-n', '1', '-o', join(out, 'same.png')], { env });
    expect(single.code).toBe(0);
    expect(readdirSync(out)).toEqual(['same.png']);
    const device = join(out, 'null');
    execFileSync('mknod', [device, 'c', '1', '3']);
    const looped = await run(
      ['grab', '-n', '3', '--interval', '100ms', '-r', '8x8+0+0', '-o', device],
      { env },
    );
    expect(looped.stderr).toMatch(/^mss-ts: 3 written/);
    expect(looped.code).toBe(0);
  });

  it('never overwrites in a loop unless --overwrite', async () => {
    const out = fresh('overwrite');
    writeFileSync(join(out, '1.png'), 'yesterday');
    const refused = await run(['grab', '-n', '2', '-o', join(out, '{n}.png')], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `mss-ts: ${join(out, '1.png')} exists: a loop never overwrites files (use --overwrite, or another name)\n`,
    );
    expect(readFileSync(join(out, '1.png'), 'utf8')).toBe('yesterday');
    const forced = await run(['grab', '-n', '2', '--overwrite', '-o', join(out, '{n}.png')], {
      env,
    });
    expect(forced.code).toBe(0);
    expect((await sharp(join(out, '1.png')).metadata()).width).toBe(W);
  });

  it('gives a later clash a -1 suffix and a warning', async () => {
    const out = fresh('clash');
    writeFileSync(join(out, '2.png'), 'not ours');
    const result = await run(
      ['grab', '-n', '2', '--interval', '300ms', '-o', join(out, '{n}.png')],
      { env },
    );
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['1.png', '2-1.png', '2.png']);
    expect(result.stderr).toContain(
      `warning: ${join(out, '2.png')} exists (was the clock set back?): wrote ${join(out, '2-1.png')}`,
    );
  });

  it('ends with exit 1 naming the path when its directory is removed', async () => {
    const out = fresh('vanish');
    const target = join(out, 'sub');
    const running = runBinary(
      ['grab', '--interval', '50ms', '-r', '20x20+0+0', '-o', join(target, '{n}.png')],
      env,
    );
    // Once the loop has written there: removing the folder before it exists proves nothing,
    // and the loop would then create it and run on.
    for (let waited = 0; !existsSync(join(target, '1.png')) && waited < 10_000; waited += 50)
      await sleep(50);
    rmSync(target, { recursive: true, force: true });
    const result = await running;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`mss-ts: cannot write ${target}/\\d+\\.png: no such file or directory\n`),
    );
    expect(result.stderr).not.toContain('.tmp');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('raw streams', () => {
  it('writes whole frames back to back with exact pixels', async () => {
    const result = await run(['grab', '-n', '3', '-f', 'raw', '-r', '41x41+7+9', '-'], { env });
    expect(result.code).toBe(0);
    const frame = cut(screen, W, { left: 7, top: 9, width: 41, height: 41 });
    expect(result.stdout.length).toBe(3 * frame.length);
    for (let i = 0; i < 3; i++) {
      expect(result.stdout.subarray(i * frame.length, (i + 1) * frame.length).equals(frame)).toBe(
        true,
      );
    }
  });

  it('repeats the last frame for dropped ticks with --pace frames', async () => {
    const result = await run(
      ['grab', '--fps', '500', '-n', '30', '-f', 'raw', '--pace', 'frames', '-'],
      { env },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(30 * W * H * 4);
    // One frame a tick: each is a frame of its own or a repeat, and the account says so.
    const [, written, dropped, repeated] =
      /(\d+) written, 0 unchanged, (\d+) dropped, (\d+) repeated of 30 ticks/.exec(result.stderr) ??
      [];
    expect(Number(dropped)).toBe(0);
    expect(Number(written) + Number(repeated)).toBe(30);
  });

  it('prints the ffmpeg input arguments', async () => {
    const result = await run(
      [
        'grab',
        '-r',
        '64x48+0+0',
        '--fps',
        '25',
        '-f',
        'raw',
        '--pixel-format',
        'rgb24',
        '--print-ffmpeg-args',
      ],
      { env },
    );
    expect(result.stdout.toString()).toBe(
      '-f rawvideo -pixel_format rgb24 -video_size 64x48 -framerate 25 -i -\n',
    );
  });

  it('is decoded by ffmpeg: frame count and a pixel', async () => {
    const out = fresh('ffmpeg');
    const args = ['grab', '-r', '64x48+100+200', '--fps', '20', '-n', '10', '-f', 'raw'];
    const inputArgs = execFileSync(process.execPath, [BIN, ...args, '--print-ffmpeg-args'], { env })
      .toString()
      .trim()
      .split(' ');
    execFileSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${BIN}" ${args.join(' ')} - | ffmpeg -loglevel error ${inputArgs.join(' ')} "${out}/f%02d.png"`,
      ],
      { env: { ...env, PATH: process.env.PATH } },
    );
    expect(readdirSync(out).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `f${String(i + 1).padStart(2, '0')}.png`),
    );
    const { data } = await sharp(join(out, 'f01.png')).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual(expectedPixel(painted, 100, 200));
  });

  it('ends quietly with status 0 when the reader closes the pipe', async () => {
    const script = `"${process.execPath}" "${BIN}" grab --interval 0 -f raw - | head -c 5000000 > /dev/null; echo "status=\${PIPESTATUS[0]:-?}"`;
    const result = spawn('bash', ['-c', script], { env: { ...env, PATH: process.env.PATH } });
    let stdout = '';
    let stderr = '';
    result.stdout.on('data', (c) => (stdout += c));
    result.stderr.on('data', (c) => (stderr += c));
    await new Promise((resolve) => result.on('close', resolve));
    expect(stdout.trim()).toBe('status=0');
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
  });
});

describe('signals in a loop', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s finishes the frame in hand, leaves complete files only, exits %i',
    async (signal, code) => {
      const out = fresh(signal);
      const running = runBinary(['grab', '--interval', '30ms', '-o', join(out, '{n:04}.png')], env);
      for (let waited = 0; readdirSync(out).length === 0 && waited < 10_000; waited += 20)
        await sleep(20);
      await sleep(100);
      running.child.kill(signal);
      const result = await running;
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(/written, \d+ unchanged, \d+ dropped/);
      const files = readdirSync(out);
      expect(files.length).toBeGreaterThan(0);
      expect(files.every((f) => /^\d{4}\.png$/.test(f))).toBe(true);
      for (const f of files) expect((await sharp(join(out, f)).metadata()).height).toBe(H);
    },
  );
});

describe('signals in a loop that skips every frame', () => {
  it.each([
    ['SIGINT', 130, ['--interval', '0']],
    ['SIGTERM', 143, ['--fps', '10000']],
    ['SIGTERM', 143, ['--interval', '0', '-n', '20000']],
  ] as const)(
    '%s is answered at once on a still screen (exit %i)',
    async (signal, code, cadence) => {
      const out = fresh('skipping');
      const running = runBinary(
        ['grab', ...cadence, '--skip-unchanged', '-r', '16x16+0+0', '-o', join(out, '{n}.png')],
        env,
      );
      // The first frame is written at once, though every later one is skipped.
      for (let waited = 0; !existsSync(join(out, '1.png')) && waited < 10_000; waited += 20)
        await sleep(20);
      const sentAt = performance.now();
      running.child.kill(signal);
      const guard = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
      const result = await running;
      clearTimeout(guard);
      expect(result.code).toBe(code);
      expect(performance.now() - sentAt).toBeLessThan(2000);
      expect(result.stderr).toMatch(/^mss-ts: 1 written, \d+ unchanged/);
      expect(readdirSync(out)).toEqual(['1.png']);
    },
    20_000,
  );
});

describe('a raw stream to a file', () => {
  /** Whether `pid` has a handler for SIGINT (bit 2 of SigCgt in /proc/PID/status). */
  const catchesSigint = (pid: number) => {
    try {
      const mask = /^SigCgt:\s+([0-9a-f]+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return ((BigInt(`0x${mask?.[1] ?? 0}`) >> 1n) & 1n) === 1n;
    } catch {
      return false;
    }
  };

  it('ends at once on SIGINT with exit 130, though no write to /dev/null ever waits', async () => {
    const devNull = openSync('/dev/null', 'w');
    const child = spawn(
      process.execPath,
      [BIN, 'grab', '--interval', '0', '-f', 'raw', '--duration', '20s', '-'],
      { env: { ...env, PATH: process.env.PATH }, stdio: ['ignore', devNull, 'pipe'] },
    );
    closeSync(devNull);
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const pid = child.pid as number;
    for (let waited = 0; !catchesSigint(pid) && waited < 10_000; waited += 20) await sleep(20);
    await sleep(500); // the loop is streaming by now
    const sentAt = performance.now();
    child.kill('SIGINT');
    const code = await exited;
    expect(performance.now() - sentAt).toBeLessThan(2000);
    expect(code).toBe(130);
    expect(stderr).toMatch(/^mss-ts: \d+ written, 0 unchanged, \d+ dropped/);
  });
});

describe('on a terminal', () => {
  it.each(['stty cols 0', 'stty cols 120'])(
    'finishes with a live account on stderr (%s)',
    async (stty) => {
      const out = fresh('tty');
      const command = `${stty}; "${process.execPath}" "${BIN}" grab -n 3 --interval 100ms -o '${out}/{n}.png'`;
      const result = spawn('script', ['-qec', command, '/dev/null'], {
        env: { ...env, PATH: process.env.PATH, TERM: 'xterm' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      result.stdout.on('data', (chunk) => (text += chunk));
      const code = await new Promise((resolve) => result.on('close', resolve));
      expect(code).toBe(0);
      // A loaded machine may drop a tick: the account still adds up to 3.
      const [, written, dropped] =
        /mss-ts: (\d+) written, 0 unchanged, (\d+) dropped, 0 repeated of 3 ticks/.exec(text) ?? [];
      expect(Number(written) + Number(dropped)).toBe(3);
      expect(readdirSync(out)).toHaveLength(Number(written));
    },
    20_000,
  );
});

describe('two loops on one pattern', () => {
  it('never both start: the second refuses with exit 1, whichever it is', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const out = fresh(`race-${trial}`);
      const args = [
        'grab',
        '--interval',
        '50ms',
        '-n',
        '6',
        '-r',
        '8x8+0+0',
        '-o',
        join(out, '{n}.png'),
      ];
      const results = await Promise.all([runBinary(args, env), runBinary(args, env)]);
      expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
      const loser = results.find((r) => r.code === 1);
      expect(loser?.stderr).toBe(
        `mss-ts: ${join(out, '1.png')} exists: a loop never overwrites files (use --overwrite, or another name)\n`,
      );
      expect(readdirSync(out).some((f) => f.includes('-1'))).toBe(false);
    }
  });
});

describe('-m each in a loop', () => {
  it('counts ticks, not files, in its account', async () => {
    const xrandr = (...args: string[]) =>
      execFileSync('xrandr', ['-display', painted.xvfb.display, ...args]);
    xrandr('--setmonitor', 'A', '320/85x480/127+0+0', 'none');
    xrandr('--setmonitor', 'B', '320/85x480/127+320+0', 'none');
    try {
      const out = fresh('each');
      const result = await run(
        ['grab', '-m', 'each', '-n', '3', '--interval', '100ms', '-o', join(out, '{n}-{name}.png')],
        { env },
      );
      expect(result.code).toBe(0);
      // Ticks, whichever a loaded machine drops: each written tick is three files (A, B and
      // the server's own "screen").
      const [, written, dropped] =
        /^mss-ts: (\d+) written, 0 unchanged, (\d+) dropped, 0 repeated of 3 ticks/.exec(
          result.stderr,
        ) ?? [];
      expect(Number(written) + Number(dropped)).toBe(3);
      expect(readdirSync(out)).toHaveLength(3 * Number(written));
    } finally {
      xrandr('--delmonitor', 'A');
      xrandr('--delmonitor', 'B');
    }
  });
});

describe('a second SIGINT', () => {
  it('ends the run at once: no partial or temporary file, every file in place printed', async () => {
    const out = fresh('twice');
    const running = runBinary(
      ['grab', '--interval', '0', '-l', '9', '-o', join(out, '{n:04}.png')],
      env,
    );
    for (let waited = 0; readdirSync(out).length === 0 && waited < 10_000; waited += 20)
      await sleep(20);
    running.child.kill('SIGINT');
    await sleep(30); // the frame in hand is still encoding (level 9)
    running.child.kill('SIGINT');
    const result = await running;
    expect(result.code).toBe(130);
    // Frames in flight are given up: no temporary left, and every file in place was printed.
    const files = readdirSync(out).sort();
    expect(files.every((f) => /^\d{4}\.png$/.test(f))).toBe(true);
    expect(lines(result.stdout).sort()).toEqual(files.map((f) => join(out, f)));
    for (const f of files) expect((await sharp(join(out, f)).metadata()).height).toBe(H);
  });
});

describe('the X server going away', () => {
  it('ends the run within a second with exit 1, earlier frames intact', async () => {
    const own = await startScreen(320, 240);
    const out = fresh('xdies');
    const running = runBinary(['grab', '--interval', '2s', '-o', join(out, '{n}.png')], own.env);
    for (let waited = 0; !existsSync(join(out, '1.png')) && waited < 10_000; waited += 50)
      await sleep(50);
    expect(existsSync(join(out, '1.png'))).toBe(true);
    const killedAt = performance.now();
    own.xvfb.process.kill('SIGKILL');
    const result = await running;
    expect(performance.now() - killedAt).toBeLessThan(1000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lost the connection to the X server ":\d+"/);
    expect((await sharp(join(out, '1.png')).metadata()).width).toBe(320);
    await own.stop();
  });
});

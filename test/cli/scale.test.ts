// mss-ts grab --scale / --resize: the encoded size, raw streams at that size, usage errors.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { paint } from '../../scripts/paint.js';
import { BIN, run } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

const W = 640;
const H = 480;
const painted = useScreen(W, H, { seed: 5 });
/** A flat square at 200,100: resized with any kernel, it stays that colour exactly. */
const FLAT = { left: 200, top: 100, width: 120, height: 120 };
const BGRX = [0x30, 0x90, 0xe0, 0];

beforeAll(() => {
  const pixels = Buffer.alloc(FLAT.width * FLAT.height * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set(BGRX, i);
  paint(painted.xvfb.display, FLAT.left, FLAT.top, FLAT.width, FLAT.height, pixels);
});

const sizeOf = async (path: string) => {
  const { width, height } = await sharp(path).metadata();
  return [width, height];
};

describe('mss-ts grab --scale and --resize', () => {
  it('--scale 0.5 halves each side of a PNG; 2 doubles a JPEG', async () => {
    const { dir, env } = painted;
    const half = join(dir, 'half.png');
    expect(await run(['grab', '--scale', '0.5', half], { env })).toMatchObject({ code: 0 });
    expect(await sizeOf(half)).toEqual([320, 240]);
    const double = join(dir, 'double.jpg');
    expect((await run(['grab', '-r', '100x50+0+0', '--scale', '2', double], { env })).code).toBe(0);
    expect(await sizeOf(double)).toEqual([200, 100]);
  });

  it('--resize keeps the aspect ratio when a side is omitted; both sides are exact', async () => {
    const { dir, env } = painted;
    const out = join(dir, 'resized.png');
    for (const [value, size] of [
      ['320x', [320, 240]],
      ['x120', [160, 120]],
      ['100x300', [100, 300]],
    ] as const) {
      expect((await run(['grab', '--resize', value, out], { env })).code).toBe(0);
      expect(await sizeOf(out)).toEqual(size);
    }
  });

  it('keeps a flat colour exact when upscaling it', async () => {
    const { dir, env } = painted;
    const out = join(dir, 'flat.png');
    const region = `40x40+${FLAT.left + 40}+${FLAT.top + 40}`;
    expect((await run(['grab', '-r', region, '--scale', '2', out], { env })).code).toBe(0);
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([80, 80]);
    const rgb = [BGRX[2], BGRX[1], BGRX[0]];
    for (let i = 0; i < data.length; i += 3) {
      if (data[i] !== rgb[0] || data[i + 1] !== rgb[1] || data[i + 2] !== rgb[2]) {
        throw new Error(`pixel ${i / 3} is ${[...data.subarray(i, i + 3)]}, not ${rgb}`);
      }
    }
  });

  it('a raw stream carries the scaled size, and --print-ffmpeg-args says so', async () => {
    const { dir, env } = painted;
    const args = ['grab', '-r', '200x100+0+0', '--fps', '20', '-n', '4', '-f', 'raw'];
    const described = await run([...args, '--scale', '0.5', '--print-ffmpeg-args'], { env });
    expect(described.stdout.toString()).toBe(
      '-f rawvideo -pixel_format bgr0 -video_size 100x50 -framerate 20 -i -\n',
    );
    const stream = await run([...args, '--scale', '0.5', '-'], { env });
    expect(stream.code).toBe(0);
    expect(stream.stdout.length).toBe(4 * 100 * 50 * 4);
    const rgb = await run([...args, '--pixel-format', 'rgb24', '--resize', 'x10', '-'], { env });
    expect(rgb.stdout.length).toBe(4 * 20 * 10 * 3);

    // ffmpeg decodes it with the arguments printed.
    const out = join(dir, 'ffmpeg');
    mkdirSync(out);
    const input = described.stdout.toString().trim();
    execFileSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${BIN}" ${args.join(' ')} --scale 0.5 - | ffmpeg -loglevel error ${input} "${out}/f%d.png"`,
      ],
      { env: { ...env, PATH: process.env.PATH } },
    );
    expect(readdirSync(out)).toHaveLength(4);
    expect(await sizeOf(join(out, 'f1.png'))).toEqual([100, 50]);
  });

  it.each(['jpg', 'png'])('writes a loop of %s files at the scaled size', async (ext) => {
    const { dir, env } = painted;
    const result = await run(
      ['grab', '--interval', '0', '-n', '3', '--resize', '64x', '-o', join(dir, `l-{n}.${ext}`)],
      { env },
    );
    expect(result.code).toBe(0);
    for (const n of [1, 2, 3]) expect(await sizeOf(join(dir, `l-${n}.${ext}`))).toEqual([64, 48]);
  });

  it.each([
    [['--scale', '0.001'], "mss-ts: option '--scale': 640x480 resized is 1x0, under 1x1 pixel\n"],
    [['--scale', '0'], "option '--scale <factor>' argument '0' is invalid. expected a factor"],
    [['--scale', 'half'], "argument 'half' is invalid"],
    [['--resize', 'x'], "option '--resize <WxH|Wx|xH>' argument 'x' is invalid. expected WxH"],
    [['--resize', '20000x'], 'each side from 1 to 16383'],
    [['--scale', '2', '--resize', '10x'], "option '--scale <factor>' cannot be used with"],
  ])('refuses %j with one line, exit 2', async (flags, message) => {
    const { dir, env } = painted;
    const result = await run(['grab', ...flags, join(dir, 'never.png')], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).not.toContain('never.png');
  });

  it('refuses a --resize side that rounds to nothing', async () => {
    const { env, dir } = painted;
    const result = await run(['grab', '-r', '100x1+0+0', '--resize', '10x', join(dir, 'n.png')], {
      env,
    });
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toBe(
      "mss-ts: option '--resize': 100x1 resized is 10x0, under 1x1 pixel\n",
    );
  });
});

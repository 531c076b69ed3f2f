// `mss-ts grab --cursor`: the pointer in every output format and in loops, on a real Xvfb.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import type { Region } from '../../src/index.js';
import { run, runBinary } from '../helpers/cli.js';
import { expectedRgb } from '../helpers/pixels.js';
import {
  blendPointer,
  movePointer,
  type PointerImage,
  setRootPointer,
} from '../helpers/pointer.js';
import { useScreen } from '../helpers/screen.js';

const W = 640;
const H = 480;
const painted = useScreen(W, H, { seed: 7 });

/** 16x16: an opaque magenta square in a half-transparent dark frame. */
function pointerImage(): PointerImage {
  const argb = new Uint32Array(16 * 16);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const inner = x >= 3 && x < 13 && y >= 3 && y < 13;
      argb[y * 16 + x] = inner ? 0xffff00ff : 0x80200820;
    }
  }
  return { width: 16, height: 16, xhot: 1, yhot: 1, argb };
}
const POINTER = pointerImage();

beforeAll(() => setRootPointer(painted.xvfb.display, POINTER));

const region: Region = { left: 90, top: 70, width: 40, height: 30 };
const geometry = `${region.width}x${region.height}+${region.left}+${region.top}`;

/** The painted BGRX bytes of `area`, with the pointer's hotspot at px,py if given. */
function bgrxOf(area: Region, pointer?: [number, number]): Buffer {
  const bytes = cut(painted.screen, W, area);
  if (!pointer) return bytes;
  return blendPointer(bytes, area.width, POINTER, pointer[0] - area.left, pointer[1] - area.top);
}

/** bgrxOf() as RGB, as a decoded PNG holds it. */
const rgbOf = (area: Region, pointer?: [number, number]) =>
  expectedRgb({ screen: bgrxOf(area, pointer), width: area.width, height: area.height });

const decoded = async (file: string) => sharp(file).removeAlpha().raw().toBuffer();

describe('mss-ts grab --cursor', () => {
  it('draws the pointer exactly into a PNG, and nothing without --cursor', async () => {
    movePointer(painted.xvfb.display, 100, 80);
    const withPointer = join(painted.dir, 'with.png');
    const without = join(painted.dir, 'without.png');
    const a = await run(['grab', '--cursor', '-r', geometry, withPointer], { env: painted.env });
    const b = await run(['grab', '-r', geometry, without], { env: painted.env });
    expect([a.code, a.stderr, b.code, b.stderr]).toEqual([0, '', 0, '']);
    expect((await decoded(withPointer)).equals(rgbOf(region, [100, 80]))).toBe(true);
    expect((await decoded(without)).equals(rgbOf(region))).toBe(true);
  });

  it('draws it exactly into raw frames on stdout', async () => {
    movePointer(painted.xvfb.display, 125, 95); // partly outside the region: clipped
    const { code, stdout, stderr } = await run(
      ['grab', '--cursor', '-r', geometry, '-f', 'raw', '-'],
      { env: painted.env },
    );
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout.equals(bgrxOf(region, [125, 95]))).toBe(true);
  });

  it.each(['jpg', 'webp'])('draws it into a %s', async (ext) => {
    movePointer(painted.xvfb.display, 100, 80);
    const file = join(painted.dir, `shot.${ext}`);
    const { code, stderr } = await run(
      ['grab', '--cursor', '-r', geometry, '--quality', '95', file],
      {
        env: painted.env,
      },
    );
    expect([code, stderr]).toEqual([0, '']);
    // Lossy: the opaque magenta square's middle (6x6 pixels, away from its edges) is close to
    // magenta, where the screen without the pointer is anything but.
    const rgb = await decoded(file);
    const mean = [0, 0, 0];
    for (let y = 4; y < 10; y++) {
      for (let x = 4; x < 10; x++) {
        const i = ((80 - region.top - 1 + y) * region.width + (100 - region.left - 1 + x)) * 3;
        for (let c = 0; c < 3; c++) (mean[c] as number) += (rgb[i + c] as number) / 36;
      }
    }
    const magenta = [255, 0, 255];
    expect(mean.map((v, c) => Math.abs(v - (magenta[c] as number)) < 16)).toEqual([
      true,
      true,
      true,
    ]);
    // ...which the painted screen there is not.
    const plain = rgbOf({ left: 103, top: 83, width: 1, height: 1 });
    expect(Math.abs((plain[0] as number) - 255) + (plain[1] as number)).toBeGreaterThan(48);
  });

  it('draws it once into -m each, in the file of the monitor it is on', async () => {
    const xrandr = (...args: string[]) =>
      execFileSync('xrandr', ['-display', painted.xvfb.display, ...args]);
    xrandr('--setmonitor', 'LEFT', '320/85x480/127+0+0', 'screen');
    xrandr('--setmonitor', 'RIGHT', '320/85x480/127+320+0', 'none');
    try {
      movePointer(painted.xvfb.display, 400, 200);
      const pattern = join(painted.dir, 'each-{mon}.png');
      const { code, stderr } = await run(['grab', '--cursor', '-m', 'each', pattern], {
        env: painted.env,
      });
      expect([code, stderr]).toEqual([0, '']);
      const left = { left: 0, top: 0, width: 320, height: 480 };
      const right = { left: 320, top: 0, width: 320, height: 480 };
      const [a, b] = await Promise.all(
        [1, 2].map((n) => decoded(join(painted.dir, `each-${n}.png`))),
      );
      expect(a?.equals(rgbOf(left))).toBe(true);
      expect(b?.equals(rgbOf(right, [400, 200]))).toBe(true);
    } finally {
      xrandr('--delmonitor', 'LEFT');
      xrandr('--delmonitor', 'RIGHT');
    }
  });

  it('follows the pointer in a loop, frame by frame', async () => {
    const spots: [number, number][] = [
      [95, 75],
      [110, 85],
      [128, 98],
    ];
    movePointer(painted.xvfb.display, ...(spots[0] as [number, number]));
    const frameBytes = region.width * region.height * 4;
    const args = [
      'grab',
      '--cursor',
      '-r',
      geometry,
      '-f',
      'raw',
      '--interval',
      '1s',
      '-n',
      '3',
      '-q',
    ];
    const running = runBinary([...args, '-'], painted.env);
    let received = 0;
    // The next tick is a second away: move the pointer as soon as a frame is in.
    running.child.stdout?.on('data', (chunk: Buffer) => {
      const before = Math.floor(received / frameBytes);
      received += chunk.length;
      const after = Math.floor(received / frameBytes);
      const next = spots[after];
      if (after > before && next) movePointer(painted.xvfb.display, ...next);
    });
    const { code, stdout, stderr } = await running;
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout.length).toBe(frameBytes * spots.length);
    spots.forEach((spot, n) => {
      const frame = stdout.subarray(n * frameBytes, (n + 1) * frameBytes);
      expect(frame.equals(bgrxOf(region, spot)), `frame ${n}`).toBe(true);
    });
  });
});

describe('mss-ts grab --cursor without the XFIXES extension', () => {
  const bare = useScreen(320, 240, { without: ['XFIXES'] });

  it('exits 69 naming the extension, and writes nothing', async () => {
    const file = join(painted.dir, 'no-xfixes.png');
    const { code, stdout, stderr } = await run(['grab', '--cursor', file], {
      env: bare.env,
    });
    expect(code).toBe(69);
    expect(stdout.length).toBe(0);
    expect(stderr).toMatch(/^mss-ts: cannot draw the pointer: .* has no XFIXES extension\n$/);
    expect(existsSync(file)).toBe(false);
  });

  it('grabs as before without --cursor', async () => {
    const file = join(painted.dir, 'plain.png');
    const { code, stderr } = await run(['grab', file], { env: bare.env });
    expect([code, stderr]).toEqual([0, '']);
    expect(readFileSync(file).length).toBeGreaterThan(0);
  });
});

// `mss-ts grab -s`: real pointer moves and keys through XTEST (xdotool), which reach the client
// that grabbed the pointer and keyboard, as a person's would.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { MSS, type Region } from '../../src/index.js';
import { grabPointer, ungrabPointer } from '../../src/native/input.js';
import { XConnection } from '../../src/native/xcb.js';
import { type CliResult, runBinary, type Spawned } from '../helpers/cli.js';
import { usePaintedScreen } from '../helpers/screen.js';

const W = 400;
const H = 300;
const painted = usePaintedScreen(W, H, 21);

const xdotool = (...args: string[]) =>
  execFileSync('xdotool', args, {
    env: { ...process.env, ...painted.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10_000,
  });

/** Decoded RGB of a PNG file. */
async function rgbOf(path: string) {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** BGRX bytes as RGB. */
function rgb(bgrx: Buffer): Buffer {
  const out = Buffer.alloc((bgrx.length / 4) * 3);
  for (let i = 0, o = 0; i < bgrx.length; i += 4, o += 3) {
    out[o] = bgrx[i + 2] as number;
    out[o + 1] = bgrx[i + 1] as number;
    out[o + 2] = bgrx[i] as number;
  }
  return out;
}

/** What the screen shows now, as BGRX, grabbed by the test itself. */
function screenNow(area: Region = { left: 0, top: 0, width: W, height: H }): Buffer {
  using sct = new MSS({ display: painted.env.DISPLAY as string });
  using frame = sct.grab(area);
  return Buffer.from(frame.data);
}

/**
 * `mss-ts grab -s ...args`, once it has grabbed the pointer and said so; `done` is its result.
 * (Wrapped: an async function returning the result itself would wait for the process to end.)
 */
async function selecting(args: string[]): Promise<{ done: Spawned }> {
  const result = runBinary(['grab', '-s', ...args], painted.env, painted.dir);
  const child = result.child;
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk;
      if (err.includes('select an area:')) resolve();
    });
    child.once('close', () => reject(new Error(`mss-ts exited before selecting: ${err}`)));
  });
  return { done: result };
}

let xmessage: ChildProcess | undefined;
afterEach(() => {
  xmessage?.kill();
  xmessage = undefined;
});

describe('mss-ts grab -s', () => {
  it('takes the dragged rectangle exactly, without the outline, and leaves the screen as it was', async () => {
    const { done: pending } = await selecting(['drag.png']);
    xdotool('mousemove', '30', '40', 'mousedown', '1', 'mousemove', '100', '90');
    xdotool('mousemove', '150', '120');
    // While dragging, the outline shows: its corner pixel is inverted on the screen.
    const corner = { left: 30, top: 40, width: 1, height: 1 };
    const inverted = cut(painted.screen, W, corner).map((b, i) => (i === 3 ? b : 255 - b));
    let seen = false;
    for (let i = 0; i < 200 && !seen; i++) {
      seen = screenNow(corner).subarray(0, 3).equals(Buffer.from(inverted).subarray(0, 3));
      if (!seen) await sleep(10);
    }
    expect(seen, 'the outline is drawn while dragging').toBe(true);
    xdotool('mouseup', '1');
    const result = await pending;
    expect(result).toMatchObject({
      code: 0,
      stdout: Buffer.from('drag.png\n'),
    });
    const area = { left: 30, top: 40, width: 120, height: 80 };
    const png = await rgbOf(join(painted.dir, 'drag.png'));
    expect([png.width, png.height]).toEqual([120, 80]);
    expect(png.data.equals(rgb(cut(painted.screen, W, area)))).toBe(true);
    expect(screenNow().equals(painted.screen), 'the outline is erased').toBe(true);
  });

  it('arrow keys move the corner by a pixel, ten with Shift', async () => {
    const { done: pending } = await selecting(['keys.png']);
    xdotool('mousemove', '30', '40', 'mousedown', '1', 'mousemove', '100', '90');
    xdotool('key', 'Right', 'Right', 'Down', 'shift+Right');
    await sleep(100);
    xdotool('mouseup', '1');
    expect((await pending).code).toBe(0);
    const png = await rgbOf(join(painted.dir, 'keys.png'));
    expect([png.width, png.height]).toEqual([82, 51]);
    const area = { left: 30, top: 40, width: 82, height: 51 };
    expect(png.data.equals(rgb(cut(painted.screen, W, area)))).toBe(true);
  });

  it('with --region, refines inside the selection', async () => {
    const { done: pending } = await selecting(['-r', '10x20+5+6', 'refined.png']);
    xdotool('mousemove', '200', '100', 'mousedown', '1', 'mousemove', '260', '150', 'mouseup', '1');
    expect((await pending).code).toBe(0);
    const png = await rgbOf(join(painted.dir, 'refined.png'));
    const area = { left: 205, top: 106, width: 10, height: 20 };
    expect(png.data.equals(rgb(cut(painted.screen, W, area)))).toBe(true);
  });

  it('with a loop, selects once, then writes every frame of that area', async () => {
    const { done: pending } = await selecting([
      '--count',
      '3',
      '--interval',
      '0',
      '-o',
      'loop-{n}.png',
    ]);
    xdotool('mousemove', '10', '10', 'mousedown', '1', 'mousemove', '50', '30', 'mouseup', '1');
    expect((await pending).code).toBe(0);
    const expected = rgb(cut(painted.screen, W, { left: 10, top: 10, width: 40, height: 20 }));
    for (const n of [1, 2, 3]) {
      expect((await rgbOf(join(painted.dir, `loop-${n}.png`))).data.equals(expected)).toBe(true);
    }
  });

  it('Escape cancels: exit 1, "selection cancelled", nothing written', async () => {
    const { done: pending } = await selecting(['escaped.png']);
    xdotool('mousemove', '30', '40', 'mousedown', '1', 'mousemove', '100', '90');
    xdotool('key', 'Escape');
    const result = await pending;
    xdotool('mouseup', '1');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^mss-ts: selection cancelled$/m);
    expect(result.stdout.toString()).toBe('');
    expect(readdirSync(painted.dir).filter((f) => f.startsWith('escaped'))).toEqual([]);
    expect(screenNow().equals(painted.screen), 'the outline is erased').toBe(true);
  });

  it('the right button cancels', async () => {
    const { done: pending } = await selecting(['right.png']);
    xdotool('mousemove', '30', '40', 'click', '3');
    const result: CliResult = await pending;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^mss-ts: selection cancelled$/m);
    expect(existsSync(join(painted.dir, 'right.png'))).toBe(false);
  });

  it('a click takes the window under the pointer; --frame adds its border', async () => {
    xmessage = spawn('xmessage', ['-geometry', '160x90+120+70', '-bw', '3', 'a window'], {
      env: { ...process.env, ...painted.env },
      stdio: 'ignore',
    });
    let info = '';
    for (let i = 0; i < 100 && !/Map State: IsViewable/.test(info); i++) {
      await sleep(30);
      try {
        info = execFileSync('xwininfo', ['-name', 'xmessage'], {
          env: { ...process.env, ...painted.env },
        }).toString();
      } catch {
        // not mapped yet
      }
    }
    const number = (label: string) => Number(new RegExp(`${label}:\\s+(-?\\d+)`).exec(info)?.[1]);
    // xwininfo's upper-left corner is the border's.
    const border = number('Border width');
    const inside = {
      left: number('Absolute upper-left X') + border,
      top: number('Absolute upper-left Y') + border,
      width: number('Width'),
      height: number('Height'),
    };
    expect(border).toBe(3);

    const { done: pending } = await selecting(['window.png']);
    xdotool('mousemove', String(inside.left + 20), String(inside.top + 20), 'click', '1');
    expect((await pending).code).toBe(0);
    const png = await rgbOf(join(painted.dir, 'window.png'));
    expect([png.width, png.height]).toEqual([inside.width, inside.height]);
    expect(png.data.equals(rgb(screenNow(inside)))).toBe(true);

    const { done: framed } = await selecting(['--frame', 'framed.png']);
    xdotool('mousemove', String(inside.left + 20), String(inside.top + 20), 'click', '1');
    expect((await framed).code).toBe(0);
    const withBorder = {
      left: inside.left - border,
      top: inside.top - border,
      width: inside.width + 2 * border,
      height: inside.height + 2 * border,
    };
    const framedPng = await rgbOf(join(painted.dir, 'framed.png'));
    expect([framedPng.width, framedPng.height]).toEqual([withBorder.width, withBorder.height]);
    expect(framedPng.data.equals(rgb(screenNow(withBorder)))).toBe(true);
  });

  it('refuses with exit 1 when another client has grabbed the pointer', async () => {
    const holder = new XConnection(painted.env.DISPLAY as string);
    try {
      expect(grabPointer(holder, holder.screen.root, 0, 0)).toBe(0);
      const result = await runBinary(['grab', '-s', 'held.png'], painted.env, painted.dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'mss-ts: cannot select an area: another client has grabbed the pointer (GrabPointer: AlreadyGrabbed)\n',
      );
      expect(existsSync(join(painted.dir, 'held.png'))).toBe(false);
      ungrabPointer(holder);
    } finally {
      holder.close();
    }
  });

  it('is a usage error with -m each, --print-ffmpeg-args, and --frame without it', async () => {
    const refused = async (args: string[], message: string) => {
      const result = await runBinary(['grab', ...args], painted.env, painted.dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`mss-ts: ${message}\n`);
    };
    await refused(
      ['-s', '-m', 'each', 'x.png'],
      "option '-s, --select' cannot be combined with '-m each'",
    );
    await refused(
      ['-s', '-f', 'raw', '--fps', '5', '--print-ffmpeg-args', '-'],
      "option '-s, --select' cannot be combined with '--print-ffmpeg-args' (the size is known only once selected)",
    );
    await refused(
      ['--frame', 'x.png'],
      "option '--frame' goes with '-s, --select' (a click then takes the window's frame)",
    );
  });
});

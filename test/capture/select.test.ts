// `mss-ts grab -s`: real pointer moves and keys through XTEST (xdotool), which reach the client
// that grabbed the pointer and keyboard, as a person's would.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { cut, paint } from '../../scripts/paint.js';
import { MSS, type Region } from '../../src/index.js';
import { grabPointer, ungrabPointer } from '../../src/native/input.js';
import { XConnection } from '../../src/native/xcb.js';
import { type CliResult, runBinary, type Spawned } from '../helpers/cli.js';
import { expectedRgb } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 400;
const H = 300;
const painted = useScreen(W, H, { seed: 21 });

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

const windows: ChildProcess[] = [];
afterEach(() => {
  for (const w of windows.splice(0)) w.kill();
});

/** Where xwininfo says a window is: inside its border (xwininfo's corner is the border's). */
function windowInfo(info: string) {
  const number = (label: string) => Number(new RegExp(`${label}:\\s+(-?\\d+)`).exec(info)?.[1]);
  const border = number('Border width');
  return {
    left: number('Absolute upper-left X') + border,
    top: number('Absolute upper-left Y') + border,
    width: number('Width'),
    height: number('Height'),
    border,
  };
}

/** An xmessage window (args: its options and text, with a -title unique in the test), mapped. */
async function openXmessage(args: string[]): Promise<{ id: string; info: string }> {
  const env = { ...process.env, ...painted.env };
  windows.push(spawn('xmessage', args, { env, stdio: 'ignore' }));
  const title = args[args.indexOf('-title') + 1] as string;
  for (let i = 0; i < 200; i++) {
    try {
      const info = execFileSync('xwininfo', ['-name', title], { env, stdio: 'pipe' }).toString();
      const id = /Window id: (0x[0-9a-f]+)/.exec(info)?.[1];
      if (id && info.includes('Map State: IsViewable')) return { id, info };
    } catch {
      // not there yet
    }
    await sleep(30);
  }
  throw new Error(`xmessage ${title} did not appear`);
}

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
    expect(png.data.equals(expectedRgb(painted, area))).toBe(true);
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
    expect(png.data.equals(expectedRgb(painted, area))).toBe(true);
  });

  it('with --region, refines inside the selection', async () => {
    const { done: pending } = await selecting(['-r', '10x20+5+6', 'refined.png']);
    xdotool('mousemove', '200', '100', 'mousedown', '1', 'mousemove', '260', '150', 'mouseup', '1');
    expect((await pending).code).toBe(0);
    const png = await rgbOf(join(painted.dir, 'refined.png'));
    const area = { left: 205, top: 106, width: 10, height: 20 };
    expect(png.data.equals(expectedRgb(painted, area))).toBe(true);
  });

  it('with --delay, waits after the selection: the picture is of the screen after the wait', async () => {
    const { done } = await selecting(['-d', '1s', 'later.png']);
    xdotool('mousemove', '300', '200', 'mousedown', '1', 'mousemove', '340', '230', 'mouseup', '1');
    // Drawn after the button is released, well within the second that follows.
    const area = { left: 300, top: 200, width: 40, height: 30 };
    paint(painted.env.DISPLAY as string, 300, 200, 40, 30, Buffer.alloc(40 * 30 * 4, 0x5a));
    try {
      expect((await done).code).toBe(0);
      const png = await rgbOf(join(painted.dir, 'later.png'));
      expect([png.width, png.height]).toEqual([40, 30]);
      expect(png.data.equals(Buffer.alloc(40 * 30 * 3, 0x5a))).toBe(true);
    } finally {
      paint(painted.env.DISPLAY as string, 300, 200, 40, 30, cut(painted.screen, W, area));
    }
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
    const expected = expectedRgb(painted, { left: 10, top: 10, width: 40, height: 20 });
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
    const { info } = await openXmessage([
      '-geometry',
      '160x90+120+70',
      '-bw',
      '3',
      '-title',
      'plain',
      'a window',
    ]);
    const { border, ...inside } = windowInfo(info);
    expect(border).toBe(3);

    const { done: pending } = await selecting(['window.png']);
    xdotool('mousemove', String(inside.left + 20), String(inside.top + 20), 'click', '1');
    expect((await pending).code).toBe(0);
    const png = await rgbOf(join(painted.dir, 'window.png'));
    expect([png.width, png.height]).toEqual([inside.width, inside.height]);
    expect(
      png.data.equals(
        expectedRgb({ screen: screenNow(inside), width: inside.width, height: inside.height }),
      ),
    ).toBe(true);

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
    expect(
      framedPng.data.equals(
        expectedRgb({
          screen: screenNow(withBorder),
          width: withBorder.width,
          height: withBorder.height,
        }),
      ),
    ).toBe(true);
  });

  it('under a window manager: a click takes the client window, --frame the frame around it', async () => {
    const x = (...args: string[]) =>
      execFileSync(args[0] as string, args.slice(1), { env: { ...process.env, ...painted.env } })
        .toString()
        .trim();
    // A window manager's arrangement, made by hand: a frame window (a child of the root) and,
    // inside it, the client window, marked as managed with WM_STATE.
    const frameWindow = await openXmessage([
      '-geometry',
      '220x160+60+50',
      '-bw',
      '0',
      '-title',
      'frame',
      'f',
    ]);
    const clientWindow = await openXmessage([
      '-geometry',
      '120x70+0+0',
      '-bw',
      '2',
      '-title',
      'client',
      'c',
    ]);
    x('xdotool', 'windowreparent', clientWindow.id, frameWindow.id);
    x('xdotool', 'windowmove', clientWindow.id, '30', '40');
    x('xprop', '-id', clientWindow.id, '-f', 'WM_STATE', '32c', '-set', 'WM_STATE', '1');
    // Wait until the client shows inside the frame, where the server put it.
    const frameArea = { left: 60, top: 50, width: 220, height: 160 };
    const inFrame = (w: ReturnType<typeof windowInfo>) =>
      w.left > frameArea.left && w.left + w.width < frameArea.left + frameArea.width;
    let client = windowInfo(x('xwininfo', '-id', clientWindow.id));
    for (let i = 0; i < 100 && !inFrame(client); i++) {
      await sleep(30);
      client = windowInfo(x('xwininfo', '-id', clientWindow.id));
    }
    const { border: _, ...clientArea } = client;
    expect(clientArea).toMatchObject({ width: 120, height: 70 });
    const inside = [String(client.left + 10), String(client.top + 10)];

    const { done } = await selecting(['client.png']);
    xdotool('mousemove', ...inside, 'click', '1');
    expect((await done).code).toBe(0);
    const png = await rgbOf(join(painted.dir, 'client.png'));
    expect([png.width, png.height]).toEqual([120, 70]);
    expect(
      png.data.equals(
        expectedRgb({
          screen: screenNow(clientArea),
          width: clientArea.width,
          height: clientArea.height,
        }),
      ),
    ).toBe(true);

    const { done: framed } = await selecting(['--frame', 'frame.png']);
    xdotool('mousemove', ...inside, 'click', '1');
    expect((await framed).code).toBe(0);
    const framePng = await rgbOf(join(painted.dir, 'frame.png'));
    expect([framePng.width, framePng.height]).toEqual([220, 160]);
    expect(
      framePng.data.equals(
        expectedRgb({
          screen: screenNow(frameArea),
          width: frameArea.width,
          height: frameArea.height,
        }),
      ),
    ).toBe(true);
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

  it('is a usage error with -m each, -w, --print-ffmpeg-args, and --frame without it or -w', async () => {
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
    await refused(['--frame', 'x.png'], "option '--frame' needs '-w, --window' or '-s, --select'");
    await refused(
      ['-s', '-w', 'root', 'x.png'],
      "option '-s, --select' cannot be combined with '-w, --window'",
    );
  });
});

describe('MSS.select', () => {
  it('resolves null when its signal aborts, and leaves the pointer free', async () => {
    using sct = new MSS({ display: painted.env.DISPLAY as string });
    let ready = false;
    const area = await sct.select({
      signal: AbortSignal.timeout(300),
      onReady: () => {
        ready = true;
      },
    });
    expect([area, ready]).toEqual([null, true]);
    const other = new XConnection(painted.env.DISPLAY as string);
    try {
      expect(grabPointer(other, other.screen.root, 0, 0)).toBe(0);
      ungrabPointer(other);
    } finally {
      other.close();
    }
  });

  it('refuses options of the wrong type, or unknown ones, naming them', async () => {
    using sct = new MSS({ display: painted.env.DISPLAY as string });
    await expect(sct.select({ frame: 'yes' as unknown as boolean })).rejects.toThrow(
      'Expected boolean for frame but received "yes" of type string',
    );
    await expect(sct.select({ signal: 5 as unknown as AbortSignal })).rejects.toThrow(
      'Expected AbortSignal for signal but received 5 of type number',
    );
    await expect(sct.select({ frames: true } as never)).rejects.toThrow(
      'Expected one of signal, onReady, frame for the name of an option of SelectOptions but received "frames" of type string',
    );
  });
});

// MSS.shot() and MSS.primaryMonitor on a real Xvfb: the files hold the painted pixels exactly.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { MSS, type Region } from '../../src/index.js';
import { expectedRgb } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 200;
const H = 100;
const painted = useScreen(W, H, { seed: 9 });
const LEFT = { left: 0, top: 0, width: 100, height: 100 };
const RIGHT = { left: 100, top: 0, width: 100, height: 100 };

const xrandr = (...args: string[]) =>
  execFileSync('xrandr', ['-display', painted.xvfb.display, ...args], { stdio: 'pipe' });

/** Two monitors side by side, `primary` marked as RandR's primary (if one is). */
function twoMonitors(primary?: 'LEFT' | 'RIGHT'): void {
  const name = (n: string) => (n === primary ? `*${n}` : n);
  xrandr('--setmonitor', name('LEFT'), '100/25x100/25+0+0', 'screen');
  xrandr('--setmonitor', name('RIGHT'), '100/25x100/25+100+0', 'none');
}

afterEach(() => {
  for (const name of ['LEFT', 'RIGHT']) {
    try {
      xrandr('--delmonitor', name);
    } catch {} // not defined by this test
  }
});

/** The painted pixels of `area` as packed R, G, B (and 255 with `alpha`). */
const expected = (area: Region, alpha = false): Buffer => expectedRgb(painted, area, { alpha });

async function pngPixels(path: string): Promise<Buffer> {
  return sharp(path).raw().toBuffer();
}

describe('sct.primaryMonitor', () => {
  it('is the monitor RandR marks primary', () => {
    twoMonitors('RIGHT');
    using sct = new MSS({ display: painted.xvfb.display });
    expect(sct.primaryMonitor).toEqual(
      expect.objectContaining({ name: 'RIGHT', primary: true, ...RIGHT }),
    );
  });

  it('is monitor 1 when none is marked primary', () => {
    twoMonitors();
    using sct = new MSS({ display: painted.xvfb.display });
    expect(sct.monitors.some((m) => m.primary)).toBe(false);
    expect(sct.primaryMonitor).toBe(sct.monitors[1]);
  });
});

describe('sct.shot()', () => {
  it('writes monitor 1 by default as PNG, named by the pattern', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const output = join(painted.dir, 'one-{mon}.png');
    expect(await sct.shot({ output })).toEqual([join(painted.dir, 'one-1.png')]);
    expect(
      (await pngPixels(join(painted.dir, 'one-1.png'))).equals(expected(sct.monitors[1] as Region)),
    ).toBe(true);
  });

  it('names the file monitor-{mon}.png in the working directory, as python-mss', () => {
    const library = new URL('../../dist/src/index.js', import.meta.url).href;
    const script = `
      const { MSS } = await import(${JSON.stringify(library)});
      const sct = new MSS();
      console.log(JSON.stringify(await sct.shot()));
      sct.close();`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: painted.dir,
      env: { ...process.env, ...painted.env },
      encoding: 'utf8',
    });
    expect(JSON.parse(stdout)).toEqual(['monitor-1.png']);
    expect(existsSync(join(painted.dir, 'monitor-1.png'))).toBe(true);
  });

  it('writes every monitor with -1, one file each, in monitor order', async () => {
    twoMonitors();
    using sct = new MSS({ display: painted.xvfb.display });
    const paths = await sct.shot({
      monitor: -1,
      output: join(painted.dir, 'every-{mon}-{name}.png'),
    });
    expect(paths).toEqual([
      join(painted.dir, 'every-1-LEFT.png'),
      join(painted.dir, 'every-2-RIGHT.png'),
    ]);
    expect((await pngPixels(paths[0] as string)).equals(expected(LEFT))).toBe(true);
    expect((await pngPixels(paths[1] as string)).equals(expected(RIGHT))).toBe(true);
  });

  it('takes save() options: monitor 0 as raw RGBA, the extension from {ext}', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const [path] = await sct.shot({
      monitor: 0,
      output: join(painted.dir, 'whole.{ext}'),
      format: 'raw',
      pixelFormat: 'rgba',
    });
    expect(path).toBe(join(painted.dir, 'whole.rgba'));
    expect(
      readFileSync(path as string).equals(expected({ left: 0, top: 0, width: W, height: H }, true)),
    ).toBe(true);
  });

  it('refuses a monitor the display does not have', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    await expect(sct.shot({ monitor: 5, output: join(painted.dir, 'none.png') })).rejects.toThrow(
      'no monitor 5: valid monitors are 0, 1',
    );
    expect(existsSync(join(painted.dir, 'none.png'))).toBe(false);
  });
});

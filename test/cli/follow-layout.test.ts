// The screen resized or its monitors changed (xrandr) while a loop runs: file loops follow the
// new layout, a raw stream (whose frame size is fixed) ends with exit 1 and says why.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MSS } from '../../src/index.js';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

// A server of its own for each test: a resize below an output's mode turns that output off for
// good, which would change the next test's monitors.
const server = useScreen(640, 480, { perTest: true });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const xrandr = (...args: string[]) =>
  // Xvfb resizes on --fb yet answers with a RANDR error (exit 1): the result is what counts.
  spawnSync('xrandr', ['-display', server.xvfb.display, ...args], { stdio: 'ignore' });
const screenSize = () =>
  /current (\d+) x (\d+)/
    .exec(execFileSync('xrandr', ['-display', server.xvfb.display, '-q']).toString())
    ?.slice(1)
    .join('x');
async function until(done: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
const sizesIn = async (out: string) =>
  Promise.all(
    readdirSync(out)
      .sort()
      .map(async (f) => {
        const { width, height } = await sharp(join(out, f)).metadata();
        return `${width}x${height}`;
      }),
  );

describe('a file loop over the whole screen', () => {
  it('follows the screen to a smaller size and back', async () => {
    const out = mkdtempSync(join(server.dir, 'files-'));
    const running = runBinary(['grab', '--interval', '50ms', '-o', join(out, '{n:04}.png')], {
      DISPLAY: server.xvfb.display,
    });
    await until(() => readdirSync(out).length >= 2, 'the first files');
    xrandr('--fb', '320x240');
    expect(screenSize()).toBe('320x240');
    const shrunkAt = readdirSync(out).length;
    await until(() => readdirSync(out).length >= shrunkAt + 3, 'files after the resize');
    xrandr('--fb', '640x480');
    const grownAt = readdirSync(out).length;
    await until(() => readdirSync(out).length >= grownAt + 3, 'files after the second resize');
    running.child.kill('SIGINT');
    const result = await running;
    expect(result.stderr).toMatch(/^mss-ts: \d+ written/);
    expect(result.code).toBe(130);
    const sizes = await sizesIn(out);
    expect(sizes[0]).toBe('640x480');
    expect(sizes).toContain('320x240');
    expect(sizes.at(-1)).toBe('640x480');
    // In order: the big screen, then the small one, then the big one again.
    const runs = sizes.filter((s, i) => s !== sizes[i - 1]);
    expect(runs).toEqual(['640x480', '320x240', '640x480']);
  });
});

describe('a loop over a named monitor', () => {
  it('keeps it while others come, and ends with exit 1 naming it when it is removed', async () => {
    xrandr('--setmonitor', 'WATCHED', '100/26x80/21+200+0', 'none');
    const out = mkdtempSync(join(server.dir, 'monitor-'));
    const running = runBinary(
      ['grab', '-m', 'WATCHED', '--interval', '50ms', '-o', join(out, '{n:04}-{name}-{left}.png')],
      { DISPLAY: server.xvfb.display },
    );
    await until(() => readdirSync(out).length >= 2, 'the first files');
    xrandr('--setmonitor', 'OTHER', '100/26x80/21+0+0', 'none');
    const addedAt = readdirSync(out).length;
    await until(() => readdirSync(out).length >= addedAt + 2, 'files after a monitor came');
    xrandr('--delmonitor', 'WATCHED');
    const result = await running;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^mss-ts: the screen layout changed: option '-m, --monitor' has no monitor named "WATCHED": this display has 0 \(all\), 1 \(OTHER\), 2 \(screen\)\n$/,
    );
    const names = readdirSync(out);
    expect(names.length).toBeGreaterThanOrEqual(addedAt + 2);
    expect(names.every((f) => /^\d{4}-WATCHED-200\.png$/.test(f))).toBe(true);
  });
});

describe('a raw stream', () => {
  it('ends with exit 1 and the new size, after whole frames only', async () => {
    const running = runBinary(['grab', '--interval', '20ms', '-f', 'raw', '-'], {
      DISPLAY: server.xvfb.display,
    });
    await new Promise((resolve) => running.child.stdout?.once('data', resolve)); // it has begun
    xrandr('--fb', '320x240');
    const result = await running;
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "mss-ts: the screen layout changed: the captured area is now 320x240+0+0 (it was 640x480+0+0), and a raw stream's frames keep one size\n",
    );
    expect(result.stdout.length % (640 * 480 * 4)).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(0);
  });
});

describe('MSS.frames', () => {
  it('follows a monitor index to its new size; a fixed region that no longer fits throws', async () => {
    using sct = new MSS({ display: server.xvfb.display });
    const sizes: string[] = [];
    for await (using frame of sct.frames(0, { count: 2 })) {
      sizes.push(`${frame.width}x${frame.height}`);
      if (sizes.length === 1) xrandr('--fb', '320x240');
    }
    xrandr('--fb', '640x480');
    const fixed = { left: 0, top: 0, width: 640, height: 480 };
    const loop = sct.frames(fixed, { count: 3 });
    const iterate = async () => {
      for await (using frame of loop) {
        if (frame.width === 640) xrandr('--fb', '320x240');
      }
    };
    await expect(iterate()).rejects.toThrow(/reaches outside the screen \(320x240\+0\+0\)/);
    expect(sizes).toEqual(['640x480', '320x240']);
  });
});

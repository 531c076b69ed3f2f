// Scenario 10: the screen resized and monitors added or removed while loops and streams run.
// Each trial has an X server of its own: a resize below an output's mode turns it off for good.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, it } from 'vitest';
import type { Xvfb } from '../../scripts/xvfb.js';
import { runBinary } from '../helpers/cli.js';
import { startScreen } from '../helpers/screen.js';
import { check, scale, seeded, sleep, trials, until } from './harness.js';

const xrandr = (xvfb: Xvfb, ...args: string[]) =>
  // Xvfb resizes on --fb yet answers with a RANDR error (exit 1): the result is what counts.
  spawnSync('xrandr', ['-display', xvfb.display, ...args], { stdio: 'ignore' });

const SIZES = ['640x480', '320x240', '480x360', '200x150'];

async function sizesOf(dir: string): Promise<string[]> {
  const sizes: string[] = [];
  for (const file of readdirSync(dir).sort()) {
    const { info } = await sharp(join(dir, file)).raw().toBuffer({ resolveWithObject: true });
    sizes.push(`${info.width}x${info.height}`);
  }
  return sizes;
}

/** Run `args` on a fresh 640x480 server, apply `changes` while it runs, stop it with SIGINT. */
async function underChanges(
  args: (dir: string) => string[],
  changes: (xvfb: Xvfb) => Promise<void>,
  stopWithSigint: boolean,
) {
  const server = await startScreen(640, 480);
  const { xvfb, dir } = server;
  try {
    const running = runBinary(args(dir), server.env);
    let received = 0;
    running.child.stdout?.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    await until(() => readdirSync(dir).length > 0 || received > 0, 'the first frame');
    await changes(xvfb);
    if (stopWithSigint) running.child.kill('SIGINT');
    const guard = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
    const result = await running;
    clearTimeout(guard);
    return { result, sizes: await sizesOf(dir) };
  } finally {
    await server.stop();
  }
}

describe('screen changes during a file loop', () => {
  it('resizes: the files follow the screen', async () => {
    const random = seeded(10);
    await trials(
      'Screen resized (xrandr --fb) 3 times under a PNG loop of monitor 0',
      scale(10, 2),
      'the loop goes on; every file decodes at one of the sizes the screen had; exit 130 at SIGINT',
      async () => {
        const applied = ['640x480'];
        const { result, sizes } = await underChanges(
          (dir) => ['grab', '--interval', '30ms', '-o', join(dir, '{n:05}.png')],
          async (xvfb) => {
            for (let k = 0; k < 3; k++) {
              const size = SIZES[1 + Math.floor(random() * (SIZES.length - 1))] as string;
              xrandr(xvfb, '--fb', size);
              applied.push(size);
              await sleep(150 + random() * 200);
            }
          },
          true,
        );
        check(result.code === 130, `exit ${result.code}: ${result.stderr}`);
        check(sizes.length > 0, 'no file');
        check(
          sizes.every((s) => applied.includes(s)),
          `sizes ${[...new Set(sizes)]} not among ${applied}`,
        );
        check(
          sizes.at(-1) === applied.at(-1),
          `last file ${sizes.at(-1)}, screen ${applied.at(-1)}`,
        );
        return undefined;
      },
    );
  });

  it('monitors come and go: -m each follows them', async () => {
    await trials(
      'Monitors added and removed under a -m each PNG loop',
      scale(10, 2),
      'the loop goes on, one file per monitor present at each tick; exit 130 at SIGINT',
      async () => {
        const { result, sizes } = await underChanges(
          (dir) => [
            'grab',
            '-m',
            'each',
            '--interval',
            '30ms',
            '-o',
            join(dir, '{n:05}-{name}.png'),
          ],
          async (xvfb) => {
            xrandr(xvfb, '--setmonitor', 'EXTRA', '100/26x80/21+10+10', 'none');
            await sleep(200);
            xrandr(xvfb, '--delmonitor', 'EXTRA');
            await sleep(200);
          },
          true,
        );
        check(result.code === 130, `exit ${result.code}: ${result.stderr}`);
        check(sizes.includes('100x80'), 'no file of the added monitor');
        check(
          sizes.every((s) => s === '100x80' || s === '640x480'),
          `sizes ${[...new Set(sizes)]}`,
        );
        return undefined;
      },
    );
  });
});

describe('screen changes during a raw stream', () => {
  it('a resize ends it, after whole frames', async () => {
    await trials(
      'Screen resized under a raw stream of monitor 0',
      scale(10, 2),
      'exit 1 with one line naming the new size; the stream holds whole frames only',
      async () => {
        const frame = 640 * 480 * 4;
        const { result } = await underChanges(
          () => ['grab', '--fps', '30', '-f', 'raw', '-'],
          async (xvfb) => {
            xrandr(xvfb, '--fb', '320x240');
          },
          false,
        );
        const { stdout } = result;
        check(result.code === 1, `exit ${result.code}: ${result.stderr}`);
        check(
          /^mss-ts: the screen layout changed: the captured area is now 320x240\+0\+0 \(it was 640x480\+0\+0\)[^\n]*\n$/.test(
            result.stderr,
          ),
          result.stderr,
        );
        check(stdout.length > 0 && stdout.length % frame === 0, `${stdout.length} bytes`);
        return undefined;
      },
    );
  });

  it('a monitor that comes and goes leaves it alone', async () => {
    await trials(
      'A monitor added and removed under a raw stream of monitor 0 (-n 30)',
      scale(10, 2),
      'exit 0; 30 whole frames',
      async () => {
        const { result } = await underChanges(
          () => ['grab', '--fps', '30', '-n', '30', '-f', 'raw', '-'],
          async (xvfb) => {
            xrandr(xvfb, '--setmonitor', 'EXTRA', '100/26x80/21+10+10', 'none');
            await sleep(100);
            xrandr(xvfb, '--delmonitor', 'EXTRA');
          },
          false,
        );
        check(result.code === 0, `exit ${result.code}: ${result.stderr}`);
        check(result.stdout.length === 30 * 640 * 480 * 4, `${result.stdout.length} bytes`);
        return undefined;
      },
    );
  });
});

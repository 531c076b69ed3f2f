// What a slow reader of a raw stream gets: with --pace frames, one frame per tick and the
// freshest picture there is; with --pace drop, fresh frames and fewer of them.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { paint } from '../../scripts/paint.js';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

const W = 320;
const H = 240;
const FRAME = W * H * 4;
const painted = useScreen(W, H, { seed: 3 });
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  env = painted.env;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run a raw stream while a 16x16 corner changes every 10 ms, read `frames` frames at one per
 * `readEveryMs`, and return how many of them differ from the frame before.
 */
async function changesSeenBySlowReader(pace: string, frames: number, readEveryMs: number) {
  let painting = true;
  const painter = (async () => {
    for (let k = 0; painting; k++) {
      paint(painted.xvfb.display, 0, 0, 16, 16, Buffer.alloc(16 * 16 * 4, k & 0xff));
      await sleep(10);
    }
  })();
  const running = runBinary(['grab', '--fps', '100', '-f', 'raw', '--pace', pace, '-'], env);
  const stdout = running.child.stdout;
  if (!stdout) throw new Error('no stdout');
  stdout.removeAllListeners('data'); // this test reads for itself, slowly
  stdout.pause();
  const digests: string[] = [];
  while (digests.length < frames) {
    await sleep(readEveryMs);
    const frame = stdout.read(FRAME) as Buffer | null;
    if (frame) digests.push(createHash('sha1').update(frame).digest('hex'));
  }
  running.child.kill('SIGINT');
  stdout.resume();
  await running;
  painting = false;
  await painter;
  return digests.filter((d, i) => i > 0 && d !== digests[i - 1]).length;
}

describe('a raw stream read slowly', () => {
  it('--pace frames fills missed ticks with the newest frame, not a run of old ones', async () => {
    const changes = await changesSeenBySlowReader('frames', 30, 100);
    // A reader 10x slower than the rate: nearly every frame it reads is a new picture.
    expect(changes).toBeGreaterThanOrEqual(20);
  }, 30_000);

  it('--pace drop sends fresh frames too', async () => {
    const changes = await changesSeenBySlowReader('drop', 30, 100);
    expect(changes).toBeGreaterThanOrEqual(20);
  }, 30_000);
});

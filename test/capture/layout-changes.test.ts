import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { MSS } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const server = useScreen(640, 480);

/** Segments of ours that the X server has mapped (our memfds are named mss-ts). */
const serverSegments = () =>
  readFileSync(`/proc/${server.xvfb.process.pid}/maps`, 'utf8')
    .split('\n')
    .filter((line) => line.includes('memfd:mss-ts')).length;

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !condition(); await sleep(20)) {
    if (Date.now() > end) throw new Error(`not true after ${ms} ms: ${condition}`);
  }
}

/** Resize the screen. Xvfb's RandR exits 1 with an error, yet resizes (at or below its size). */
function resize(width: number, height: number): void {
  spawnSync('xrandr', ['-display', server.xvfb.display, '--fb', `${width}x${height}`], {
    stdio: 'ignore',
  });
}

it('detaches retired buffers: after 50 layout changes the server holds only the buffers in use', async () => {
  using sct = new MSS({ display: server.xvfb.display });
  sct.grab(0).release();
  expect(serverSegments()).toBe(2); // the pool's first two buffers
  let held = sct.grab(0); // a frame held across a change: its buffer is retired, not freed
  for (let change = 0; change < 50; change++) {
    const [width, height] = change % 2 === 0 ? [600, 400] : [640, 480];
    resize(width, height);
    expect(sct.refreshMonitors()[0]).toMatchObject({ width, height });
    held.release();
    held = sct.grab(0);
    expect([held.width, held.height]).toEqual([width, height]);
  }
  held.release();
  // The pool of the last layout: one buffer made for the frame just taken, one spare.
  expect(serverSegments()).toBe(2);
  sct.close();
  await until(() => serverSegments() === 0); // when the server has read the disconnect
});

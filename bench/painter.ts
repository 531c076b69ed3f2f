// A screen that changes, for the "changes" suite: `node dist/bench/painter.js DISPLAY MODE [ms]`
// paints through one X connection until killed.
//   clock MS   a 240x40 block near the bottom right, a new pattern every MS milliseconds
//   noise      the whole screen, a new noise frame as fast as the server takes them
//   video      an 800x450 pattern moving at 60 Hz (for an ffmpeg without the sdl2 device)
import { randomFillSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pattern } from '../scripts/paint.js';
import { createGc, putImage, XConnection } from '../src/native/xcb.js';

const [display, mode = 'clock', ms = '10'] = process.argv.slice(2);
const conn = new XConnection(display);
const { root, rootDepth, width, height } = conn.screen;
const gc = conn.generateId();
createGc(conn, gc, root);

/** Draw BGRX `pixels` at x,y in requests under the core limit (no BIG-REQUESTS needed). */
function draw(x: number, y: number, w: number, h: number, pixels: Uint8Array): void {
  const rows = Math.max(1, Math.floor(200_000 / (w * 4)));
  for (let top = 0; top < h; top += rows) {
    const n = Math.min(rows, h - top);
    putImage(
      conn,
      root,
      gc,
      x,
      y + top,
      w,
      n,
      rootDepth,
      pixels.subarray(top * w * 4, (top + n) * w * 4),
    );
  }
}

async function main(): Promise<void> {
  if (mode === 'clock') {
    for (let k = 0; ; k++) {
      draw(width - 300, height - 80, 240, 40, pattern(240, 40, k));
      await sleep(Number(ms));
    }
  }
  if (mode === 'noise') {
    const frames = [0, 1, 2].map(() => randomFillSync(Buffer.alloc(width * height * 4)));
    for (let k = 0; ; k++) {
      draw(0, 0, width, height, frames[k % frames.length] as Buffer);
      if (k % 4 === 0) await sleep(0); // let SIGTERM in
    }
  }
  if (mode === 'video') {
    const [w, h] = [800, 450];
    const big = pattern(w * 2, h, 5);
    const frame = Buffer.alloc(w * h * 4);
    const start = performance.now();
    for (let k = 0; ; k++) {
      const shift = (k * 8) % w;
      for (let y = 0; y < h; y++)
        big.copy(frame, y * w * 4, (y * w * 2 + shift) * 4, (y * w * 2 + shift + w) * 4);
      draw((width - w) >> 1, (height - h) >> 1, w, h, frame);
      await sleep(Math.max(0, start + ((k + 1) * 1000) / 60 - performance.now()));
    }
  }
  throw new Error(`painter: unknown mode ${mode}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

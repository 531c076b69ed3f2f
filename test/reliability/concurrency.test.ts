// Scenario 11: two processes on one output pattern, and the library in two worker threads.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import { check, scale, trials } from './harness.js';

const W = 320;
const H = 240;
const painted = useScreen(W, H, { seed: 81 });
const LIBRARY = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url));

describe('two processes on one pattern', () => {
  it('one runs, the other refuses', async () => {
    await trials(
      'Two loops started together on one pattern',
      scale(20, 4),
      'exactly one exits 1 with the refusal; no file is overwritten or suffixed -1',
      async () => {
        const dir = mkdtempSync(join(painted.dir, 'race-'));
        const args = ['grab', '--interval', '30ms', '-n', '5', '-o', join(dir, '{n}.png')];
        const results = await Promise.all([
          runBinary(args, painted.env),
          runBinary(args, painted.env),
        ]);
        const codes = results.map((r) => r.code).sort();
        check(codes[0] === 0 && codes[1] === 1, `exits ${codes}`);
        const loser = results.find((r) => r.code === 1);
        check(
          /exists: a loop never overwrites files/.test(loser?.stderr ?? ''),
          loser?.stderr ?? '',
        );
        const files = readdirSync(dir);
        check(!files.some((f) => f.includes('-1')), `files ${files}`);
        return undefined;
      },
    );
  });
});

/** A worker that grabs the whole screen `count` times and compares it with `expected`. */
const WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
const { MSS } = await import(workerData.library);
const sct = new MSS({ display: workerData.display });
let wrong = 0;
try {
  for (let i = 0; i < workerData.count; i++) {
    const frame = sct.grab(0);
    if (!Buffer.from(frame.data).equals(Buffer.from(workerData.expected))) wrong++;
    frame.release();
  }
  let looped = 0;
  for await (const frame of sct.frames(0, { count: 20 })) {
    looped++;
    frame.release();
  }
  parentPort.postMessage({ wrong, looped });
} finally {
  sct.close();
}
`;

function grabInWorker(file: string, count: number, expected: Buffer) {
  return new Promise<{ wrong: number; looped: number }>((resolve, reject) => {
    const worker = new Worker(file, {
      workerData: { library: LIBRARY, display: painted.xvfb.display, count, expected },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

describe('the library in two worker threads', () => {
  it('grabs exact pixels in both at once', async () => {
    const file = join(mkdtempSync(join(painted.dir, 'worker-')), 'grab.mjs');
    writeFileSync(file, WORKER);
    const expected = cut(painted.screen, W, { left: 0, top: 0, width: W, height: H });
    await trials(
      'The library in two worker threads at once (200 grabs and a 20-frame loop each)',
      scale(10, 2),
      'every frame in both threads equals the painted screen; both threads end cleanly',
      async () => {
        const results = await Promise.all([
          grabInWorker(file, 200, expected),
          grabInWorker(file, 200, expected),
        ]);
        for (const r of results) {
          check(r.wrong === 0, `${r.wrong} frames differ`);
          check(r.looped === 20, `${r.looped} frames looped`);
        }
        return undefined;
      },
    );
  });
});

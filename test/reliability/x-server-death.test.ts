// Scenario 3: the X server dies under a running loop or stream.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { runBinary } from '../helpers/cli.js';
import { startScreen } from '../helpers/screen.js';
import { check, checkDecodes, scale, seeded, sleep, trials, until } from './harness.js';

const W = 320;
const H = 240;

async function serverDiesUnder(args: (dir: string) => string[], random: () => number) {
  const server = await startScreen(W, H, { seed: 9 });
  const { xvfb, screen } = server;
  const dir = mkdtempSync(join(tmpdir(), 'mss-ts-xdeath-'));
  const running = runBinary(args(dir), server.env);
  let received = 0;
  running.child.stdout?.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  await until(() => readdirSync(dir).length > 0 || received > 0, 'the first frame');
  await sleep(random() * 500);
  const killedAt = performance.now();
  xvfb.process.kill('SIGKILL');
  const result = await running;
  const exitMs = performance.now() - killedAt;
  await server.stop();
  check(result.code === 1, `exit ${result.code}: ${result.stderr}`);
  check(
    /^mss-ts: lost the connection to the X server ":\d+" \(did it exit\?\)\n$/.test(result.stderr),
    `stderr: ${result.stderr}`,
  );
  check(exitMs < 1000, `exit ${Math.round(exitMs)} ms after the server died`);
  return { dir, stdout: result.stdout, screen, exitMs };
}

describe('the X server dies', () => {
  it('under a file loop', async () => {
    const random = seeded(3);
    await trials(
      'X server killed (SIGKILL) under a PNG loop --interval 100ms',
      scale(10, 2),
      'exit 1 within 1 s with one line; every file written before is complete',
      async () => {
        const { dir, exitMs } = await serverDiesUnder(
          (d) => ['grab', '--interval', '100ms', '-o', join(d, '{n:05}.png')],
          random,
        );
        for (const file of readdirSync(dir)) await checkDecodes(join(dir, file), W, H);
        rmSync(dir, { recursive: true, force: true });
        return exitMs;
      },
      'ms from the kill to the exit',
    );
  });

  it('under a raw stream', async () => {
    const random = seeded(4);
    const frame = W * H * 4;
    await trials(
      'X server killed (SIGKILL) under a raw stream --fps 30',
      scale(10, 2),
      'exit 1 within 1 s with one line; the stream holds whole frames, each the screen as painted',
      async () => {
        const { dir, stdout, screen, exitMs } = await serverDiesUnder(
          () => ['grab', '--fps', '30', '-f', 'raw', '-'],
          random,
        );
        check(stdout.length > 0 && stdout.length % frame === 0, `${stdout.length} bytes`);
        const expected = cut(screen, W, { left: 0, top: 0, width: W, height: H });
        for (let at = 0; at < stdout.length; at += frame) {
          check(stdout.subarray(at, at + frame).equals(expected), `frame at ${at} differs`);
        }
        rmSync(dir, { recursive: true, force: true });
        return exitMs;
      },
      'ms from the kill to the exit',
    );
  });
});

// Scenario 5: readers of a raw stream that leave early or stall.
import { spawn } from 'node:child_process';
import { describe, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { BIN } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import { check, scale, trials } from './harness.js';

const W = 320;
const H = 240;
const FRAME = W * H * 4;
const painted = useScreen(W, H, { seed: 51 });
const SUMMARY_ONLY =
  /^mss-ts: \d+ written, 0 unchanged, \d+ dropped, \d+ repeated of \d+ ticks[^\n]*\n$/;

/** Run `mss-ts <args> | <reader>` in bash; resolves mss-ts's status, the reader's output, stderr. */
function pipeline(args: string, reader: string) {
  const script = `"${process.execPath}" "${BIN}" ${args} | ${reader}; echo "status=\${PIPESTATUS[0]}" >&2`;
  // stdin not a socket: bash would read ~/.bashrc, taking itself for a remote shell.
  const child = spawn('bash', ['-c', script], {
    env: { ...painted.env, PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c;
  });
  return new Promise<{ status: number; output: Buffer; stderr: string }>((resolve) => {
    child.on('close', () => {
      const status = Number(/status=(\d+)/.exec(stderr)?.[1] ?? -1);
      resolve({ status, output: Buffer.concat(out), stderr: stderr.replace(/status=\d+\n/, '') });
    });
  });
}

describe('readers that leave or stall', () => {
  it('head -c leaves mid-frame', async () => {
    await trials(
      'Reader leaves mid-frame (| head -c 5000000), --interval 0',
      scale(10, 3),
      'exit 0, the summary and nothing else on stderr',
      async () => {
        const r = await pipeline('grab --interval 0 -f raw -', 'head -c 5000000 | wc -c');
        check(r.status === 0, `exit ${r.status}: ${r.stderr}`);
        check(SUMMARY_ONLY.test(r.stderr), `stderr: ${r.stderr}`);
        check(r.output.toString().trim() === '5000000', `read ${r.output}`);
        return undefined;
      },
    );
  });

  it('a reader that leaves after 3 frames', async () => {
    await trials(
      'Reader leaves after 3 whole frames, --fps 30',
      scale(10, 3),
      'exit 0, the summary and nothing else on stderr',
      async () => {
        const r = await pipeline('grab --fps 30 -f raw -', `head -c ${3 * FRAME} | wc -c`);
        check(r.status === 0, `exit ${r.status}: ${r.stderr}`);
        check(SUMMARY_ONLY.test(r.stderr), `stderr: ${r.stderr}`);
        return undefined;
      },
    );
  });

  it('a reader that stalls for 3 s', async () => {
    const expected = cut(painted.screen, W, { left: 0, top: 0, width: W, height: H });
    await trials(
      'Reader stalls 3 s, then reads on (-n 60 --fps 30)',
      scale(3, 1),
      'exit 0; every frame whole and the screen as painted, in order',
      async () => {
        const r = await pipeline('grab -n 60 --fps 30 -f raw -', '{ sleep 3; cat; }');
        check(r.status === 0, `exit ${r.status}: ${r.stderr}`);
        check(r.output.length === 60 * FRAME, `${r.output.length} bytes, not 60 frames`);
        for (let at = 0; at < r.output.length; at += FRAME) {
          check(r.output.subarray(at, at + FRAME).equals(expected), `frame at ${at} differs`);
        }
        return undefined;
      },
    );
  });
});

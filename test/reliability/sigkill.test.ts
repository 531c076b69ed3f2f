// Scenario 2: SIGKILL mid-loop, which no handler sees: the kernel and the X server must clean
// up after mss-ts, and the next run must clean up what is left in the folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import {
  check,
  checkDecodes,
  scale,
  seeded,
  sleep,
  temporariesIn,
  trials,
  until,
} from './harness.js';

const painted = useScreen(320, 240, { seed: 41 });

/** The X server's mappings of shared memory that mss-ts created (memfd "mss-ts"). */
const serverSegments = (): number =>
  readFileSync(`/proc/${painted.xvfb.process.pid}/maps`, 'utf8')
    .split('\n')
    .filter((line) => line.includes('memfd:mss-ts')).length;

const sysvSegments = (): number =>
  execFileSync('ipcs', ['-m'])
    .toString()
    .split('\n')
    .filter((line) => line.startsWith('0x')).length;

describe('SIGKILL mid-loop', () => {
  it('leaves no shared memory, a working server, and a folder the next run cleans', async () => {
    const random = seeded(2);
    const sysvBefore = sysvSegments();
    await trials(
      'SIGKILL mid-loop (PNG timelapse --interval 20ms)',
      scale(10, 3),
      'no shared memory left (server and system); the X server still serves; the next run sweeps the stale temporary',
      async () => {
        const dir = mkdtempSync(join(painted.dir, 'kill-'));
        const running = runBinary(
          ['grab', '--interval', '20ms', '-o', join(dir, '{n:05}.png')],
          painted.env,
        );
        await until(() => readdirSync(dir).length > 0, 'the first file');
        await sleep(random() * 300);
        check(serverSegments() > 0, 'the server maps no segment of ours while the loop runs');
        running.child.kill('SIGKILL');
        const killedPid = running.child.pid as number;
        await running;
        // The server lets go of a client's segments when it sees the connection close.
        await until(() => serverSegments() === 0, 'the server to drop our segments', 3000);
        check(sysvSegments() === sysvBefore, 'a System V segment was left');
        // A stale temporary of the dead process: the kill may have left one; if not, make one.
        const stale = join(dir, `.00001.png.mss-ts-${killedPid}.tmp`);
        if (temporariesIn(dir).length === 0) writeFileSync(stale, 'partial');
        const next = await runBinary(
          ['grab', '-n', '1', '--overwrite', '-o', join(dir, 'next-{n}.png')],
          painted.env,
        );
        check(next.code === 0, `the next run: exit ${next.code}, ${next.stderr}`);
        await checkDecodes(join(dir, 'next-1.png'), 320, 240);
        check(temporariesIn(dir).length === 0, `left: ${temporariesIn(dir).join(', ')}`);
        check(!existsSync(stale), 'the stale temporary is still there');
        return undefined;
      },
    );
  });
});

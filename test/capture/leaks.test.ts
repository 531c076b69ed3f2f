import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startXvfb, type Xvfb } from '../../scripts/xvfb.js';
import { MSS } from '../../src/index.js';

let xvfb: Xvfb;
beforeAll(async () => {
  xvfb = await startXvfb({ screen: '1920x1080x24' });
});
afterAll(() => xvfb.stop());

const openFds = () => readdirSync('/proc/self/fd').length;
/** SysV segments this process created (ipcs -m -p: shmid, owner, cpid, lpid). */
const ownSysvSegments = () =>
  execFileSync('ipcs', ['-m', '-p'])
    .toString()
    .split('\n')
    .filter((line) => line.trim().split(/\s+/)[2] === String(process.pid)).length;

it('leaves no file descriptor or SysV segment behind after 2,000 grabs, and RSS stays flat', () => {
  const fds = openFds();
  const sct = new MSS({ display: xvfb.display });
  for (let i = 0; i < 100; i++) sct.grab(0).release();
  const rss = process.memoryUsage().rss;
  for (let i = 0; i < 2000; i++) {
    using frame = sct.grab(i % 2 ? 0 : { left: i % 500, top: 3, width: 41, height: 41 });
    expect(frame.data.length).toBeGreaterThan(0);
  }
  const growth = process.memoryUsage().rss - rss;
  expect(sct.status.backend).toBe('shm');
  expect(openFds()).toBe(fds + 1); // the X connection's socket
  sct.close();
  expect(openFds()).toBe(fds);
  expect(ownSysvSegments()).toBe(0);
  expect(growth).toBeLessThan(20 * 1024 * 1024);
});

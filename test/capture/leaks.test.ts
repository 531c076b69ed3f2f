import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { MSS } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const server = useScreen(1920, 1080);

const openFds = () => readdirSync('/proc/self/fd').length;
/** SysV segments this process created (ipcs -m -p: shmid, owner, cpid, lpid). */
const ownSysvSegments = () =>
  execFileSync('ipcs', ['-m', '-p'])
    .toString()
    .split('\n')
    .filter((line) => line.trim().split(/\s+/)[2] === String(process.pid)).length;

it('leaves no file descriptor or SysV segment behind after 2,000 grabs, and RSS stays flat', () => {
  const fds = openFds();
  const sct = new MSS({ display: server.xvfb.display });
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

it('leaves no shared memory behind when the process is killed with SIGKILL', async () => {
  const script = `
    const { MSS } = await import(${JSON.stringify(new URL('../../dist/src/index.js', import.meta.url).href)});
    const sct = new MSS({ display: ${JSON.stringify(server.xvfb.display)} });
    const held = [sct.grab(0), sct.grab(0), sct.grab(0)];
    process.stdout.write(String(held.length));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const pid = String(child.pid);
  const mapped = execFileSync('sh', ['-c', `grep -c memfd:mss-ts /proc/${pid}/maps || true`])
    .toString()
    .trim();
  expect(Number(mapped)).toBeGreaterThanOrEqual(3);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const left = execFileSync('ipcs', ['-m', '-p'])
    .toString()
    .split('\n')
    .filter((l) => l.trim().split(/\s+/)[2] === pid);
  expect(left).toEqual([]); // memfds have no name to leave behind: they end with the process
});

it('keeps native memory flat over 60,000 grabs in a loop that never yields to the event loop', () => {
  // In a child with the semi-space of bin/mss-ts.cjs, RSS less the V8 heap: the heap of a
  // synchronous loop grows in steps of megabytes before its first full collection, garbage that
  // would hide what matters here, memory that no collection gives back.
  const script = `
    const { MSS } = await import(${JSON.stringify(new URL('../../dist/src/index.js', import.meta.url).href)});
    const sct = new MSS({ display: ${JSON.stringify(server.xvfb.display)} });
    const area = { left: 10, top: 10, width: 64, height: 48 };
    const native = () => { const m = process.memoryUsage(); return m.rss - m.heapTotal; };
    for (let i = 0; i < 20000; i++) sct.grab(area).release();
    const before = native();
    for (let i = 0; i < 60000; i++) sct.grab(area).release();
    const growth = native() - before;
    process.stdout.write(JSON.stringify({ damage: sct.status.damageTracking, growth }));`;
  const out = execFileSync(
    process.execPath,
    ['--max-semi-space-size=2', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  const { damage, growth } = JSON.parse(out);
  expect(damage).toBe(true); // each grab reads a reply: the rows that changed since the last
  expect(growth / 60_000).toBeLessThan(50); // bytes a grab
});

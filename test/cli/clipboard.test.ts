// mss-ts grab --clipboard with a real client: xclip reads what the background owner serves,
// small images at once and a 4K PNG of random pixels (several MB) through ICCCM INCR.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cut, paint } from '../../scripts/paint.js';
import { startXvfb, type Xvfb } from '../../scripts/xvfb.js';
import { getProperty, internAtom } from '../../src/native/properties.js';
import {
  convertSelection,
  deleteProperty,
  EVENT_MASK_PROPERTY_CHANGE,
  waitForSelectionEvent,
} from '../../src/native/selection.js';
import { createHiddenWindow } from '../../src/native/windows.js';
import { XConnection } from '../../src/native/xcb.js';
import { runBinary } from '../helpers/cli.js';

const W = 3840;
const H = 2160;
/** The largest request without BIG-REQUESTS on Xvfb (65535 units of 4 bytes). */
const CORE_MAX_REQUEST = 65_535 * 4;
const screen = randomBytes(W * H * 4);
const small = { left: 100, top: 50, width: 64, height: 48 };

let xvfb: Xvfb;
let dir: string;
let log: string;
let env: NodeJS.ProcessEnv;
const owners = new Set<number>();
const clients: ChildProcess[] = [];

beforeAll(async () => {
  xvfb = await startXvfb({ screen: `${W}x${H}x24` });
  paint(xvfb.display, 0, 0, W, H, screen);
  dir = mkdtempSync(join(tmpdir(), 'mss-ts-clipboard-test-'));
  log = join(dir, 'owner.log');
  env = { DISPLAY: xvfb.display, MSS_TS_CLIPBOARD_LOG: log };
}, 60_000);

afterAll(async () => {
  for (const pid of owners) if (alive(pid)) process.kill(pid, 'SIGTERM');
  for (const client of clients) client.kill();
  await xvfb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Whether `pid` is a running process (an exited one nobody reaped yet counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs = 15_000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < timeoutMs; await sleep(50)) {
    if (!alive(pid)) return true;
  }
  return false;
}

/** mss-ts grab -c ... --verbose; returns the owner's pid (from the verbose line). */
async function copy(...args: string[]): Promise<{ pid: number; stdout: string }> {
  const result = await runBinary(['grab', '-c', '--verbose', ...args], env, dir);
  expect(result.code, result.stderr).toBe(0);
  const pid = Number(/served by process (\d+)/.exec(result.stderr)?.[1]);
  expect(pid).toBeGreaterThan(0);
  owners.add(pid);
  return { pid, stdout: result.stdout.toString() };
}

/** What xclip reads from the CLIPBOARD selection as `target`. */
const paste = (target: string) =>
  execFileSync('xclip', ['-o', '-selection', 'clipboard', '-t', target], {
    env: { ...env, PATH: process.env.PATH },
    maxBuffer: 256 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'pipe'], // a refusal's message is expected, not shown
  });

/**
 * Start pasting image/png as a client of our own, see the owner answer with INCR, ask for the
 * first chunk (DeleteProperty) and disconnect at once: the owner is left with a transfer to a
 * window that is gone (its chunk meets BadWindow, or no request for more ever comes).
 */
function abandonIncrTransfer(): number {
  const conn = new XConnection(xvfb.display);
  try {
    const window = createHiddenWindow(conn, EVENT_MASK_PROPERTY_CHANGE);
    const property = internAtom(conn, '_MSS_TS_TEST_PASTE');
    const clipboard = internAtom(conn, 'CLIPBOARD');
    convertSelection(conn, window, clipboard, internAtom(conn, 'image/png'), property, 0);
    conn.flush();
    for (;;) {
      const event = waitForSelectionEvent(conn);
      if (!event) throw new Error('lost the test client connection');
      if (event.kind === 'notify') break;
    }
    expect(getProperty(conn, window, property)?.type).toBe(internAtom(conn, 'INCR'));
    deleteProperty(conn, window, property);
    conn.flush();
    return window;
  } finally {
    conn.close();
  }
}

const rgbOf = async (image: Buffer) => sharp(image).raw().toBuffer();
function rgb(bgrx: Buffer): Buffer {
  const out = Buffer.alloc((bgrx.length / 4) * 3);
  for (let i = 0, o = 0; i < bgrx.length; i += 4, o += 3)
    out.set([bgrx[i + 2] as number, bgrx[i + 1] as number, bgrx[i] as number], o);
  return out;
}

describe('mss-ts grab --clipboard', () => {
  it('serves a small PNG identical to the file written with it, and lists its targets', async () => {
    const region = `${small.width}x${small.height}+${small.left}+${small.top}`;
    const file = join(dir, 'small.png');
    const { pid, stdout } = await copy('-r', region, file);
    expect(stdout).toBe(`${file}\n`);
    expect(alive(pid)).toBe(true);
    const pasted = paste('image/png');
    expect(pasted.equals(readFileSync(file))).toBe(true);
    expect((await rgbOf(pasted)).equals(rgb(cut(screen, W, small)))).toBe(true);
    expect(paste('TARGETS').toString().trim().split('\n').sort()).toEqual([
      'TARGETS',
      'TIMESTAMP',
      'image/png',
    ]);
    expect(readFileSync(log, 'utf8')).toContain(`[${pid}] served image/png`);
    // The server time at which it took the selection (xclip prints the INTEGER in decimal).
    const since = new RegExp(`\\[${pid}\\] owner of CLIPBOARD since (\\d+)`).exec(
      readFileSync(log, 'utf8'),
    )?.[1];
    expect(paste('TIMESTAMP').toString().trim()).toBe(since);
    expect(() => paste('MULTIPLE')).toThrow();
    expect(readFileSync(log, 'utf8')).toContain(`[${pid}] refused target`);
    expect(readFileSync(log, 'utf8')).toContain('MULTIPLE is not supported');
  });

  it('alone writes nothing to disk; JPEG is offered as image/jpeg', async () => {
    const before = readdirSync(dir).sort();
    const { stdout } = await copy('-r', '200x100+0+0', '-f', 'jpeg');
    expect(stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(paste('TARGETS').toString()).toContain('image/jpeg');
    const jpeg = paste('image/jpeg');
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(await sharp(jpeg).metadata()).toMatchObject({ width: 200, height: 100 });
    expect(() => paste('image/png')).toThrow(); // not offered: the owner refuses
  });

  it('serves a 4K PNG of several MB through INCR, identical to the file', async () => {
    const file = join(dir, 'full.png');
    const { pid } = await copy(file);
    const png = readFileSync(file);
    expect(png.length).toBeGreaterThan(3 * 2 ** 20);
    expect(png.length).toBeGreaterThan(CORE_MAX_REQUEST);
    const pasted = paste('image/png');
    expect(pasted.length).toBe(png.length);
    expect(pasted.equals(png)).toBe(true);
    const lines = readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.includes(`[${pid}]`));
    expect(lines.join('\n')).toMatch(new RegExp(`by INCR: ${png.length} bytes in chunks`));
    expect(lines.join('\n')).toContain(`INCR to`);
    expect(lines.join('\n')).toContain(`complete: ${png.length} bytes`);

    // A reader that goes away in the middle of a transfer does not stop the owner serving.
    const requestor = abandonIncrTransfer();
    expect(paste('image/png').equals(png)).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(
      new RegExp(`\\[${pid}\\] INCR to ${requestor} dropped after \\d+ bytes`),
    );
    expect(alive(pid)).toBe(true);
  }, 120_000);

  it('a second --clipboard replaces the first, whose process exits', async () => {
    const first = await copy('-r', '10x10+0+0');
    const second = await copy('-r', '20x20+0+0');
    expect(await waitForExit(first.pid)).toBe(true);
    expect(alive(second.pid)).toBe(true);
    expect(await sharp(paste('image/png')).metadata()).toMatchObject({ width: 20, height: 20 });
  });

  it('leaves no process once another client owns the clipboard', async () => {
    const { pid } = await copy('-r', '30x30+0+0');
    const xclip = spawn('xclip', ['-i', '-selection', 'clipboard', '-quiet'], {
      env: { ...env, PATH: process.env.PATH },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    clients.push(xclip);
    xclip.stdin?.end('text now');
    expect(await waitForExit(pid)).toBe(true);
    expect(paste('UTF8_STRING').toString()).toBe('text now');
    expect(readFileSync(log, 'utf8')).toContain(`[${pid}] exiting: cleared`);
  });

  it('stops the owner it started when the grab fails before the image is ready', async () => {
    // /dev/full takes no byte (ENOSPC): the file fails, so the clipboard gets no image.
    const result = await runBinary(['grab', '-c', '--verbose', '/dev/full'], env, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot write /dev/full');
    const pid = Number(/owner, process (\d+)/.exec(result.stderr)?.[1]);
    expect(pid).toBeGreaterThan(0);
    owners.add(pid);
    expect(await waitForExit(pid)).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain(`[${pid}] no image came: exiting`);
  });

  it.each([
    [['-r', '10x10+0+0', '--count', '2'], 'takes one image: not with a loop'],
    [['-m', 'each', '-o', 'm-{mon}.png'], "takes one image: not with '-m each'"],
    [['-f', 'raw'], 'takes png, jpeg or webp images, not raw'],
    [['x.rgba'], 'not raw'],
  ])('refuses %j with one line, exit 2', async (args, message) => {
    const result = await runBinary(['grab', '-c', ...args], env, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'x.rgba'))).toBe(false);
  });
});

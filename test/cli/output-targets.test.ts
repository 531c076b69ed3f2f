// What `grab` does with the thing already at the output path: a regular file is replaced
// atomically, a device or FIFO is written into, a symlink is followed and its target replaced.
// Devices are made with mknod in the scratch folder (the tests run as root), never in /dev.
import { execFileSync, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { expectedRgb } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 64;
const H = 48;
const painted = useScreen(W, H, { seed: 23 });
let dir: string;
let env: NodeJS.ProcessEnv;
let count = 0;

beforeAll(() => {
  ({ dir, env } = painted);
});

/** A new empty folder for one test. */
function fresh(name: string): string {
  const folder = join(dir, `${name}-${++count}`);
  mkdirSync(folder);
  return folder;
}

/** A character device like /dev/null (1,3) or /dev/full (1,7), made in a scratch folder. */
function mknod(path: string, minor: 3 | 7): string {
  execFileSync('mknod', [path, 'c', '1', String(minor)]);
  return path;
}

/** A block device node like /dev/loop0, made in a scratch folder (never opened). */
function loopDevice(): string {
  const path = join(fresh('block'), 'loop0');
  execFileSync('mknod', [path, 'b', '7', '0']);
  return path;
}

async function isScreenPng(input: string | Buffer): Promise<boolean> {
  const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
  return info.width === W && info.height === H && data.equals(expectedRgb(painted));
}

describe('grab into what is already at the output path', () => {
  it('writes into a character device, which stays a device', async () => {
    const null_ = mknod(join(fresh('null'), 'null'), 3);
    const result = await run(['grab', null_], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe(`${null_}\n`);
    expect(statSync(null_).isCharacterDevice()).toBe(true);
    expect(statSync(null_).rdev).toBe(statSync('/dev/null').rdev);
  });

  it('reports a full device in one line with exit 1, and it stays a device', async () => {
    const full = mknod(join(fresh('full'), 'full'), 7);
    const result = await run(['grab', full], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`mss-ts: cannot write ${full}: no space left on device\n`);
    expect(statSync(full).isCharacterDevice()).toBe(true);
  });

  it('writes a whole PNG into a FIFO for its reader', async () => {
    const folder = fresh('fifo');
    const fifo = join(folder, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const result = await run(['grab', fifo], { env });
    // A grab that never opens the FIFO leaves the reader waiting: end it, and see no image.
    const timer = setTimeout(() => reader.kill(), 5000);
    await closed;
    clearTimeout(timer);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(await isScreenPng(Buffer.concat(chunks))).toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(folder)).toEqual(['pipe.png']);
  });

  it('follows a symlink and replaces its target in the target folder; the link stays', async () => {
    const links = fresh('links');
    const targets = fresh('targets');
    const target = join(targets, 'shot.png');
    writeFileSync(target, 'old');
    const link = join(links, 'shot.png');
    const relative = join('..', basename(targets), 'shot.png');
    symlinkSync(relative, link);
    const result = await run(['grab', link], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(relative);
    expect(await isScreenPng(target)).toBe(true);
    expect(readdirSync(links)).toEqual(['shot.png']);
    expect(readdirSync(targets)).toEqual(['shot.png']);
  });

  it('creates the target of a dangling symlink, folders included', async () => {
    const folder = fresh('dangling');
    const link = join(folder, 'latest.png');
    symlinkSync('shots/today.png', link);
    const result = await run(['grab', link], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(await isScreenPng(join(folder, 'shots', 'today.png'))).toBe(true);
    expect(readdirSync(join(folder, 'shots'))).toEqual(['today.png']);
  });

  it('writes through a symlink to a device; both stay what they were', async () => {
    const folder = fresh('device-link');
    const device = mknod(join(folder, 'null'), 3);
    const link = join(folder, 'out.png');
    symlinkSync('null', link);
    const result = await run(['grab', link], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(device).isCharacterDevice()).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(['null', 'out.png']);
  });

  it('still replaces a regular file atomically', async () => {
    const folder = fresh('regular');
    const out = join(folder, 'shot.png');
    writeFileSync(out, 'old');
    expect((await run(['grab', out], { env })).code).toBe(0);
    expect(lstatSync(out).isFile()).toBe(true);
    expect(await isScreenPng(readFileSync(out))).toBe(true);
    expect(readdirSync(folder)).toEqual(['shot.png']);
  });
});

describe('a failed write', () => {
  it('names the path given and the reason, in one line with exit 1, never the temporary', async () => {
    // sysfs refuses new files even to root, as a read-only folder would.
    const out = '/sys/mss-ts-test.png';
    const result = await run(['grab', out], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^mss-ts: cannot write \/sys\/mss-ts-test\.png: (permission denied|read-only file system)\n$/,
    );
    expect(result.stdout.length).toBe(0);
  });
});

describe('an output that cannot name a file is a usage error', () => {
  // Without DISPLAY: a refusal decided before capturing exits 2 where a capture would exit 69.
  const empty = 'is empty: give a file name, or - for standard output';
  const isDirectory = 'is a directory: give a file name';
  const namesDirectory = 'names a directory: give a file name';
  it.each([
    ['an empty argument', () => [''], empty],
    ['an empty -o', () => ['-o', ''], empty],
    ['an existing directory', () => [dir], isDirectory],
    ['an existing directory with -o and a slash', () => ['-o', `${dir}/`], isDirectory],
    ['a name ending in a slash', () => [join(dir, 'new-folder/')], namesDirectory],
    ['a name ending in /.', () => [`${join(dir, 'new-folder')}/.`], namesDirectory],
    ['a name ending in /..', () => [`${join(dir, 'new-folder')}/..`], namesDirectory],
    [
      'a file name longer than the system allows',
      () => [join(dir, `${'n'.repeat(252)}.png`)],
      'has a name of 256 bytes: the limit is 255 bytes',
    ],
    [
      'a block device (a disk: never written)',
      () => [loopDevice()],
      'is a block device: give a file name',
    ],
  ])('%s', async (_, args, why) => {
    const argv = args();
    const result = await run(['grab', ...argv], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`mss-ts: output "${argv.at(-1)}" ${why}\n`);
    expect(result.stdout.length).toBe(0);
  });

  it('says so for a rendered name that is a directory, and leaves it be', async () => {
    const folder = fresh('rendered');
    mkdirSync(join(folder, 'shot-1'));
    const result = await run(['grab', join(folder, 'shot-{n}')], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `mss-ts: output "${join(folder, 'shot-1')}" is a directory: give a file name\n`,
    );
    expect(statSync(join(folder, 'shot-1')).isDirectory()).toBe(true);
    expect(readdirSync(join(folder, 'shot-1'))).toEqual([]);
  });
});

describe('long names', () => {
  it('writes a file name of the longest legal length (its temporary is shortened)', async () => {
    const folder = fresh('long');
    const name = `${'n'.repeat(251)}.png`;
    const result = await run(['grab', join(folder, name)], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(folder)).toEqual([name]);
    expect(await isScreenPng(join(folder, name))).toBe(true);
  });
});

describe('in a loop', () => {
  it('writes into devices it names, neither refusing them nor adding -1', async () => {
    const folder = fresh('loop-devices');
    const devices = [1, 2].map((n) => mknod(join(folder, `dev-${n}`), 3));
    const result = await run(['grab', '-n', '2', '-o', join(folder, 'dev-{n}')], { env });
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe(`${devices.join('\n')}\n`);
    for (const device of devices) expect(statSync(device).isCharacterDevice()).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(['dev-1', 'dev-2']);
  });

  it('refuses a first file reached through a symlink, as it refuses the file', async () => {
    const folder = fresh('loop-link');
    writeFileSync(join(folder, 'kept.png'), 'yesterday');
    symlinkSync('kept.png', join(folder, '1.png'));
    const result = await run(['grab', '-n', '2', '-o', join(folder, '{n}.png')], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('exists: a loop never overwrites files');
    expect(readFileSync(join(folder, 'kept.png'), 'utf8')).toBe('yesterday');
  });

  it('calls a directory where its first file goes a usage error', async () => {
    const folder = fresh('loop-dir');
    mkdirSync(join(folder, '1.png'));
    const result = await run(['grab', '-n', '2', '-o', join(folder, '{n}.png')], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `mss-ts: output "${join(folder, '1.png')}" is a directory: give a file name\n`,
    );
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputTarget } from '../../src/output/output-target.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mss-ts-target-'));
  writeFileSync(join(dir, 'file.png'), 'old');
  mkdirSync(join(dir, 'folder'));
  execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']); // as /dev/null, made here
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  symlinkSync('file.png', join(dir, 'to-file'));
  symlinkSync('to-file', join(dir, 'to-link'));
  symlinkSync('null', join(dir, 'to-null'));
  symlinkSync('folder', join(dir, 'to-folder'));
  symlinkSync('folder/new/shot.png', join(dir, 'dangling'));
  symlinkSync('loop-b', join(dir, 'loop-a'));
  symlinkSync('loop-a', join(dir, 'loop-b'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('outputTarget', () => {
  it.each([
    ['missing.png', 'file', 'missing.png'],
    ['no/such/folder/x.png', 'file', 'no/such/folder/x.png'],
    ['file.png', 'file', 'file.png'],
    ['folder', 'directory', 'folder'],
    ['null', 'stream', 'null'],
    ['fifo', 'stream', 'fifo'],
    ['to-file', 'file', 'file.png'],
    ['to-link', 'file', 'file.png'],
    ['to-null', 'stream', 'null'],
    ['to-folder', 'directory', 'folder'],
    ['dangling', 'file', 'folder/new/shot.png'],
  ])('%s is a %s at %s', async (name, kind, path) => {
    expect(await outputTarget(join(dir, name))).toEqual({ kind, path: join(dir, path) });
  });

  it('tells a block device apart', async () => {
    const block = join(dir, 'loop0');
    execFileSync('mknod', [block, 'b', '7', '0']);
    expect(await outputTarget(block)).toEqual({ kind: 'block-device', path: block });
  });

  it('refuses a loop of symlinks as the system does', async () => {
    await expect(outputTarget(join(dir, 'loop-a'))).rejects.toMatchObject({ code: 'ELOOP' });
  });
});

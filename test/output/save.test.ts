import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { MSS, save } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const painted = useScreen(200, 100, { seed: 6 });
const { screen } = painted;
let dir: string;
beforeAll(() => {
  dir = painted.dir;
});

describe('save', () => {
  it('writes the format its extension names, creating directories, with nothing else left', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(0);
    const png = await save(frame, join(dir, 'a', 'b', 'shot.png'));
    const jpg = await save(frame, join(dir, 'a', 'b', 'shot.jpg'), { quality: 50 });
    const raw = await save(frame, join(dir, 'a', 'b', 'shot.rgba'));
    expect([png.format, jpg.format, raw.format]).toEqual(['png', 'jpeg', 'raw']);
    expect((await sharp(png.path).metadata()).format).toBe('png');
    expect((await sharp(jpg.path).metadata()).format).toBe('jpeg');
    expect(raw.bytes).toBe(200 * 100 * 4);
    expect(readdirSync(join(dir, 'a', 'b')).sort()).toEqual(['shot.jpg', 'shot.png', 'shot.rgba']);
    const { data } = await sharp(png.path).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBe(screen[2]);
  });

  it('with overwrite: false, refuses an existing file and leaves it alone', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab({ left: 0, top: 0, width: 4, height: 4 });
    const path = join(dir, 'kept.png');
    writeFileSync(path, 'old');
    await expect(save(frame, path, { overwrite: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readdirSync(dir)).toContain('kept.png');
    const raw = await save(frame, join(dir, 'region.raw'));
    expect(raw.bytes).toBe(cut(screen, 200, { left: 0, top: 0, width: 4, height: 4 }).length);
  });

  it('writes into a character device and through a symlink, leaving both as they were', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab({ left: 0, top: 0, width: 4, height: 4 });
    const folder = join(dir, 'targets');
    mkdirSync(folder);
    const device = join(folder, 'null');
    execFileSync('mknod', [device, 'c', '1', '3']); // what /dev/null is, in the scratch folder
    await save(frame, device, { format: 'png' });
    expect(statSync(device).isCharacterDevice()).toBe(true);
    writeFileSync(join(folder, 'real.png'), 'old');
    symlinkSync('real.png', join(folder, 'link.png'));
    const saved = await save(frame, join(folder, 'link.png'));
    expect(saved.path).toBe(join(folder, 'link.png'));
    expect(lstatSync(join(folder, 'link.png')).isSymbolicLink()).toBe(true);
    expect((await sharp(readFileSync(join(folder, 'real.png'))).metadata()).width).toBe(4);
    expect(readdirSync(folder).sort()).toEqual(['link.png', 'null', 'real.png']);
  });

  it('fails with the path it was given and the reason, not the temporary name', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab({ left: 0, top: 0, width: 4, height: 4 });
    const full = join(dir, 'full');
    execFileSync('mknod', [full, 'c', '1', '7']); // what /dev/full is, in the scratch folder
    await expect(save(frame, full, { format: 'png' })).rejects.toMatchObject({
      code: 'ENOSPC',
      path: full,
      message: `cannot write ${full}: no space left on device`,
    });
    const denied = save(frame, '/sys/mss-ts-test.png'); // sysfs refuses new files, even to root
    await expect(denied).rejects.toMatchObject({ path: '/sys/mss-ts-test.png' });
    await expect(denied).rejects.toThrow(/^cannot write \/sys\/mss-ts-test\.png: [a-z -]+$/);
  });

  it('refuses a directory, leaving it as it was', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab({ left: 0, top: 0, width: 4, height: 4 });
    const folder = join(dir, 'folder.png');
    mkdirSync(folder);
    await expect(save(frame, folder)).rejects.toMatchObject({
      code: 'EISDIR',
      message: `cannot write ${folder}: is a directory`,
    });
    expect(readdirSync(folder)).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepStaleTemporaries, writeFileAtomic } from '../../src/output/atomic-file.js';
import { temporaryName } from '../../src/output/temporary-name.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mss-ts-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file name of exactly `size` bytes, ending in .png. */
const nameOf = (size: number) => `${'a'.repeat(size - 4)}.png`;

describe('writeFileAtomic', () => {
  it('writes a file whose name has the longest legal length, leaving nothing else', async () => {
    const folder = join(dir, 'long');
    const path = join(folder, nameOf(255));
    await writeFileAtomic(path, Buffer.from('png'));
    expect(readFileSync(path, 'utf8')).toBe('png');
    expect(readdirSync(folder)).toEqual([nameOf(255)]);
  });

  it('sweeps the shortened temporary a killed run left behind', async () => {
    const folder = join(dir, 'stale-long');
    mkdirSync(folder);
    const stale = temporaryName(join(folder, nameOf(250)), 999_999); // no such process
    writeFileSync(stale, 'partial');
    await sweepStaleTemporaries(dirname(stale));
    expect(readdirSync(folder)).toEqual([]);
  });
});

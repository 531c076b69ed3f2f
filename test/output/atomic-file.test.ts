import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sweepStaleTemporaries,
  temporaryName,
  writeFileAtomic,
} from '../../src/output/atomic-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mss-ts-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (text: string) => Buffer.byteLength(text);
/** A file name of exactly `size` bytes, ending in .png. */
const nameOf = (size: number, fill = 'a') => `${fill.repeat(size - 4)}.png`;

describe('temporaryName', () => {
  it('is .NAME.mss-ts-PID.tmp beside the file', () => {
    expect(temporaryName('shots/a.png', 42)).toBe('shots/.a.png.mss-ts-42.tmp');
  });

  it('fits a name of the longest legal length, keeping its start and the suffix', () => {
    const name = nameOf(255);
    const temp = basename(temporaryName(join(dir, name), 4_194_304));
    expect(bytes(temp)).toBeLessThanOrEqual(255);
    expect(temp.startsWith(`.${name.slice(0, 200)}`)).toBe(true);
    expect(temp.endsWith('.mss-ts-4194304.tmp')).toBe(true);
  });

  it('gives long names alike at the start different temporaries', () => {
    const a = temporaryName(`${'x'.repeat(250)}-1.png`);
    const b = temporaryName(`${'x'.repeat(250)}-2.png`);
    expect(a).not.toBe(b);
  });

  it('cuts a long name between characters, not inside one', () => {
    const name = `${'ü'.repeat(124)}.png`; // two bytes each: 252 bytes in all
    const temp = basename(temporaryName(name, 7));
    expect(bytes(temp)).toBeLessThanOrEqual(255);
    expect(temp).not.toContain('\uFFFD');
    expect(temp.startsWith(`.${'ü'.repeat(100)}`)).toBe(true);
  });
});

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

import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryName, temporaryOwner } from '../../src/output/temporary-name.js';

const bytes = (text: string) => Buffer.byteLength(text);
/** A file name of exactly `size` bytes, ending in .png. */
const nameOf = (size: number) => `${'a'.repeat(size - 4)}.png`;

describe('temporaryName', () => {
  it('is .NAME.mss-ts-PID.tmp beside the file', () => {
    expect(temporaryName('shots/a.png', 42)).toBe('shots/.a.png.mss-ts-42.tmp');
  });

  it('fits a name of the longest legal length, keeping its start and the suffix', () => {
    const name = nameOf(255);
    const temp = basename(temporaryName(join('/tmp/shots', name), 4_194_304));
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

describe('temporaryOwner', () => {
  it('reads the process id of a temporary, short or shortened, and nothing else', () => {
    expect(temporaryOwner(basename(temporaryName('a.png', 42)))).toBe(42);
    expect(temporaryOwner(basename(temporaryName(nameOf(255), 42)))).toBe(42);
    expect(temporaryOwner('a.png')).toBeUndefined();
    expect(temporaryOwner('.a.png.mss-ts-x.tmp')).toBeUndefined();
  });
});

import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32, crc32 } from '../../src/encode/checksums.js';

describe('checksums', () => {
  it('match the standard check values', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(adler32(Buffer.from('Wikipedia'))).toBe(0x11e60398);
  });
  it('continue across pieces, and agree with zlib over long input', () => {
    const data = Buffer.alloc(100_000, 0).map((_, i) => (i * 31 + (i >> 7)) & 0xff);
    const zlibAdler = deflateSync(data).readUInt32BE(deflateSync(data).length - 4);
    expect(adler32(data)).toBe(zlibAdler);
    expect(adler32(data.subarray(40_000), adler32(data.subarray(0, 40_000)))).toBe(zlibAdler);
    expect(crc32(data.subarray(7), crc32(data.subarray(0, 7)))).toBe(crc32(data));
  });
});

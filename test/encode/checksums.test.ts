import { describe, expect, it } from 'vitest';
import {
  adler32ByDeflate,
  adler32Combine,
  adler32Of,
  checksumWays,
  crc32ByGzip,
  crc32ByNodeZlib,
} from '../../src/encode/checksums.js';
import { libzAdler32 } from '../../src/native/libz.js';
import { adlerByHand, crcByHand } from '../helpers/checksums.js';

// Each way called directly, so that a way which is missing fails instead of falling back.
const ways = [
  {
    name: 'libz (Adler-32) and node:zlib crc32',
    adler: async (bytes: Uint8Array) => libzAdler32(bytes),
    crc: async (bytes: Uint8Array) => crc32ByNodeZlib(bytes),
  },
  { name: 'stored node:zlib streams', adler: adler32ByDeflate, crc: crc32ByGzip },
];

describe.each(ways)('checksums through $name', ({ adler, crc }) => {
  it('match the standard check values', async () => {
    expect(await crc(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(await adler(Buffer.from('Wikipedia'))).toBe(0x11e60398);
    expect(await adler(Buffer.alloc(0))).toBe(1);
  });

  it('match the definitions on a large input', async () => {
    const data = Buffer.alloc(1_000_000).map((_, i) => (i * 131 + (i >> 9)) & 0xff);
    expect(await adler(data)).toBe(adlerByHand(data));
    expect(await crc(data)).toBe(crcByHand(data));
  });
});

describe('checksumWays', () => {
  // The tests above call each way directly; this says the encoder takes the fast ones here.
  it('reports libz and zlib.crc32 where both exist, as on every supported test system', () => {
    expect(checksumWays()).toEqual({ adler32: 'libz', crc32: 'zlib.crc32' });
  });
});

describe('crc32ByNodeZlib', () => {
  it('chains parts as if they were one', () => {
    const data = Buffer.from('123456789');
    expect(crc32ByNodeZlib(data.subarray(0, 4), data.subarray(4))).toBe(0xcbf43926);
  });
});

describe('adler32Combine', () => {
  it('combines Adler-32 of two pieces into that of the whole', async () => {
    const data = Buffer.alloc(300_000).map((_, i) => (i * 31 + (i >> 7)) & 0xff);
    const whole = await adler32Of(data);
    for (const cut of [0, 1, 5552, 65521, 200_001]) {
      const a = await adler32Of(data.subarray(0, cut));
      const b = await adler32Of(data.subarray(cut));
      expect(adler32Combine(a, b, data.length - cut)).toBe(whole);
    }
  });
});

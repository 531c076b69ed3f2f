import { describe, expect, it } from 'vitest';
import { adler32Combine, adler32Of, crc32Of } from '../../src/encode/checksums.js';

describe('checksums computed by zlib', () => {
  it('match the standard check values', async () => {
    expect(await crc32Of(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(await adler32Of(Buffer.from('Wikipedia'))).toBe(0x11e60398);
  });

  it('combine Adler-32 of two pieces into that of the whole', async () => {
    const data = Buffer.alloc(300_000).map((_, i) => (i * 31 + (i >> 7)) & 0xff);
    const whole = await adler32Of(data);
    for (const cut of [0, 1, 5552, 65521, 200_001]) {
      const a = await adler32Of(data.subarray(0, cut));
      const b = await adler32Of(data.subarray(cut));
      expect(adler32Combine(a, b, data.length - cut)).toBe(whole);
    }
  });
});

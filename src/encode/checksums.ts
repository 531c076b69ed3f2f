// CRC-32 (PNG chunks) and Adler-32 (zlib streams). Node 20's zlib exposes neither, so they come
// from the system's libz through koffi (6 MB in about 3 ms). Without libz, node:zlib still
// computes both natively: a stored (level 0) zlib stream ends with the Adler-32 of its input, and
// a stored gzip stream with the CRC-32; both beat a cold JavaScript loop by an order of magnitude.
import { promisify } from 'node:util';
import { deflate, gzip } from 'node:zlib';
import { lazily, zlib } from '../native/lib.js';

const deflateAsync = promisify(deflate);
const gzipAsync = promisify(gzip);

type Checksum = (start: number, bytes: Uint8Array, length: number) => number;

const libz = lazily(() => {
  const lib = zlib();
  if (!lib) return null;
  return {
    adler32: lib.func(
      'unsigned long adler32(unsigned long adler, const uint8_t *buf, unsigned int len)',
    ) as Checksum,
    crc32: lib.func(
      'unsigned long crc32(unsigned long crc, const uint8_t *buf, unsigned int len)',
    ) as Checksum,
  };
});

/** Room for the whole stored stream in one output chunk: one callback instead of hundreds. */
export const wholeOutput = (bytes: Uint8Array) => bytes.length + (bytes.length >> 8) + 1024;

/** Adler-32 of `bytes` from a stored zlib stream's trailer (for a system without libz). */
export async function adler32ByDeflate(bytes: Uint8Array): Promise<number> {
  const stored = await deflateAsync(bytes, { level: 0, chunkSize: wholeOutput(bytes) });
  return stored.readUInt32BE(stored.length - 4);
}

/** CRC-32 of `bytes` from a stored gzip stream's trailer (for a system without libz). */
export async function crc32ByGzip(bytes: Uint8Array): Promise<number> {
  const stored = await gzipAsync(bytes, { level: 0, chunkSize: wholeOutput(bytes) });
  return stored.readUInt32LE(stored.length - 8);
}

/** Adler-32 of `bytes`. */
export async function adler32Of(bytes: Uint8Array): Promise<number> {
  const z = libz();
  return z ? z.adler32(1, bytes, bytes.length) >>> 0 : adler32ByDeflate(bytes);
}

/** CRC-32 of `parts` one after another (libz chains them without joining them). */
export async function crc32Of(...parts: Uint8Array[]): Promise<number> {
  const z = libz();
  if (!z) return crc32ByGzip(parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts));
  let crc = 0;
  for (const part of parts) crc = z.crc32(crc, part, part.length) >>> 0;
  return crc;
}

const ADLER_MOD = 65521;

/** The Adler-32 of A followed by B, from adler(A), adler(B) and B's length (zlib's adler32_combine). */
export function adler32Combine(adlerA: number, adlerB: number, lengthB: number): number {
  const rem = lengthB % ADLER_MOD;
  let sum1 = adlerA & 0xffff;
  let sum2 = (rem * sum1) % ADLER_MOD;
  sum1 += (adlerB & 0xffff) + ADLER_MOD - 1;
  sum2 += (adlerA >>> 16) + (adlerB >>> 16) + ADLER_MOD - rem;
  if (sum1 >= ADLER_MOD) sum1 -= ADLER_MOD;
  if (sum1 >= ADLER_MOD) sum1 -= ADLER_MOD;
  if (sum2 >= ADLER_MOD * 2) sum2 -= ADLER_MOD * 2;
  if (sum2 >= ADLER_MOD) sum2 -= ADLER_MOD;
  return ((sum2 << 16) | sum1) >>> 0;
}

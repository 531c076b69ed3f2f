// CRC-32 (PNG chunks) and Adler-32 (zlib streams). Node 20's zlib exposes neither, but it
// computes both natively: a stored (level 0) zlib stream ends with the Adler-32 of its input,
// and a stored gzip stream with the CRC-32. In a short-lived process that beats a cold
// JavaScript loop by an order of magnitude, and it runs on libuv's threads.
import { promisify } from 'node:util';
import { deflate, gzip } from 'node:zlib';

const deflateAsync = promisify(deflate);
const gzipAsync = promisify(gzip);

/** Adler-32 of `bytes`, computed by zlib. */
export async function adler32Of(bytes: Uint8Array): Promise<number> {
  const stored = await deflateAsync(bytes, { level: 0, chunkSize: wholeOutput(bytes) });
  return stored.readUInt32BE(stored.length - 4);
}

/** CRC-32 of `bytes`, computed by zlib. */
export async function crc32Of(bytes: Uint8Array): Promise<number> {
  const stored = await gzipAsync(bytes, { level: 0, chunkSize: wholeOutput(bytes) });
  return stored.readUInt32LE(stored.length - 8);
}

/** Room for the whole stored stream in one output chunk: one callback instead of hundreds. */
export const wholeOutput = (bytes: Uint8Array) => bytes.length + (bytes.length >> 8) + 1024;

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

// CRC-32 (PNG chunks) and Adler-32 (zlib streams). node:zlib computes CRC-32 (Node 20.15 and
// later) but not Adler-32, which comes from the system's libz. Where either is missing, a stored
// (level 0) stream of node:zlib still computes both natively: a zlib stream ends with the
// Adler-32 of its input, a gzip stream with the CRC-32.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { libzAdler32 } from '../native/libz.js';

const deflateAsync = promisify(zlib.deflate);
const gzipAsync = promisify(zlib.gzip);
/** Not in Node before 20.15, hence not a named import, which would fail to link there. */
const nodeCrc32 = zlib.crc32 as ((data: Uint8Array, value?: number) => number) | undefined;

/** Room for the whole stored stream in one output chunk: one callback instead of hundreds. */
export const wholeOutput = (bytes: Uint8Array) => bytes.length + (bytes.length >> 8) + 1024;

/** Adler-32 of `bytes` from a stored zlib stream's trailer (for a system without libz). */
export async function adler32ByDeflate(bytes: Uint8Array): Promise<number> {
  const stored = await deflateAsync(bytes, { level: 0, chunkSize: wholeOutput(bytes) });
  return stored.readUInt32BE(stored.length - 4);
}

/** CRC-32 of `bytes` from a stored gzip stream's trailer (for a Node without zlib.crc32). */
export async function crc32ByGzip(bytes: Uint8Array): Promise<number> {
  const stored = await gzipAsync(bytes, { level: 0, chunkSize: wholeOutput(bytes) });
  return stored.readUInt32LE(stored.length - 8);
}

/** CRC-32 of `parts` one after another through node:zlib; throws on a Node without it. */
export function crc32ByNodeZlib(...parts: Uint8Array[]): number {
  if (!nodeCrc32) throw new Error('node:zlib has no crc32 before Node 20.15');
  let crc = 0;
  for (const part of parts) crc = nodeCrc32(part, crc);
  return crc;
}

/** Which code computes each checksum here, for tests and reports. */
export interface ChecksumWays {
  /** `libz`: the system's libz; `deflate`: a stored node:zlib stream's trailer. */
  adler32: 'libz' | 'deflate';
  /** `zlib.crc32`: node:zlib's function; `gzip`: a stored node:zlib gzip stream's trailer. */
  crc32: 'zlib.crc32' | 'gzip';
}

/** The ways adler32Of() and crc32Of() take in this process. */
export function checksumWays(): ChecksumWays {
  return {
    adler32: libzAdler32(new Uint8Array(0)) === null ? 'deflate' : 'libz',
    crc32: nodeCrc32 ? 'zlib.crc32' : 'gzip',
  };
}

/** Adler-32 of `bytes`. */
export async function adler32Of(bytes: Uint8Array): Promise<number> {
  return libzAdler32(bytes) ?? adler32ByDeflate(bytes);
}

/** CRC-32 of `parts` one after another (node:zlib chains them without joining them). */
export async function crc32Of(...parts: Uint8Array[]): Promise<number> {
  if (nodeCrc32) return crc32ByNodeZlib(...parts);
  return crc32ByGzip(parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts));
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

// zlib's Adler-32, which node:zlib does not expose. Optional: without libz the encoder computes
// the checksum another way.
import { lazily, libz } from './lib.js';

type Adler32 = (adler: number, bytes: Uint8Array, length: number) => number;

const adler32 = lazily(
  () =>
    (libz()?.func(
      'unsigned long adler32(unsigned long adler, const uint8_t *buf, unsigned int len)',
    ) as Adler32 | undefined) ?? null,
);

/** Adler-32 of `bytes` from the system's libz, or null when libz cannot be loaded. */
export function libzAdler32(bytes: Uint8Array): number | null {
  const fn = adler32();
  return fn ? fn(1, bytes, bytes.length) >>> 0 : null;
}

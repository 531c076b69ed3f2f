// PNG from BGRX without sharp: loading sharp costs more than encoding a screenshot, and zlib
// can compress strips of the image on several threads at once (as pigz does).
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { constants, deflateRaw } from 'node:zlib';
import { adler32Combine, adler32Of, crc32Of, wholeOutput } from './checksums.js';
import type { Pixels } from './image.js';
import { RgbRows } from './rgb-rows.js';

const deflateRawAsync = promisify(deflateRaw);
export const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_RGB = 2;
/** Below this many bytes a strip is not worth a thread of its own. */
const MIN_STRIP_BYTES = 256 * 1024;

/**
 * A PNG chunk in pieces (length and type, the data's parts, CRC-32 of type and data), joined
 * once with the rest of the file rather than copied chunk by chunk.
 */
export async function chunk(type: string, ...parts: Uint8Array[]): Promise<Uint8Array[]> {
  const head = Buffer.allocUnsafe(8);
  head.writeUInt32BE(
    parts.reduce((n, part) => n + part.length, 0),
    0,
  );
  head.write(type, 4, 'latin1');
  const crc = Buffer.allocUnsafe(4);
  crc.writeUInt32BE(await crc32Of(head.subarray(4), ...parts));
  return [head, ...parts, crc];
}

/** The zlib stream header for `level` (FLEVEL is advisory; decoders ignore it). */
export const zlibHeader = (level: number) =>
  Buffer.from([0x78, level >= 7 ? 0xda : level === 6 ? 0x9c : level >= 2 ? 0x5e : 0x01]);

/**
 * Deflate one strip of scanlines as a part of a zlib stream that stands alone: it starts with
 * an empty window and ends byte-aligned (a full flush, or the final block for the last strip),
 * so strips compressed apart, or at different times, join into one valid stream.
 */
export function deflateStrip(raw: Uint8Array, level: number, last: boolean): Promise<Buffer> {
  const finishFlush = last ? constants.Z_FINISH : constants.Z_FULL_FLUSH;
  // memLevel 9 (zlib's largest hash table): less time than the default 8 at the same level,
  // and a slightly smaller file, for twice the hash memory per strip.
  return deflateRawAsync(raw, { level, memLevel: 9, finishFlush, chunkSize: wholeOutput(raw) });
}

/** IHDR's data: 8-bit RGB, no interlace. */
export function ihdrOf(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, COLOR_TYPE_RGB, 0, 0, 0], 8);
  return ihdr;
}

/**
 * Encode a frame as an 8-bit RGB PNG with zlib `level` (0-9). Strips of rows are converted and
 * handed to zlib one after another, so they compress on libuv's threads while this thread
 * converts the next strip and computes checksums; full flushes make the strips one stream.
 * The pixels are copied before the promise is returned, so the frame may be released at once.
 */
export async function encodePng(frame: Pixels, level: number): Promise<Buffer> {
  const { width, height } = frame;
  const rowBytes = 1 + width * 3;
  const strips = Math.max(
    1,
    Math.min(availableParallelism() * 2, 8, Math.floor((rowBytes * height) / MIN_STRIP_BYTES)),
  );
  const rowsPerStrip = Math.ceil(height / strips);
  // PNG scanlines: a filter byte (0, None) before each row of RGB.
  const scanlines = new RgbRows(frame, { filterByte: true, maxRows: rowsPerStrip });
  const jobs: Promise<Buffer>[] = [];
  const raws: Buffer[] = [];
  for (let top = 0; top < height; top += rowsPerStrip) {
    const bottom = Math.min(height, top + rowsPerStrip);
    const raw = scanlines.pack(top, bottom);
    jobs.push(deflateStrip(raw, level, bottom === height));
    raws.push(raw);
  }
  // Checksums only once every strip is compressing: deflate is the long pole, so it starts first.
  const adlers = raws.map((raw) => adler32Of(raw));
  const ihdr = ihdrOf(width, height);
  let adler = 1;
  for (let i = 0; i < adlers.length; i++)
    adler = adler32Combine(adler, await (adlers[i] as Promise<number>), (raws[i] as Buffer).length);
  const chunks: Promise<Uint8Array[]>[] = [chunk('IHDR', ihdr)];
  for (let i = 0; i < jobs.length; i++) {
    const parts: Uint8Array[] = [await (jobs[i] as Promise<Buffer>)];
    if (i === 0) parts.unshift(zlibHeader(level));
    if (i === jobs.length - 1) {
      const trailer = Buffer.allocUnsafe(4);
      trailer.writeUInt32BE(adler);
      parts.push(trailer);
    }
    chunks.push(chunk('IDAT', ...parts));
  }
  chunks.push(chunk('IEND'));
  return Buffer.concat([SIGNATURE, ...(await Promise.all(chunks)).flat()]);
}

// PNG from BGRX without sharp: loading sharp costs more than encoding a screenshot, and zlib
// can compress strips of the image on several threads at once (as pigz does).
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { constants, deflateRaw } from 'node:zlib';
import type { Frame } from '../capture/frame.js';
import { adler32Combine, adler32Of, crc32Of, wholeOutput } from './checksums.js';

const deflateRawAsync = promisify(deflateRaw);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_RGB = 2;
/** Below this many bytes a strip is not worth a thread of its own. */
const MIN_STRIP_BYTES = 256 * 1024;

/** A PNG chunk: length, type, data, CRC-32 of type and data. */
async function chunk(type: string, data: Uint8Array): Promise<Buffer> {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(await crc32Of(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * PNG scanlines of rows [top, bottom): a filter byte (0, none) then RGB for each pixel. Four
 * pixels at a time become three words of an aligned RGB row, then each row is copied after its
 * filter byte: a quarter of the loop iterations of a byte-by-byte conversion.
 */
export function scanlines(frame: Frame, top = 0, bottom = frame.height): Buffer {
  const { width, stride, data } = frame;
  const rgbRow = width * 3;
  const out = Buffer.allocUnsafe((1 + rgbRow) * (bottom - top));
  const rowWords = new Uint32Array(Math.ceil(rgbRow / 4) + 1);
  const rowBytes = new Uint8Array(rowWords.buffer, 0, rgbRow);
  const src = new Uint32Array(data.buffer, data.byteOffset, (data.length + 3) >> 2);
  const quads = width >> 2;
  for (let y = top, o = 0; y < bottom; y++, o += 1 + rgbRow) {
    let s = y * (stride >> 2);
    let d = 0;
    for (let q = 0; q < quads; q++, s += 4, d += 3) {
      // little-endian BGRX words 0xXXRRGGBB -> bytes R G B R | G B R G | B R G B
      const p0 = src[s] as number;
      const p1 = src[s + 1] as number;
      const p2 = src[s + 2] as number;
      const p3 = src[s + 3] as number;
      rowWords[d] =
        ((p0 >>> 16) & 0xff) | (p0 & 0xff00) | ((p0 & 0xff) << 16) | (((p1 >>> 16) & 0xff) << 24);
      rowWords[d + 1] =
        ((p1 >>> 8) & 0xff) |
        ((p1 & 0xff) << 8) |
        (((p2 >>> 16) & 0xff) << 16) |
        (((p2 >>> 8) & 0xff) << 24);
      rowWords[d + 2] =
        (p2 & 0xff) | (((p3 >>> 16) & 0xff) << 8) | ((p3 & 0xff00) << 8) | ((p3 & 0xff) << 24);
    }
    for (let x = quads * 4, b = quads * 12; x < width; x++, s++) {
      const v = src[s] as number;
      rowBytes[b++] = (v >>> 16) & 0xff;
      rowBytes[b++] = (v >>> 8) & 0xff;
      rowBytes[b++] = v & 0xff;
    }
    out[o] = 0;
    out.set(rowBytes, o + 1);
  }
  return out;
}

/** The zlib stream header for `level` (FLEVEL is advisory; decoders ignore it). */
const zlibHeader = (level: number) =>
  Buffer.from([0x78, level >= 7 ? 0xda : level === 6 ? 0x9c : level >= 2 ? 0x5e : 0x01]);

/**
 * Encode a frame as an 8-bit RGB PNG with zlib `level` (0-9). Strips of rows are converted and
 * handed to zlib one after another, so they compress on libuv's threads while this thread
 * converts the next strip and computes checksums; full flushes make the strips one stream.
 * The pixels are copied before the promise is returned, so the frame may be released at once.
 */
export async function encodePng(frame: Frame, level: number): Promise<Buffer> {
  const { width, height } = frame;
  const rowBytes = 1 + width * 3;
  const strips = Math.max(
    1,
    Math.min(availableParallelism() * 2, 8, Math.floor((rowBytes * height) / MIN_STRIP_BYTES)),
  );
  const rowsPerStrip = Math.ceil(height / strips);
  const jobs: Promise<Buffer>[] = [];
  const adlers: Promise<number>[] = [];
  const lengths: number[] = [];
  for (let top = 0; top < height; top += rowsPerStrip) {
    const bottom = Math.min(height, top + rowsPerStrip);
    const raw = scanlines(frame, top, bottom);
    const finishFlush = bottom === height ? constants.Z_FINISH : constants.Z_FULL_FLUSH;
    jobs.push(deflateRawAsync(raw, { level, finishFlush, chunkSize: wholeOutput(raw) }));
    adlers.push(adler32Of(raw));
    lengths.push(raw.length);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, COLOR_TYPE_RGB, 0, 0, 0], 8);
  let adler = 1;
  for (let i = 0; i < adlers.length; i++)
    adler = adler32Combine(adler, await (adlers[i] as Promise<number>), lengths[i] as number);
  const chunks: Promise<Buffer>[] = [chunk('IHDR', ihdr)];
  for (let i = 0; i < jobs.length; i++) {
    const parts = [await (jobs[i] as Promise<Buffer>)];
    if (i === 0) parts.unshift(zlibHeader(level));
    if (i === jobs.length - 1) {
      const trailer = Buffer.allocUnsafe(4);
      trailer.writeUInt32BE(adler);
      parts.push(trailer);
    }
    chunks.push(chunk('IDAT', parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)));
  }
  chunks.push(chunk('IEND', new Uint8Array(0)));
  return Buffer.concat([SIGNATURE, ...(await Promise.all(chunks))]);
}

// PNG for loops: a frame is deflated as independent strips of rows, and a strip whose rows did
// not change since the previous frame keeps its compressed bytes, its Adler-32 and its IDAT
// chunk's CRC. On a desktop where only a clock or a window changes, most of a frame is then
// never compressed again; where most of it changed, the frame is encoded whole, as encode()
// does.

import type { Frame, GrabRecord } from '../capture/frame.js';
import type { Region } from '../capture/region.js';
import { booleanOption, integerOption, optionsOf } from '../capture/validate.js';
import { adler32Combine, adler32Of } from './checksums.js';
import { encode } from './encode.js';
import { chunk, deflateStrip, ihdrOf, SIGNATURE, zlibHeader } from './png.js';
import { RgbRows } from './rgb-rows.js';

/**
 * Rows per strip when none is given. Smaller strips reuse more of a frame whose changes are
 * small, and compress a little worse (each starts with an empty window); bench/changes.ts
 * measures both.
 */
export const DEFAULT_STRIP_ROWS = 16;

/**
 * Above this fraction of changed strips a frame is encoded whole by sharp instead: its deflate
 * takes less CPU than node:zlib's for the same bytes, so where most of a frame changed (noise,
 * a scrolled page, a new window) strip by strip would cost more than a whole-frame encode.
 * bench/changes.ts measures both paths.
 */
const WHOLE_ABOVE = 0.6;

export interface PngEncoderOptions {
  /** zlib level, 0-9 (default 6). */
  level?: number;
  /** Rows per strip (default DEFAULT_STRIP_ROWS): the unit that is reused or deflated again. */
  stripRows?: number;
  /** false encodes every frame whole, as encode() does (to measure what reuse saves). Default true. */
  reuse?: boolean;
}

/** What a loop encoder did so far. */
export interface PngEncoderStats {
  frames: number;
  /** Frames encoded whole by sharp: too many strips had changed for strips to pay. */
  wholeFrames: number;
  /** Strips whose compressed bytes came from the previous frame. */
  reusedStrips: number;
  /** Strips compressed again. */
  deflatedStrips: number;
  /** Strips whose pixels were compared with the previous frame's (damage did not rule them out). */
  comparedStrips: number;
}

/** A loop's PNG encoder: remembers the previous frame's strips. See createPngEncoder(). */
export interface PngEncoder {
  /**
   * Encode `frame` as an 8-bit RGB PNG, reusing the strips that did not change since the
   * previous call. The pixels are copied before the promise is returned, so the frame may be
   * released at once, and the next frame may be handed in before this one's promise settles.
   */
  encode(frame: Frame): Promise<Buffer>;
  /** Counts since the encoder was made. */
  readonly stats: Readonly<PngEncoderStats>;
}

/** A strip's part of the file: its IDAT chunk (CRC included) and its raw bytes' Adler-32. */
interface Strip {
  chunk: Promise<Uint8Array[]>;
  adler: Promise<number>;
  rawLength: number;
}

const PNG_ENCODER_OPTIONS = ['level', 'stripRows', 'reuse'] as const;

const sameArea = (a: Region, b: Region) =>
  a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height;

class StripPngEncoder implements PngEncoder {
  readonly #level: number;
  readonly #stripRows: number;
  readonly #reuse: boolean;
  readonly #stats: PngEncoderStats = {
    frames: 0,
    wholeFrames: 0,
    reusedStrips: 0,
    deflatedStrips: 0,
    comparedStrips: 0,
  };
  /** The previous frame: its area, its pixels (packed BGRX), its strips, how it was grabbed. */
  #area: Region | undefined;
  #pixels: Buffer = Buffer.alloc(0);
  #strips: Strip[] = [];
  #record: GrabRecord | undefined;

  constructor(level: number, stripRows: number, reuse: boolean) {
    this.#level = level;
    this.#stripRows = stripRows;
    this.#reuse = reuse;
  }

  get stats(): Readonly<PngEncoderStats> {
    return { ...this.#stats };
  }

  encode(frame: Frame): Promise<Buffer> {
    const { width, height, stride } = frame;
    const data = frame.data;
    const rowBytes = width * 4;
    const area = frame.region;
    const known = this.#reuse && this.#area !== undefined && sameArea(this.#area, area);
    if (!known) {
      if (this.#reuse) this.#pixels = Buffer.allocUnsafe(rowBytes * height);
      this.#strips = [];
    }
    const damaged = known ? this.#damagedRows(frame) : null;
    this.#area = area;
    this.#record = frame.grabRecord;
    const rows = this.#stripRows;
    const count = Math.ceil(height / rows);
    const changed = new Uint8Array(count);
    let changes = 0;
    for (let i = 0; i < count; i++) {
      const top = i * rows;
      const bottom = Math.min(height, top + rows);
      if (known && !this.#changed(data, stride, rowBytes, top, bottom, damaged)) continue;
      this.#keep(data, stride, rowBytes, top, bottom);
      changed[i] = 1;
      changes++;
    }
    this.#stats.frames++;
    if (changes > count * WHOLE_ABOVE) {
      // The strips that changed lose their compressed bytes; the others keep theirs for later.
      for (let i = 0; i < count; i++) if (changed[i]) delete this.#strips[i];
      this.#stats.wholeFrames++;
      return encode(frame, { format: 'png', level: this.#level });
    }
    let scanlines: RgbRows | undefined;
    for (let i = 0; i < count; i++) {
      if (this.#strips[i] && !changed[i]) {
        this.#stats.reusedStrips++;
        continue;
      }
      const top = i * rows;
      const bottom = Math.min(height, top + rows);
      // PNG scanlines: a filter byte (0, None) before each row of RGB.
      scanlines ??= new RgbRows(frame, { filterByte: true, maxRows: rows });
      const raw = scanlines.pack(top, bottom);
      const compressed = deflateStrip(raw, this.#level, bottom === height);
      const strip: Strip = {
        chunk: compressed.then((bytes) => chunk('IDAT', bytes)),
        adler: adler32Of(raw),
        rawLength: raw.length,
      };
      // A strip that failed fails its own frame, not every later one that would reuse it.
      strip.chunk.catch(() => {
        if (this.#strips[i] === strip) delete this.#strips[i];
      });
      this.#strips[i] = strip;
      this.#stats.deflatedStrips++;
    }
    return this.#assemble(width, height, [...this.#strips] as Strip[]);
  }

  /**
   * The rows (relative to the frame's top) that can differ from the previous frame's, when the
   * grab says so: the frame is the next grab of the same session and area. Null: unknown.
   */
  #damagedRows(frame: Frame): (readonly [number, number])[] | null {
    const record = frame.grabRecord;
    const before = this.#record;
    if (
      !record ||
      !before ||
      record.session !== before.session ||
      record.serial !== before.serial + 1 ||
      record.rows === 'all'
    ) {
      return null;
    }
    const top = frame.top;
    const bottom = top + frame.height;
    return record.rows
      .map(([t, b]) => [Math.max(t, top) - top, Math.min(b, bottom) - top] as const)
      .filter(([t, b]) => t < b);
  }

  /** Whether rows [top, bottom) differ from the previous frame's (damage first, then bytes). */
  #changed(
    data: Uint8Array,
    stride: number,
    rowBytes: number,
    top: number,
    bottom: number,
    damaged: readonly (readonly [number, number])[] | null,
  ): boolean {
    if (damaged && !damaged.some(([t, b]) => t < bottom && b > top)) return false;
    this.#stats.comparedStrips++;
    const previous = this.#pixels;
    if (stride === rowBytes) {
      const now = Buffer.from(data.buffer, data.byteOffset + top * stride, (bottom - top) * stride);
      return !now.equals(previous.subarray(top * rowBytes, bottom * rowBytes));
    }
    for (let y = top; y < bottom; y++) {
      const now = Buffer.from(data.buffer, data.byteOffset + y * stride, rowBytes);
      if (!now.equals(previous.subarray(y * rowBytes, (y + 1) * rowBytes))) return true;
    }
    return false;
  }

  /** Remember rows [top, bottom) for the next frame's comparison. */
  #keep(data: Uint8Array, stride: number, rowBytes: number, top: number, bottom: number): void {
    if (!this.#reuse) return;
    if (stride === rowBytes) {
      this.#pixels.set(data.subarray(top * stride, bottom * stride), top * rowBytes);
      return;
    }
    for (let y = top; y < bottom; y++) {
      this.#pixels.set(data.subarray(y * stride, y * stride + rowBytes), y * rowBytes);
    }
  }

  /**
   * The file: IHDR; an IDAT with the zlib header; one IDAT per strip (reused strips keep theirs,
   * CRC included); an IDAT with the Adler-32 of the whole stream, combined from the strips'.
   */
  async #assemble(width: number, height: number, strips: Strip[]): Promise<Buffer> {
    const head = chunk('IDAT', zlibHeader(this.#level));
    let adler = 1;
    for (const strip of strips) adler = adler32Combine(adler, await strip.adler, strip.rawLength);
    const trailer = Buffer.allocUnsafe(4);
    trailer.writeUInt32BE(adler);
    const chunks = await Promise.all([
      chunk('IHDR', ihdrOf(width, height)),
      head,
      ...strips.map((strip) => strip.chunk),
      chunk('IDAT', trailer),
      chunk('IEND'),
    ]);
    return Buffer.concat([SIGNATURE, ...chunks.flat()]);
  }
}

/**
 * A PNG encoder for a loop: each frame is deflated as strips of rows, and a strip whose rows did
 * not change since the previous frame reuses its compressed bytes and checksums. Which strips
 * changed comes from the DAMAGE extension when the frame is the next grab of the same area, and
 * otherwise from comparing the strip's pixels with the previous frame's. A frame where most
 * strips changed (the first one, noise, a new window) is encoded whole, as encode() does, which
 * then costs less; the strips that did not change keep their bytes for the next frames. Every
 * file decodes to exactly the frame's pixels, as a whole-frame encode() does; only the file's
 * bytes may differ. encode() stays the stateless choice for single frames.
 *
 * @example
 * const png = createPngEncoder({ level: 6 });
 * for await (using frame of sct.frames(1, { interval: 100, count: 5 })) {
 *   const file = await png.encode(frame); // a whole PNG file, to write where you like
 *   console.log(frame.timing.tick, file.length);
 * }
 * console.log(png.stats.reusedStrips, png.stats.deflatedStrips);
 * @throws ScreenShotError (kind `argument`) for an option of the wrong type or value, or an
 *   unknown one.
 */
export function createPngEncoder(options: PngEncoderOptions = {}): PngEncoder {
  const given = optionsOf(options, 'PngEncoderOptions', PNG_ENCODER_OPTIONS);
  return new StripPngEncoder(
    integerOption('level', given.level, 0, 9) ?? 6,
    integerOption('stripRows', given.stripRows, 1, 65535) ?? DEFAULT_STRIP_ROWS,
    booleanOption('reuse', given.reuse) ?? true,
  );
}

// What a capture of a painted screen must hold, worked out from the painted bytes.
import { cut } from '../../scripts/paint.js';

/** A BGRX image as painted: the screen's bytes (or a copy the test changed) and its width. */
export interface PaintedImage {
  readonly screen: Buffer;
  readonly width: number;
  readonly height: number;
}

export interface Area {
  left: number;
  top: number;
  width: number;
  height: number;
}

const all = (image: PaintedImage): Area => ({
  left: 0,
  top: 0,
  width: image.width,
  height: image.height,
});

/**
 * The RGB bytes of `area` (default: the whole image), rows packed; with `alpha` RGBA with an
 * opaque alpha; with `filterByte` each row after a zero byte, as PNG scanlines with filter None.
 */
export function expectedRgb(
  image: PaintedImage,
  area: Area = all(image),
  { filterByte = false, alpha = false } = {},
): Buffer {
  const bgrx = cut(image.screen, image.width, area);
  const prefix = filterByte ? 1 : 0;
  const channels = alpha ? 4 : 3;
  const rowBytes = prefix + area.width * channels;
  const out = Buffer.alloc(rowBytes * area.height);
  for (let y = 0; y < area.height; y++) {
    for (let x = 0, o = y * rowBytes + prefix; x < area.width; x++, o += channels) {
      const i = (y * area.width + x) * 4;
      out[o] = bgrx[i + 2] as number;
      out[o + 1] = bgrx[i + 1] as number;
      out[o + 2] = bgrx[i] as number;
      if (alpha) out[o + 3] = 255;
    }
  }
  return out;
}

/** [r, g, b] of the pixel at x, y. */
export function expectedPixel(image: PaintedImage, x: number, y: number): number[] {
  return [...expectedRgb(image, { left: x, top: y, width: 1, height: 1 })];
}

/** A frame's BGRX bytes, row after row, without the padding its stride may leave between rows. */
export function packedBgrx(frame: {
  data: Uint8Array;
  width: number;
  height: number;
  stride: number;
}): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < frame.height; y++) {
    const start = y * frame.stride;
    rows.push(Buffer.from(frame.data.subarray(start, start + frame.width * 4)));
  }
  return Buffer.concat(rows);
}

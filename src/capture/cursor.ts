// The pointer drawn into a frame, from XFixes GetCursorImage.
//
// The cursor's ARGB32 pixels are premultiplied by alpha, as every RENDER picture is: a cursor
// made with RENDER CreateCursor keeps the picture's pixels unchanged, GetCursorImage returns
// them as they are, and the server displays them with the Over operator. So a pixel is drawn
// as dst = src + dst * (255 - alpha) / 255, rounded as pixman rounds and saturated at 255,
// which gives exactly what RENDER's own Over gives (test/capture/cursor.test.ts compares the
// two on a real X server). Blending as straight alpha (src * alpha / 255 + ...) darkens
// every semi-transparent edge and shadow.

import type { CursorImage } from '../native/xfixes.js';
import type { Region } from './region.js';

/** Pixels a grab overwrote in its buffer, kept so that they can be put back. */
export interface Patch {
  /** Byte offset of the first overwritten pixel in the buffer. */
  offset: number;
  /** Bytes from one row to the next in the buffer. */
  stride: number;
  /** Bytes of each overwritten row. */
  rowBytes: number;
  /** The original bytes, rowBytes per row. */
  original: Uint8Array;
}

/** x * y / 255 for bytes, rounded to nearest exactly as pixman's MUL_UN8 does. */
function mul255(x: number, y: number): number {
  const t = x * y + 0x80;
  return ((t >> 8) + t) >> 8;
}

/** Where the cursor's image lies on the root window, clipped to `region`; null if outside. */
export function cursorArea(cursor: CursorImage, region: Region): Region | null {
  const left = Math.max(cursor.x - cursor.xhot, region.left);
  const top = Math.max(cursor.y - cursor.yhot, region.top);
  const right = Math.min(cursor.x - cursor.xhot + cursor.width, region.left + region.width);
  const bottom = Math.min(cursor.y - cursor.yhot + cursor.height, region.top + region.height);
  if (right <= left || bottom <= top) return null;
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * Composite `cursor` over the BGRX pixels of `region` held in `bytes` (from byte `offset`,
 * `stride` bytes a row). Only the cursor's rectangle, clipped to the region, is touched, and
 * nothing at all for a cursor outside the region or one whose pixels are all transparent (a
 * hidden pointer is often an empty cursor). Returns what was overwritten, to be put back with
 * restorePatch(), or null when nothing was.
 */
export function drawCursor(
  bytes: Uint8Array,
  offset: number,
  stride: number,
  region: Region,
  cursor: CursorImage,
): Patch | null {
  const area = cursorArea(cursor, region);
  if (!area || cursor.pixels.every((p) => p === 0)) return null;
  const rowBytes = area.width * 4;
  const start = offset + (area.top - region.top) * stride + (area.left - region.left) * 4;
  const original = new Uint8Array(rowBytes * area.height);
  const originLeft = cursor.x - cursor.xhot;
  const originTop = cursor.y - cursor.yhot;
  for (let row = 0; row < area.height; row++) {
    const line = start + row * stride;
    original.set(bytes.subarray(line, line + rowBytes), row * rowBytes);
    let source = (area.top + row - originTop) * cursor.width + (area.left - originLeft);
    for (let d = line, end = line + rowBytes; d < end; d += 4, source++) {
      const p = cursor.pixels[source] as number;
      if (p === 0) continue;
      const keep = 255 - (p >>> 24);
      bytes[d] = Math.min(255, (p & 0xff) + mul255(bytes[d] as number, keep));
      bytes[d + 1] = Math.min(255, ((p >>> 8) & 0xff) + mul255(bytes[d + 1] as number, keep));
      bytes[d + 2] = Math.min(255, ((p >>> 16) & 0xff) + mul255(bytes[d + 2] as number, keep));
    }
  }
  return { offset: start, stride, rowBytes, original };
}

/** Put back the pixels that drawCursor() overwrote. */
export function restorePatch(bytes: Uint8Array, patch: Patch): void {
  const { offset, stride, rowBytes, original } = patch;
  for (let row = 0, source = 0; source < original.length; row++, source += rowBytes) {
    bytes.set(original.subarray(source, source + rowBytes), offset + row * stride);
  }
}

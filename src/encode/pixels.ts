// BGRX frames into the byte layouts that encoders and raw consumers want.

import type { PixelFormat } from './formats.js';
import type { Pixels } from './image.js';

/** The frame's rows packed without stride gaps: the frame's own bytes when already packed. */
function packedView(frame: Pixels): Uint8Array {
  const { data, width, height, stride } = frame;
  if (stride === width * 4) return data;
  const out = Buffer.allocUnsafe(width * height * 4);
  for (let y = 0; y < height; y++) {
    out.set(data.subarray(y * stride, y * stride + width * 4), y * width * 4);
  }
  return out;
}

/**
 * Scratch buffers for conversions, reused: a fresh frame-sized buffer per frame costs its page
 * faults and garbage collection on every frame of a loop.
 */
const scratch: Buffer[] = [];
const KEEP = 4;

export function borrowScratch(size: number): Buffer {
  const i = scratch.findIndex((b) => b.length >= size);
  return i >= 0 ? (scratch.splice(i, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(size);
}

export function returnScratch(buffer: Buffer): void {
  if (scratch.length < KEEP) scratch.push(buffer);
}

/**
 * Rows [top, bottom) of a frame as packed RGB, handed to `emit(rgbRow, y)` one at a time (the
 * row buffer is reused: copy it out). Four pixels at a time become three aligned words, a
 * quarter of the loop iterations of a byte-by-byte conversion.
 */
export function forEachRgbRow(
  frame: Pixels,
  top: number,
  bottom: number,
  emit: (rgbRow: Uint8Array, y: number) => void,
): void {
  const { width, stride, data } = frame;
  const rgbBytes = width * 3;
  const rowWords = new Uint32Array(Math.ceil(rgbBytes / 4) + 1);
  const rowBytes = new Uint8Array(rowWords.buffer, 0, rgbBytes);
  const src = new Uint32Array(data.buffer, data.byteOffset, (data.length + 3) >> 2);
  const quads = width >> 2;
  for (let y = top; y < bottom; y++) {
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
    emit(rowBytes, y);
  }
}

/**
 * Packed RGB copy of a frame in `into` (at least width * height * 3 bytes). Encoders take RGB
 * without a pass of their own to drop a fourth band (libvips would otherwise make one).
 */
export function toRgb(frame: Pixels, into?: Buffer): Buffer {
  const rowBytes = frame.width * 3;
  const out = (into ?? Buffer.allocUnsafe(rowBytes * frame.height)).subarray(
    0,
    rowBytes * frame.height,
  );
  forEachRgbRow(frame, 0, frame.height, (row, y) => out.set(row, y * rowBytes));
  return out;
}

/** Set byte 3 of every pixel to 255 (opaque), in place. */
function setOpaque(bytes: Uint8Array): void {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  for (let i = 0; i < words.length; i++) words[i] = (words[i] as number) | 0xff000000;
}

/**
 * The frame in a raw pixel layout. `bgr0` of a packed frame is the frame's own buffer (no copy:
 * valid until the frame is released); every other layout is a new buffer.
 */
export function toPixelFormat(frame: Pixels, pixelFormat: PixelFormat): Uint8Array {
  switch (pixelFormat) {
    case 'bgr0':
      return packedView(frame);
    case 'bgra': {
      const out = Buffer.from(packedView(frame));
      setOpaque(out);
      return out;
    }
    case 'rgba': {
      const src = packedView(frame);
      const words = new Uint32Array(src.buffer, src.byteOffset, src.length >> 2);
      const out = new Uint32Array(words.length);
      for (let i = 0; i < words.length; i++) {
        const v = words[i] as number;
        out[i] = 0xff000000 | ((v & 0xff) << 16) | (v & 0xff00) | ((v >>> 16) & 0xff);
      }
      return new Uint8Array(out.buffer);
    }
    case 'rgb24':
      return toRgb(frame);
  }
}

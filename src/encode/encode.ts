// Frames to image bytes. sharp is loaded on first use only: raw output never pays for it.
import { createRequire } from 'node:module';

import { ScreenShotError } from '../capture/errors.js';
import type { Frame } from '../capture/frame.js';
import type { ImageFormat, PixelFormat } from './formats.js';
import { borrowScratch, returnScratch, toPixelFormat, toRgb } from './pixels.js';
import { encodePng } from './png.js';

export interface EncodeOptions {
  /** Default `png`. */
  format?: ImageFormat;
  /** PNG zlib level, 0-9 (default 6). */
  level?: number;
  /** JPEG and WebP quality, 1-100 (default 90). */
  quality?: number;
  /** Raw byte layout (default `bgr0`, the captured bytes). */
  pixelFormat?: PixelFormat;
  /**
   * Who writes PNG: `sharp` (default; the least CPU per frame, best for loops) or `zlib`
   * (node:zlib on several threads at once; no need to load sharp, which costs more than the
   * encoding itself in a process that writes one screenshot and exits).
   */
  pngEncoder?: 'sharp' | 'zlib';
}

type Sharp = typeof import('sharp').default;
let sharpModule: Sharp | undefined;

/**
 * sharp, loaded on first use. Its CommonJS build is required rather than its ES module build:
 * on Node 20 that loads in about a third of the time (65-75 ms against 120-195 ms measured under
 * load), and start-up is most of a single screenshot's cost. Its global settings (cache,
 * concurrency) are the host application's: the library leaves them alone.
 */
export function loadEncoder(): Sharp {
  sharpModule ??= createRequire(import.meta.url)('sharp') as Sharp;
  return sharpModule;
}

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ScreenShotError(
      `${name} must be an integer from ${min} to ${max}, not ${value}`,
      'argument',
    );
  }
  return value;
}

/**
 * Encode a frame. The pixels are copied before the promise is returned, so the frame may be
 * released at once (a loop captures the next frame while this one encodes). Each call stands
 * alone; for PNG in a loop, createPngEncoder() compresses again only what changed.
 *
 * @example
 * using frame = sct.grab(1);
 * const png = await encode(frame, { format: 'png', level: 1 });
 * @throws ScreenShotError for an option out of range.
 */
export async function encode(frame: Frame, options: EncodeOptions = {}): Promise<Buffer> {
  const {
    format = 'png',
    level = 6,
    quality = 90,
    pixelFormat = 'bgr0',
    pngEncoder = 'sharp',
  } = options;
  if (format === 'raw') {
    const bytes = toPixelFormat(frame, pixelFormat);
    return Buffer.from(bytes.buffer === frame.data.buffer ? bytes.slice() : bytes);
  }
  if (format === 'png' && pngEncoder === 'zlib')
    return encodePng(frame, checkRange('level', level, 0, 9));
  const scratch = borrowScratch(frame.width * frame.height * 3);
  const rgb = toRgb(frame, scratch);
  try {
    const sharp = loadEncoder();
    const image = sharp(rgb, { raw: { width: frame.width, height: frame.height, channels: 3 } });
    switch (format) {
      case 'png':
        return await image.png({ compressionLevel: checkRange('level', level, 0, 9) }).toBuffer();
      case 'jpeg':
        return await image
          .jpeg({ quality: checkRange('quality', quality, 1, 100), optimiseCoding: false })
          .toBuffer();
      case 'webp':
        return await image.webp({ quality: checkRange('quality', quality, 1, 100) }).toBuffer();
      default:
        throw new ScreenShotError(`unknown format ${String(format)}`, 'argument');
    }
  } finally {
    returnScratch(scratch);
  }
}

// BGRX pixels (frames, or the caller's own) to image bytes. sharp is loaded on first use only:
// raw output never pays for it.
import { createRequire } from 'node:module';

import { choiceOption, integerOption, numberOption, optionsOf } from '../capture/validate.js';
import { IMAGE_FORMATS, type ImageFormat, PIXEL_FORMATS, type PixelFormat } from './formats.js';
import { type BgrxImage, checkImage } from './image.js';
import { borrowScratch, returnScratch, toPixelFormat, toRgb } from './pixels.js';
import { encodePng } from './png.js';
import { RESIZE_KERNELS, type ResizeKernel, type ResizeTo, resizedSize } from './resize.js';

/**
 * How to encode. A wrong or unknown option throws a ScreenShotError (kind
 * `argument`) naming it.
 */
export interface EncodeOptions {
  /** `png` (default), `jpeg`, `webp` or `raw`. */
  format?: ImageFormat;
  /** PNG zlib level, an integer from 0 to 9 (default 6). */
  level?: number;
  /** JPEG and WebP quality, an integer from 1 to 100 (default 90). */
  quality?: number;
  /** Raw byte layout (default `bgr0`, the captured bytes). */
  pixelFormat?: PixelFormat;
  /**
   * Who writes PNG: `sharp` (default; the least CPU per frame, best for loops) or `zlib`
   * (node:zlib on several threads at once; no need to load sharp, which costs more than the
   * encoding itself in a process that writes one screenshot and exits).
   */
  pngEncoder?: 'sharp' | 'zlib';
  /**
   * Scale the image by this factor (above 0; 0.5 halves each side) before encoding. Not with
   * `resize`. Resizing always goes through sharp, whatever `pngEncoder` says.
   */
  scale?: number;
  /**
   * Resize to `{ width, height }` before encoding: both given, exactly that size; one given,
   * the other follows the aspect ratio. Not with `scale`. Raw output then carries this size.
   */
  resize?: ResizeTo;
  /** How resizing interpolates (default `lanczos3`; `nearest` copies pixels). */
  kernel?: ResizeKernel;
}

type Sharp = typeof import('sharp').default;
let sharpModule: Sharp | undefined;

/**
 * sharp, loaded on first use. Its CommonJS build is required rather than its ES module build:
 * on Node 20 it loads in far less time, and start-up is most of a single screenshot's cost.
 * Its global settings (cache, concurrency) are the host application's: the library leaves them
 * alone.
 */
export function loadEncoder(): Sharp {
  sharpModule ??= createRequire(import.meta.url)('sharp') as Sharp;
  return sharpModule;
}

/** @internal The keys of EncodeOptions, for save() and shot(), which take them and more. */
export const ENCODE_OPTIONS = [
  'format',
  'level',
  'quality',
  'pixelFormat',
  'pngEncoder',
  'scale',
  'resize',
  'kernel',
] as const;
const PNG_ENCODERS = ['sharp', 'zlib'] as const;

/**
 * @internal The encoding options of `given` (already a record of known keys), checked, with
 * their defaults.
 * @throws ScreenShotError (kind `argument`) naming the option, the value and what is expected.
 */
export function checkEncodeOptions(given: Record<string, unknown>): CheckedEncodeOptions {
  const resize = given.resize === undefined ? undefined : optionsOf(given.resize, 'resize', SIDES);
  return {
    format: choiceOption('format', given.format, IMAGE_FORMATS) ?? 'png',
    level: integerOption('level', given.level, 0, 9) ?? 6,
    quality: integerOption('quality', given.quality, 1, 100) ?? 90,
    pixelFormat: choiceOption('pixelFormat', given.pixelFormat, PIXEL_FORMATS) ?? 'bgr0',
    pngEncoder: choiceOption('pngEncoder', given.pngEncoder, PNG_ENCODERS) ?? 'sharp',
    kernel: choiceOption('kernel', given.kernel, RESIZE_KERNELS) ?? 'lanczos3',
    scale: numberOption('scale', given.scale, 0),
    resize: resize && {
      width: integerOption('resize.width', resize.width, 1),
      height: integerOption('resize.height', resize.height, 1),
    },
  };
}

/** EncodeOptions with their defaults; a resize is left out when not asked for. */
export type CheckedEncodeOptions = Required<Omit<EncodeOptions, 'scale' | 'resize'>> &
  Pick<EncodeOptions, 'scale' | 'resize'>;
const SIDES = ['width', 'height'] as const;

/** Swap bytes 0 and 2 of every pixel, in place: RGBA <-> BGRA. */
function swapRedBlue(bytes: Buffer): Buffer {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  for (let i = 0; i < words.length; i++) {
    const v = words[i] as number;
    words[i] = (v & 0xff00ff00) | ((v & 0xff) << 16) | ((v >>> 16) & 0xff);
  }
  return bytes;
}

/**
 * Encode BGRX pixels: a Frame, or any `{ data, width, height, stride? }` of your own. The
 * pixels are copied before the promise is returned, so a frame may be released at once (a loop
 * captures the next frame while this one encodes). Each call stands alone; for PNG in a loop,
 * createPngEncoder() compresses again only what changed.
 *
 * @example
 * using frame = sct.grab(1);
 * const png = await encode(frame, { format: 'png', level: 1 });
 * // Pixels of your own, in BGRX: one red pixel.
 * const red = { data: Buffer.from([0, 0, 255, 0]), width: 1, height: 1 };
 * const jpeg = await encode(red, { format: 'jpeg' });
 * const half = await encode(frame, { format: 'jpeg', scale: 0.5 });
 * console.log(png.length, jpeg.length, half.length);
 * @throws ScreenShotError (kind `argument`) for an option of the wrong type or value, an
 *   unknown one, a resize under 1x1 pixel, or data too short for the image's size.
 */
export async function encode(image: BgrxImage, options: EncodeOptions = {}): Promise<Buffer> {
  const { format, level, quality, pixelFormat, pngEncoder, kernel, scale, resize } =
    checkEncodeOptions(optionsOf(options, 'EncodeOptions', ENCODE_OPTIONS));
  const frame = checkImage(image);
  const size = resizedSize(frame.width, frame.height, { scale, resize });
  if (format === 'raw' && !size) {
    const bytes = toPixelFormat(frame, pixelFormat);
    return Buffer.from(bytes.buffer === frame.data.buffer ? bytes.slice() : bytes);
  }
  if (format === 'png' && pngEncoder === 'zlib' && !size) return encodePng(frame, level);
  // Always three bands: as a fourth band sharp would take byte 3, padding that X servers often
  // leave 0, for alpha, and resizing weighs colours by alpha: every pixel would come out black.
  const scratch = borrowScratch(frame.width * frame.height * 3);
  const rgb = toRgb(frame, scratch);
  try {
    const sharp = loadEncoder();
    let pipeline = sharp(rgb, { raw: { width: frame.width, height: frame.height, channels: 3 } });
    if (size) pipeline = pipeline.resize(size.width, size.height, { fit: 'fill', kernel });
    switch (format) {
      case 'raw':
        if (pixelFormat === 'rgb24') return await pipeline.raw().toBuffer();
        // Byte 3 is 255 for every layout: opaque for bgra and rgba, padding for bgr0.
        return pixelFormat === 'rgba'
          ? await pipeline.ensureAlpha(1).raw().toBuffer()
          : swapRedBlue(await pipeline.ensureAlpha(1).raw().toBuffer());
      case 'png':
        return await pipeline.png({ compressionLevel: level }).toBuffer();
      case 'jpeg':
        return await pipeline.jpeg({ quality, optimiseCoding: false }).toBuffer();
      case 'webp':
        return await pipeline.webp({ quality }).toBuffer();
    }
  } finally {
    returnScratch(scratch);
  }
}

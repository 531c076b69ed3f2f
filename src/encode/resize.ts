// The size an image is encoded at: --scale and --resize, decided once for the encoder, the raw
// stream's description and the checks made before capturing.
import { ScreenShotError } from '../capture/errors.js';

/** A target size: both sides exactly, or one side with the other kept in proportion. */
export interface ResizeTo {
  width?: number;
  height?: number;
}

/** How sharp interpolates: `lanczos3` (default) for screenshots, `nearest` for exact pixels. */
export const RESIZE_KERNELS = ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos3'] as const;
export type ResizeKernel = (typeof RESIZE_KERNELS)[number];

export interface Size {
  width: number;
  height: number;
}

/**
 * The largest side mss-ts encodes: WebP's limit, the smallest of its encoders', and far beyond
 * any screen scaled to a useful size.
 */
export const LARGEST_SIDE = 16_383;

/**
 * What `width` x `height` becomes under `scale` or `resize` (at most one of them), or null when
 * neither is given or the size does not change. Sides are rounded to the nearest pixel.
 * @throws ScreenShotError (`argument`) for both given, a factor or side that is not positive,
 *   or a result under 1x1 or over LARGEST_SIDE a side.
 */
export function resizedSize(
  width: number,
  height: number,
  { scale, resize }: { scale?: number | undefined; resize?: ResizeTo | undefined },
): Size | null {
  if (scale === undefined && resize === undefined) return null;
  if (scale !== undefined && resize !== undefined) {
    throw new ScreenShotError('give scale or resize, not both', 'argument');
  }
  let size: Size;
  if (scale !== undefined) {
    if (!(scale > 0 && Number.isFinite(scale))) {
      throw new ScreenShotError(`scale must be a number above 0, not ${scale}`, 'argument');
    }
    size = { width: Math.round(width * scale), height: Math.round(height * scale) };
  } else {
    const { width: w, height: h } = resize as ResizeTo;
    for (const side of [w, h]) {
      if (side !== undefined && !(Number.isInteger(side) && side > 0)) {
        throw new ScreenShotError(`resize sides must be integers above 0, not ${side}`, 'argument');
      }
    }
    if (w === undefined && h === undefined) {
      throw new ScreenShotError('resize needs a width, a height or both', 'argument');
    }
    size = {
      width: w ?? Math.round((width * (h as number)) / height),
      height: h ?? Math.round((height * (w as number)) / width),
    };
  }
  if (size.width < 1 || size.height < 1) {
    throw new ScreenShotError(
      `${width}x${height} resized is ${size.width}x${size.height}, under 1x1 pixel`,
      'argument',
    );
  }
  if (size.width > LARGEST_SIDE || size.height > LARGEST_SIDE) {
    throw new ScreenShotError(
      `${width}x${height} resized is ${size.width}x${size.height}, over ${LARGEST_SIDE} pixels a side`,
      'argument',
    );
  }
  return size.width === width && size.height === height ? null : size;
}

// What the encoders take: BGRX pixels from a Frame or from the caller's own buffer.
import { ScreenShotError } from '../capture/errors.js';
import { invalidOption, isIntegerBetween } from '../capture/validate.js';

/**
 * BGRX pixels, as X servers and `Frame.data` hold them: four bytes a pixel, blue, green, red
 * and a padding byte that is ignored; rows `stride` bytes apart (default `width * 4`). A
 * `Frame` is one; so is a buffer of your own.
 */
export interface BgrxImage {
  readonly data: Uint8Array | Uint8ClampedArray;
  /** Pixels per row, an integer of at least 1. */
  readonly width: number;
  /** Rows, an integer of at least 1. */
  readonly height: number;
  /** Bytes from the start of one row to the next: a multiple of 4, at least `width * 4`. */
  readonly stride?: number;
}

/** @internal BGRX pixels whose rows start on 4-byte boundaries, the layout the converters read. */
export interface Pixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly stride: number;
}

const LARGEST = 1 << 16;

/**
 * @internal `image` checked and ready for the converters: `data` read once (a released frame
 * throws here), cut to the bytes the image covers, and copied only when it does not start on a
 * 4-byte boundary (the converters read whole pixels as 32-bit words).
 * @throws ScreenShotError (kind `argument`) naming what is wrong: a missing field, a size out of
 *   range, or data too short for width, height and stride.
 */
export function checkImage(image: unknown): Pixels {
  if (typeof image !== 'object' || image === null) {
    throw invalidOption('image', 'a Frame or { data, width, height, stride? }', image);
  }
  const { width, height, stride: given } = image as BgrxImage;
  if (!isIntegerBetween(width, 1, LARGEST)) {
    throw invalidOption('width', `integer between 1 and ${LARGEST}`, width);
  }
  if (!isIntegerBetween(height, 1, LARGEST)) {
    throw invalidOption('height', `integer between 1 and ${LARGEST}`, height);
  }
  const stride = given ?? width * 4;
  if (!isIntegerBetween(stride, width * 4, LARGEST * 4) || stride % 4 !== 0) {
    throw invalidOption('stride', `multiple of 4 between ${width * 4} and ${LARGEST * 4}`, given);
  }
  const data = (image as BgrxImage).data; // once: a Frame's getter checks that it is not released
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw invalidOption('data', 'Uint8Array or Buffer', data);
  }
  const length = (height - 1) * stride + width * 4;
  if (data.length < length) {
    throw new ScreenShotError(
      `Expected at least ${length} bytes for data (${width}x${height} BGRX pixels, ${stride} bytes a row) but received ${data.length} bytes`,
      'argument',
    );
  }
  let bytes = new Uint8Array(data.buffer, data.byteOffset, length);
  if (bytes.byteOffset % 4 !== 0) bytes = new Uint8Array(bytes); // a fresh buffer starts aligned
  return { data: bytes, width, height, stride };
}

// --print-ffmpeg-args: the input half of an ffmpeg command line that reads our raw stream.
import type { PixelFormat } from '../encode/formats.js';
import type { Size } from '../encode/resize.js';
import type { DataOut } from './data-out.js';
import { UsageError } from './exit-codes.js';

/**
 * ffmpeg's names for our raw layouts happen to be the same words. `size` is what the stream
 * carries: the captured area's, or the size it is resized to.
 */
export function ffmpegInputArgs(size: Size, pixelFormat: PixelFormat, rate: number): string[] {
  const framerate = String(Number(rate.toFixed(3)));
  return [
    '-f',
    'rawvideo',
    '-pixel_format',
    pixelFormat,
    '-video_size',
    `${size.width}x${size.height}`,
    '-framerate',
    framerate,
    '-i',
    '-',
  ];
}

export function printFfmpegArgs(
  size: Size,
  pixelFormat: PixelFormat,
  rate: number | undefined,
  out: DataOut,
): void {
  if (rate === undefined) {
    throw new UsageError(
      "option '--print-ffmpeg-args' needs a fixed rate: add --fps or --interval",
    );
  }
  out.answer(ffmpegInputArgs(size, pixelFormat, rate).join(' '));
}

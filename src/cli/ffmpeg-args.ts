// --print-ffmpeg-args: the input half of an ffmpeg command line that reads our raw stream.
import type { Region } from '../capture/region.js';
import type { PixelFormat } from '../encode/formats.js';
import type { DataOut } from './data-out.js';
import { UsageError } from './exit-codes.js';

/** ffmpeg's names for our raw layouts happen to be the same words. */
export function ffmpegInputArgs(area: Region, pixelFormat: PixelFormat, rate: number): string[] {
  const framerate = String(Number(rate.toFixed(3)));
  return [
    '-f',
    'rawvideo',
    '-pixel_format',
    pixelFormat,
    '-video_size',
    `${area.width}x${area.height}`,
    '-framerate',
    framerate,
    '-i',
    '-',
  ];
}

export function printFfmpegArgs(
  area: Region,
  pixelFormat: PixelFormat,
  rate: number | undefined,
  out: DataOut,
): void {
  if (rate === undefined) {
    throw new UsageError(
      "option '--print-ffmpeg-args' needs a fixed rate: add --fps or --interval",
    );
  }
  out.answer(ffmpegInputArgs(area, pixelFormat, rate).join(' '));
}

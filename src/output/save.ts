// python-mss's shot() in spirit: a frame to a file, in the format its name asks for.
import { booleanOption, optionsOf, stringOption } from '../capture/validate.js';
import {
  checkEncodeOptions,
  ENCODE_OPTIONS,
  type EncodeOptions,
  encode,
} from '../encode/encode.js';
import { formatOfPath, type ImageFormat, type PixelFormat } from '../encode/formats.js';
import type { BgrxImage } from '../encode/image.js';
import { writeFileAtomic } from './atomic-file.js';

/**
 * encode()'s options and how to write. A wrong or unknown option throws a ScreenShotError (kind
 * `argument`) naming it.
 */
export interface SaveOptions extends EncodeOptions {
  /** Replace an existing file (default true). */
  overwrite?: boolean;
}

export interface SavedFile {
  path: string;
  format: ImageFormat;
  bytes: number;
}

/** @internal The keys of SaveOptions, for shot(), which takes them and more. */
export const SAVE_OPTIONS = [...ENCODE_OPTIONS, 'overwrite'] as const;

/**
 * Encode BGRX pixels (a Frame, or `{ data, width, height, stride? }`, as encode() takes) and
 * write them to `path` atomically (a temporary name, then rename; parent directories are
 * created). The format defaults to the extension's, else PNG. A device or FIFO at `path` is
 * written into, and a symlink's target is replaced (see writeFileAtomic).
 * @throws ScreenShotError (kind `argument`) for an option of the wrong type or value, or an
 *   unknown one.
 * @throws WriteError `cannot write <path>: <reason>`, with the system's `code` (ENOSPC, EISDIR).
 *
 * @example
 * using frame = sct.grab(1);
 * const saved = await save(frame, 'shots/monitor-1.jpg', { quality: 85 });
 * console.log(saved); // { path: 'shots/monitor-1.jpg', format: 'jpeg', bytes: … }
 */
export async function save(
  image: BgrxImage,
  path: string,
  options: SaveOptions = {},
): Promise<SavedFile> {
  const given = optionsOf(options, 'SaveOptions', SAVE_OPTIONS);
  stringOption('path', path, true);
  const overwrite = booleanOption('overwrite', given.overwrite) ?? true;
  checkEncodeOptions(given);
  const fromName = formatOfPath(path);
  const format = (given.format as ImageFormat | undefined) ?? fromName?.format ?? 'png';
  const pixelFormat = (given.pixelFormat as PixelFormat | undefined) ?? fromName?.pixelFormat;
  const { overwrite: _, ...encoding } = options;
  const bytes = await encode(image, { ...encoding, format, ...(pixelFormat && { pixelFormat }) });
  await writeFileAtomic(path, bytes, { overwrite });
  return { path, format, bytes: bytes.length };
}

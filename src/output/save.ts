// python-mss's shot() in spirit: a frame to a file, in the format its name asks for.
import type { Frame } from '../capture/frame.js';
import { type EncodeOptions, encode } from '../encode/encode.js';
import { formatOfPath, type ImageFormat } from '../encode/formats.js';
import { writeFileAtomic } from './atomic-file.js';

export interface SaveOptions extends EncodeOptions {
  /** Replace an existing file (default true). */
  overwrite?: boolean;
}

export interface SavedFile {
  path: string;
  format: ImageFormat;
  bytes: number;
}

/**
 * Encode `frame` and write it to `path` atomically (a temporary name, then rename; parent
 * directories are created). The format defaults to the extension's, else PNG. A device or
 * FIFO at `path` is written into, and a symlink's target is replaced (see writeFileAtomic).
 * @throws WriteError `cannot write <path>: <reason>`, with the system's `code` (ENOSPC, EISDIR).
 *
 * @example
 * using frame = sct.grab(1);
 * await save(frame, 'shots/monitor-1.jpg', { quality: 85 });
 */
export async function save(
  frame: Frame,
  path: string,
  options: SaveOptions = {},
): Promise<SavedFile> {
  const fromName = formatOfPath(path);
  const format = options.format ?? fromName?.format ?? 'png';
  const pixelFormat = options.pixelFormat ?? fromName?.pixelFormat;
  const bytes = await encode(frame, { ...options, format, ...(pixelFormat && { pixelFormat }) });
  await writeFileAtomic(path, bytes, { overwrite: options.overwrite ?? true });
  return { path, format, bytes: bytes.length };
}

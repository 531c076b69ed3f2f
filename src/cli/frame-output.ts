// One frame to bytes and bytes to a file: shared by a single grab and the loop.
import { stat } from 'node:fs';
import type { Frame } from '../capture/frame.js';
import { type EncodeOptions, encode } from '../encode/encode.js';
import { toPixelFormat } from '../encode/pixels.js';
import { resizedSize } from '../encode/resize.js';
import { writeFileAtomic } from '../output/atomic-file.js';
import { checkOutputName, isADirectory } from './output-name.js';
import type { OutputPlan } from './output-plan.js';

/** What a command line's encoding options set: the parts of EncodeOptions a grab takes. */
export type GrabEncoding = Required<Pick<EncodeOptions, 'level' | 'quality'>> &
  Pick<EncodeOptions, 'pngEncoder' | 'scale' | 'resize'>;

/** Whether the options change the image's size (a size that stays the same does not). */
const resizes = (frame: Frame, { scale, resize }: GrabEncoding): boolean =>
  resizedSize(frame.width, frame.height, { scale, resize }) !== null;

/**
 * Start turning a frame into output bytes. Encoded formats copy the pixels before this returns,
 * so the frame may be released at once; raw bgr0 is the capture buffer itself, so the frame must
 * be held until the bytes are written.
 */
export function startEncoding(
  frame: Frame,
  plan: OutputPlan,
  options: GrabEncoding,
): Promise<Uint8Array> {
  if (plan.format === 'raw' && !resizes(frame, options)) {
    return Promise.resolve(toPixelFormat(frame, plan.pixelFormat));
  }
  const { level, quality, pngEncoder, scale, resize } = options;
  return encode(frame, {
    format: plan.format,
    pixelFormat: plan.pixelFormat,
    level,
    quality,
    ...(pngEncoder && { pngEncoder }),
    ...(scale !== undefined && { scale }),
    ...(resize && { resize }),
  });
}

/** Whether the raw bytes of this plan are the capture buffer itself (no copy). */
export const sharesCaptureBuffer = (
  plan: OutputPlan,
  frame: Frame,
  options: GrabEncoding,
): boolean => plan.format === 'raw' && plan.pixelFormat === 'bgr0' && !resizes(frame, options);

/**
 * Whether `path` is a regular file, or a symlink to one: what a loop refuses to overwrite. A
 * device or FIFO is written into, not overwritten.
 */
export async function isExistingFile(path: string): Promise<boolean> {
  return new Promise((resolve) => stat(path, (error, stats) => resolve(!error && stats.isFile())));
}

/** "a/b.png" -> "a/b-1.png". */
export function withSuffix(path: string, k: number): string {
  const dot = path.lastIndexOf('.');
  const slash = path.lastIndexOf('/');
  return dot > slash + 1 ? `${path.slice(0, dot)}-${k}${path.slice(dot)}` : `${path}-${k}`;
}

/** What a loop says when a file it would write exists: it never overwrites by accident. */
export const loopWouldOverwrite = (path: string): Error =>
  new Error(`${path} exists: a loop never overwrites files (use --overwrite, or another name)`);

export interface OutputOptions {
  /** Replace an existing file; otherwise the name gets a -1, -2... suffix. */
  overwrite: boolean;
  /** Told when a suffix was added. */
  onClash?: (path: string, used: string) => void;
  /** A loop's first file: an existing one is a refusal (loopWouldOverwrite), not a suffix. */
  refuseExisting?: boolean;
  /** Once aborted, the file never appears; the write rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Write `bytes` to `path` atomically (see OutputOptions for an existing file). Returns the
 * path written.
 * @throws UsageError for a name that is no file's (empty, a directory).
 * @throws WriteError naming the path when it cannot be written.
 */
export async function writeOutput(
  path: string,
  bytes: Uint8Array,
  { overwrite, onClash, refuseExisting, signal }: OutputOptions,
): Promise<string> {
  checkOutputName(path); // a rendered name may be empty or end with a slash
  for (let k = 0; ; k++) {
    const candidate = k === 0 ? path : withSuffix(path, k);
    try {
      await writeFileAtomic(candidate, bytes, { overwrite, signal });
      if (k > 0) onClash?.(path, candidate);
      return candidate;
    } catch (cause) {
      const { code } = cause as NodeJS.ErrnoException;
      if (code === 'EEXIST' && !overwrite) {
        // The check before capturing can race with another loop; the link cannot.
        if (refuseExisting) throw loopWouldOverwrite(candidate);
        continue;
      }
      if (code === 'EISDIR') throw isADirectory(candidate);
      throw cause;
    }
  }
}

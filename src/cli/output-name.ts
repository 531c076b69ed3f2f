// Output names that cannot be a file, refused as usage errors that name the argument: otherwise
// they fail after the capture, in the system's words about a temporary file.
import { type Stats, statSync } from 'node:fs';
import { NAME_MAX, PATH_MAX, TEMPORARY_ADDS } from '../output/temporary-name.js';
import { UsageError } from './exit-codes.js';

/** A trailing slash, or a last part `.` or `..`. */
const DIRECTORY_NAME = /(^|\/)\.{0,2}$/;

/** The longest output path: its temporary, a little longer, must still be a path. */
export const LONGEST_PATH = PATH_MAX - TEMPORARY_ADDS;

/**
 * Refuse a name that cannot be a file whatever is on disk: empty, a directory's name, with
 * a part longer than a file system allows, or too long a path for its temporary.
 * @throws UsageError naming `name`.
 */
export function checkOutputName(name: string): void {
  if (name === '') {
    throw new UsageError('output "" is empty: give a file name, or - for standard output');
  }
  if (DIRECTORY_NAME.test(name)) {
    throw new UsageError(`output "${name}" names a directory: give a file name`);
  }
  const longest = Math.max(...name.split('/').map((part) => Buffer.byteLength(part)));
  if (longest > NAME_MAX) {
    throw new UsageError(
      `output "${name}" has a name of ${longest} bytes: the limit is ${NAME_MAX} bytes`,
    );
  }
  // Longer, and the parent directories would be made before the temporary's name failed.
  const length = Buffer.byteLength(name);
  if (length > LONGEST_PATH) {
    throw new UsageError(
      `output "${name}" is a path of ${length} bytes: the limit is ${LONGEST_PATH} bytes`,
    );
  }
}

/** The usage error for an output that is an existing directory. */
export const isADirectory = (name: string): UsageError =>
  new UsageError(`output "${name}" is a directory: give a file name`);

function statOf(name: string): Stats | undefined {
  try {
    return statSync(name);
  } catch {
    return undefined; // nothing there (or nothing to see): the write will tell
  }
}

/**
 * Refuse a name that is, on disk, a directory or a block device (symlinks followed): neither
 * is replaced by an image, and saying so before capturing spares the capture.
 * @throws UsageError naming `name`.
 */
export function checkExistingOutput(name: string): void {
  const stats = statOf(name);
  if (stats?.isDirectory()) throw isADirectory(name);
  if (stats?.isBlockDevice()) {
    throw new UsageError(`output "${name}" is a block device: give a file name`);
  }
}

/**
 * Whether `name` is an existing character device, FIFO or socket (symlinks followed): written
 * into, frame after frame, so a loop may use it as its one name.
 */
export function isStreamOutput(name: string): boolean {
  const stats = statOf(name);
  return Boolean(stats && (stats.isCharacterDevice() || stats.isFIFO() || stats.isSocket()));
}

// What is already at an output path, which decides how it is written: a temporary and a rename
// suits regular files only. Renaming over /dev/null or a FIFO would replace it with a regular
// file (its reader gets nothing), and renaming over a symlink would replace the link itself.
import * as fs from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';

// The callback API, promisified: node:fs/promises costs start-up time (see atomic-file.ts).
const lstat = promisify(fs.lstat);
const readlink = promisify(fs.readlink);
const realpath = promisify(fs.realpath.native);
const stat = promisify(fs.stat);

export type OutputTarget =
  /** Nothing there yet, or a regular file: write a temporary beside it and rename it over. */
  | { kind: 'file'; path: string }
  /** A character device, FIFO or socket: open it and write into it, as scrot and maim do. */
  | { kind: 'stream'; path: string }
  /** No place for an image: the caller refuses it. */
  | { kind: 'directory' | 'block-device'; path: string };

function kindOf(stats: fs.Stats): OutputTarget['kind'] {
  if (stats.isDirectory()) return 'directory';
  if (stats.isBlockDevice()) return 'block-device';
  if (stats.isCharacterDevice() || stats.isFIFO() || stats.isSocket()) return 'stream';
  return 'file';
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * What `path` is, with symlinks followed: the returned path is the one to write (for a symlink,
 * the real path of its target, which a dangling link names without it existing yet).
 * @throws the system's error for a path that cannot be looked at (EACCES, ENOTDIR, ELOOP).
 */
export async function outputTarget(path: string): Promise<OutputTarget> {
  let stats: fs.Stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if (isMissing(error)) return { kind: 'file', path };
    throw error;
  }
  if (!stats.isSymbolicLink()) return { kind: kindOf(stats), path };
  try {
    const real = await realpath(path);
    return { kind: kindOf(await stat(real)), path: real };
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  // A dangling link: its target is the file to create. Follow one link at a time, since the
  // target may itself be a link whose target is missing. No loop: realpath would have failed
  // with ELOOP, which the system decides.
  const target = resolve(await realpath(dirname(path)), await readlink(path));
  return outputTarget(target);
}

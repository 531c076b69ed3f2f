// The hidden temporary a file is written to before the rename, `.NAME.mss-ts-PID.tmp`, and how
// to tell one (and the process that made it) from the other names in a directory.
import { basename, dirname, join } from 'node:path';

/** The most bytes a file name (one part of a path) may have on Linux file systems. */
export const NAME_MAX = 255;

/** The most bytes a path given to a system call may have on Linux (PATH_MAX, less its NUL). */
export const PATH_MAX = 4095;

/**
 * The most bytes a temporary's name adds to its file's path: `.` and `.mss-ts-PID.tmp` with a
 * pid of 7 digits (Linux's largest, 4194304); a shortened temporary adds less.
 */
export const TEMPORARY_ADDS = '..mss-ts-4194304.tmp'.length;

const TEMPORARY = /^\.(.+)\.mss-ts-(\d+)\.tmp$/;

/** FNV-1a of `text`, as 8 hex digits: tells apart names that were cut to the same start. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The longest start of `text` that fits in `size` UTF-8 bytes, cut between characters. */
function startOf(text: string, size: number): string {
  let start = '';
  let used = 0;
  for (const char of text) {
    used += Buffer.byteLength(char);
    if (used > size) break;
    start += char;
  }
  return start;
}

/**
 * The hidden temporary name for `path` in the same directory (so rename is atomic). A name
 * near NAME_MAX leaves no room for the additions: then only its start is kept, with a hash of
 * all of it, and the suffix that the sweep of stale temporaries recognises.
 */
export function temporaryName(path: string, pid = process.pid): string {
  const name = basename(path);
  const suffix = `.mss-ts-${pid}.tmp`;
  if (Buffer.byteLength(`.${name}${suffix}`) <= NAME_MAX) {
    return join(dirname(path), `.${name}${suffix}`);
  }
  const tail = `~${hashOf(name)}${suffix}`;
  return join(dirname(path), `.${startOf(name, NAME_MAX - 1 - tail.length)}${tail}`);
}

/** The process id in a temporary's name, or undefined for any other name. */
export function temporaryOwner(name: string): number | undefined {
  const pid = Number(TEMPORARY.exec(name)?.[2]);
  return pid || undefined;
}

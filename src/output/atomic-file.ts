// Files appear complete or not at all: written under a hidden temporary name, then renamed.
// Devices and FIFOs are written into instead, and a symlink's target is what gets replaced.
import * as fs from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { outputTarget } from './output-target.js';
import { temporaryName, temporaryOwner } from './temporary-name.js';
import { WriteError } from './write-error.js';

// The callback API, promisified: node:fs/promises pulls in readline and more at load time, a
// cost that a single screenshot's start-up pays for the same system calls.
const close = promisify(fs.close);
const link = promisify(fs.link);
const mkdir = promisify(fs.mkdir);
const open = promisify(fs.open);
const readdir = promisify(fs.readdir);
const rename = promisify(fs.rename);
const unlink = promisify(fs.unlink);
const writeFile = promisify(fs.writeFile);

const swept = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove temporaries that a killed mss-ts left in `dir` (their process is gone). Once per dir. */
export async function sweepStaleTemporaries(dir: string): Promise<void> {
  if (swept.has(dir)) return;
  swept.add(dir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = temporaryOwner(name);
    if (pid && pid !== process.pid && !alive(pid)) await unlink(join(dir, name)).catch(() => {});
  }
}

const createdDirs = new Set<string>();

/**
 * Open an existing device or FIFO and write into it: no O_CREAT, so should it vanish meanwhile,
 * no regular file takes its place; no O_TRUNC, which means nothing to either.
 */
async function writeInto(path: string, bytes: Uint8Array): Promise<void> {
  const fd = await open(path, fs.constants.O_WRONLY);
  try {
    await writeFile(fd, bytes);
  } finally {
    await close(fd);
  }
}

/** A directory or block device is no place for an image, and replacing it would lose more. */
function notAFile(path: string, kind: 'directory' | 'block-device'): NodeJS.ErrnoException {
  const [code, what] =
    kind === 'directory' ? ['EISDIR', 'is a directory'] : ['ENOTSUP', 'is a block device'];
  return Object.assign(new Error(what), { code, path });
}

export interface WriteOptions {
  /** Replace an existing file (default true); false throws EEXIST instead. */
  overwrite?: boolean;
  /**
   * Give up: once aborted, the file never appears under its name (the temporary is removed) and
   * the write rejects with the signal's reason.
   */
  signal?: AbortSignal | undefined;
}

/**
 * Write `bytes` to `path` atomically, creating parent directories. With `overwrite: false`,
 * an existing file is left alone and EEXIST is thrown (checked just before the rename).
 * A character device, FIFO or socket is written into (it is not a file to replace); a symlink
 * is followed and its target replaced. A directory or block device throws EISDIR or ENOTSUP.
 * @throws WriteError naming `path` (never the temporary) with the system's reason and code.
 */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  { overwrite = true, signal }: WriteOptions = {},
): Promise<void> {
  try {
    const target = await outputTarget(path);
    signal?.throwIfAborted();
    if (target.kind === 'stream') return await writeInto(target.path, bytes);
    if (target.kind !== 'file') throw notAFile(path, target.kind);
    await replaceFile(target.path, bytes, overwrite, signal);
  } catch (error) {
    if (signal?.aborted && error === signal.reason) throw error;
    throw new WriteError(path, error);
  }
}

/** A temporary in `path`'s directory (so the rename is atomic), then renamed over `path`. */
async function replaceFile(
  path: string,
  bytes: Uint8Array,
  overwrite: boolean,
  signal: AbortSignal | undefined,
): Promise<void> {
  const dir = dirname(path);
  if (!createdDirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    createdDirs.add(dir);
  }
  await sweepStaleTemporaries(dir);
  const temp = temporaryName(path);
  try {
    await writeFile(temp, bytes);
    signal?.throwIfAborted();
    if (!overwrite) {
      await link(temp, path); // fails with EEXIST instead of replacing
      await unlink(temp);
    } else {
      await rename(temp, path);
    }
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

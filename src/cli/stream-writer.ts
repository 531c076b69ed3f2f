// Frames to stdout in order. A pipe is written from libuv's threads with blocking writes: the
// main thread captures and converts the next frame meanwhile, instead of feeding a non-blocking
// pipe in many small partial writes.
import { fstatSync, write } from 'node:fs';
import type { Writable } from 'node:stream';
import { setBlocking } from '../native/libc.js';

/** Resolves to null once `bytes` are written, or to the error that stopped them. */
export type Writer = (bytes: Uint8Array) => Promise<NodeJS.ErrnoException | null>;

export function streamWriter(stream: Writable): Writer {
  return (bytes) =>
    new Promise((resolve) => {
      stream.write(bytes, (error) => resolve((error as NodeJS.ErrnoException) ?? null));
    });
}

function writeAll(
  fd: number,
  bytes: Uint8Array,
  offset: number,
  done: (e: NodeJS.ErrnoException | null) => void,
): void {
  write(fd, bytes, offset, bytes.length - offset, null, (error, written) => {
    if (error) done(error);
    else if (offset + written < bytes.length) writeAll(fd, bytes, offset + written, done);
    else done(null);
  });
}

/** Writes to `fd` one after another (two at once on two threads could interleave). */
export function fdWriter(fd: number): Writer {
  setBlocking(fd);
  let tail: Promise<unknown> = Promise.resolve();
  return (bytes) => {
    const next = tail.then(
      () => new Promise<NodeJS.ErrnoException | null>((resolve) => writeAll(fd, bytes, 0, resolve)),
    );
    tail = next;
    return next;
  };
}

/** Whether `fd` is a pipe (where F_SETPIPE_SZ and blocking writes from a thread pay off). */
export function isPipe(fd: number | undefined): fd is number {
  if (fd === undefined) return false;
  try {
    return fstatSync(fd).isFIFO();
  } catch {
    return false;
  }
}

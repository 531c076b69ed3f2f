// Bytes to a stream with backpressure; a reader that went away is not an error.
import type { Writable } from 'node:stream';

/** Resolves true once written, false if the reader closed the pipe (EPIPE). */
export function writeToStream(stream: Writable, bytes: Uint8Array): Promise<boolean> {
  return new Promise((resolve, reject) => {
    stream.write(bytes, (error) => {
      if (!error) resolve(true);
      else if ((error as NodeJS.ErrnoException).code === 'EPIPE') resolve(false);
      else reject(error);
    });
  });
}

// Node's system errors read "ENOSPC: no space left on device, write '/path/.x.tmp'": the
// reason is for people; the code, the system call and any path are internals.

/** The reason in words ("no space left on device"), else the message as it is. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const system = /^E[A-Z0-9]+: ([^,]+)(,.*)?$/s.exec(message);
  return system ? (system[1] as string) : message;
}

const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

/** Whether a write failed because the reader went away (| head): not an error for mss-ts. */
export const isReaderGone = (error: NodeJS.ErrnoException): boolean =>
  READER_GONE.has(error.code ?? '');

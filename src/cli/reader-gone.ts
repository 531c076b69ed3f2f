// A write that failed because its reader left is the end of the output, not an error.
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

/** Whether a write failed because the reader went away (| head): not an error for mss-ts. */
export const isReaderGone = (error: NodeJS.ErrnoException): boolean =>
  READER_GONE.has(error.code ?? '');

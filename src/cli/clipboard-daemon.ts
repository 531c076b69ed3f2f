// The background process behind --clipboard: it owns the CLIPBOARD selection and serves the
// one image it was given until another client takes the selection, then exits. Started by
// clipboard.ts as `node clipboard-daemon DISPLAY MIME`, detached, with its standard streams
// closed. File descriptor 3 is a socket: the image's length (8 bytes) and the image come in,
// then "ready" (or the error) goes out once it owns the selection, and it is closed.
import { appendFileSync, closeSync, readSync, writeSync } from 'node:fs';
import { XConnection } from '../native/xcb.js';
import { SelectionOwner } from '../output/selection-owner.js';
import { announcedLength, LENGTH_BYTES } from './clipboard-channel.js';

/** Where the owner says what it serves, for tests and bug reports (stderr is closed). */
const LOG_ENV = 'MSS_TS_CLIPBOARD_LOG';
const CHANNEL_FD = 3;

function tell(line: string): void {
  try {
    writeSync(CHANNEL_FD, `${line}\n`);
    closeSync(CHANNEL_FD);
  } catch {
    // the command is gone: nobody to tell
  }
}

function log(line: string): void {
  const file = process.env[LOG_ENV];
  if (!file) return;
  try {
    appendFileSync(file, `${new Date().toISOString()} [${process.pid}] ${line}\n`);
  } catch {
    // a log that cannot be written is no reason to stop serving
  }
}

/** Exactly `length` bytes from the channel, or fewer if it ends first (blocking reads). */
function readExactly(length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    let n: number;
    try {
      n = readSync(CHANNEL_FD, bytes, filled, length - filled, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue; // a non-blocking socket
      throw error;
    }
    if (n === 0) break;
    filled += n;
  }
  return bytes.subarray(0, filled);
}

/** The image the command sends, or null when it ended without a whole one (it failed). */
function receiveImage(): Buffer | null {
  const header = readExactly(LENGTH_BYTES);
  if (header.length < LENGTH_BYTES) return null;
  const length = announcedLength(header);
  const bytes = readExactly(length);
  return bytes.length === length ? bytes : null;
}

function run([display, mime]: string[]): number {
  if (!display || !mime) {
    tell('error: usage: clipboard-daemon DISPLAY MIME');
    return 2;
  }
  process.title = 'mss-ts clipboard';
  let conn: XConnection | undefined;
  try {
    const bytes = receiveImage();
    if (!bytes) {
      log('no image came: exiting');
      return 0;
    }
    conn = new XConnection(display);
    const owner = new SelectionOwner(conn, { selection: 'CLIPBOARD', mime, bytes, log });
    owner.take();
    tell('ready');
    log(`exiting: ${owner.serve()}`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`failed: ${message}`);
    tell(`error: ${message}`);
    return 1;
  } finally {
    conn?.close();
  }
}

process.exitCode = run(process.argv.slice(2));

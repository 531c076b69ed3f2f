// The background process behind --clipboard: it owns the CLIPBOARD selection and serves the
// one image it was given until another client takes the selection, then exits. Started by
// clipboard.ts as `node clipboard-daemon DISPLAY FILE MIME`, detached, with its standard
// streams closed; file descriptor 3 tells the command "ready" (or the error) once it owns the
// selection, and is closed then. The image comes in FILE, which it deletes after reading.
import { appendFileSync, closeSync, readFileSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { XConnection } from '../native/xcb.js';
import { SelectionOwner } from '../output/selection-owner.js';

/** Where the owner says what it serves, for tests and bug reports (stderr is closed). */
const LOG_ENV = 'MSS_TS_CLIPBOARD_LOG';
const READY_FD = 3;

function tell(line: string): void {
  try {
    writeSync(READY_FD, `${line}\n`);
    closeSync(READY_FD);
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

function run([display, file, mime]: string[]): number {
  if (!display || !file || !mime) {
    tell('error: usage: clipboard-daemon DISPLAY FILE MIME');
    return 2;
  }
  process.title = 'mss-ts clipboard';
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } finally {
    // The file lives in a directory of its own, made for it: removed when empty, never more.
    rmSync(file, { force: true });
    try {
      rmdirSync(dirname(file));
    } catch {
      // not empty, or already gone: leave it
    }
  }
  let conn: XConnection | undefined;
  try {
    conn = new XConnection(display);
    const owner = new SelectionOwner(conn, { selection: 'CLIPBOARD', mime, bytes, log });
    owner.take();
    tell('ready');
    const why = owner.serve();
    log(`exiting: ${why}`);
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

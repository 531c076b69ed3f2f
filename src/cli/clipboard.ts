// --clipboard: hand the image to a background process that owns the CLIPBOARD selection (see
// clipboard-daemon.ts), and return once it owns it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ScreenShotError } from '../capture/errors.js';
import type { ImageFormat } from '../encode/formats.js';

/** The MIME type the clipboard offers an image of `format` as. */
export const MIME_TYPES: Partial<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** How long the owner may take to start and take the selection. */
const READY_TIMEOUT_MS = 30_000;

/** The daemon's module, next to this one: .cjs in the command's bundle, .js in dist/src. */
function daemonPath(): string {
  const here = fileURLToPath(import.meta.url);
  return join(here, '..', `clipboard-daemon${extname(here)}`);
}

/**
 * Put `bytes` (an image of `format`) on the CLIPBOARD selection of `display`: a detached
 * process owns it from now until another client takes it. Resolves to that process's id once
 * it owns the selection.
 * @throws ScreenShotError when it could not (its reason).
 */
export async function copyToClipboard(
  bytes: Uint8Array,
  format: ImageFormat,
  display: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const mime = MIME_TYPES[format];
  if (!mime) throw new ScreenShotError(`the clipboard takes no ${format} images`, 'argument');
  // A directory of its own, readable by this user only; the daemon removes it.
  const dir = mkdtempSync(join(tmpdir(), 'mss-ts-clipboard-'));
  const file = join(dir, 'image');
  try {
    writeFileSync(file, bytes, { mode: 0o600 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const child = spawn(process.execPath, [daemonPath(), display, file, mime], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    cwd: '/', // a process that may live for days keeps no directory of the user's busy
    env,
  });
  const channel = child.stdio[3] as Readable;
  let answer = '';
  channel.setEncoding('utf8');
  channel.on('data', (text: string) => {
    answer += text;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the clipboard process did not start in time')),
        READY_TIMEOUT_MS,
      );
      const done = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      child.once('error', done);
      channel.once('close', () => done());
    });
  } catch (error) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    throw new ScreenShotError(
      `cannot copy to the clipboard: ${(error as Error).message}`,
      'capture',
    );
  }
  const line = answer.trim();
  if (line !== 'ready') {
    rmSync(dir, { recursive: true, force: true });
    const reason = line.replace(/^error: /, '') || 'the clipboard process exited without a word';
    throw new ScreenShotError(`cannot copy to the clipboard: ${reason}`, 'capture');
  }
  child.unref();
  return child.pid as number;
}

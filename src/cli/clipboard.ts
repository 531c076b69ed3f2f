// --clipboard: a background process that owns the CLIPBOARD selection (see
// clipboard-daemon.ts) is started before the capture, so that Node's start-up overlaps capture
// and encoding; the image goes to it through a socket once encoded, and the command returns
// as soon as it owns the selection.
import { spawn } from 'node:child_process';
import { extname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ScreenShotError } from '../capture/errors.js';
import type { ImageFormat } from '../encode/formats.js';
import { lengthHeader } from './clipboard-channel.js';

/** The MIME type the clipboard offers an image of `format` as. */
export const MIME_TYPES: Partial<Record<ImageFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** How long the owner may take to take the selection once it has the image. */
const READY_TIMEOUT_MS = 30_000;

/** The daemon's module, next to this one: .cjs in the command's bundle, .js in dist/src. */
function daemonPath(): string {
  const here = fileURLToPath(import.meta.url);
  return join(here, '..', `clipboard-daemon${extname(here)}`);
}

/** A started clipboard owner, waiting for its image; disposing it unused stops it. */
export interface ClipboardOwner extends Disposable {
  /** The owner's process id. */
  readonly pid: number;
  /**
   * Hand over the image; resolves to the owner's process id once it owns the selection.
   * @throws ScreenShotError with its reason when it could not.
   */
  offer(bytes: Uint8Array): Promise<number>;
}

/** Start the owner for an image of `format` on `display`: detached, its stdio closed. */
export function startClipboardOwner(
  format: ImageFormat,
  display: string,
  env: NodeJS.ProcessEnv,
): ClipboardOwner {
  const mime = MIME_TYPES[format];
  if (!mime) throw new ScreenShotError(`the clipboard takes no ${format} images`, 'argument');
  const child = spawn(process.execPath, [daemonPath(), display, mime], {
    detached: true,
    // File descriptor 3, a socket: the image in, "ready" (or the error) out.
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    cwd: '/', // a process that may live for days keeps no directory of the user's busy
    env,
  });
  const channel = child.stdio[3] as Duplex;
  let answer = '';
  channel.setEncoding('utf8');
  channel.on('data', (text: string) => {
    answer += text;
  });
  channel.on('error', () => {}); // the outcome is read from `answer` when the socket closes
  const closed = new Promise<Error | undefined>((resolve) => {
    child.once('error', resolve);
    channel.once('close', () => resolve(undefined));
  });
  const fail = (reason: string) =>
    new ScreenShotError(`cannot copy to the clipboard: ${reason}`, 'capture');
  let offered = false;
  return {
    pid: child.pid as number,
    async offer(bytes) {
      offered = true;
      channel.write(lengthHeader(bytes.length));
      channel.end(bytes);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<Error>((resolve) => {
        timer = setTimeout(
          () => resolve(new Error('the clipboard process did not answer in time')),
          READY_TIMEOUT_MS,
        );
      });
      const error = await Promise.race([closed, timeout]);
      clearTimeout(timer);
      const line = answer.trim();
      if (error || line !== 'ready') {
        child.kill();
        throw fail(error?.message ?? (line.replace(/^error: /, '') || 'its process exited'));
      }
      child.unref();
      return child.pid as number;
    },
    [Symbol.dispose]() {
      if (offered) return;
      // No image: the owner reads an end without one and exits.
      channel.destroy();
      child.unref();
    },
  };
}

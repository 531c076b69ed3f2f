// A private Xvfb per test file: -displayfd picks a free display, so files can run side by side.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface XvfbOptions {
  /** WxHxDEPTH of screen 0. */
  screen?: string;
  /** Also listen on TCP, so that `localhost:N` reaches it (no MIT-SHM fd passing there). */
  tcp?: boolean;
  /** Extensions to turn off (`-extension NAME`), to test the paths without them. */
  without?: string[];
  /** An authority file (`-auth`): clients then need its cookie (XAUTHORITY) to connect. */
  auth?: string;
}

export interface Xvfb {
  /** ":N", over the local Unix socket. */
  display: string;
  /** "localhost:N" when started with tcp. */
  tcpDisplay: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startXvfb({
  screen = '1920x1080x24',
  tcp = false,
  without = [],
  auth,
}: XvfbOptions = {}): Promise<Xvfb> {
  const args = ['-displayfd', '3', '-screen', '0', screen, '-noreset'];
  args.push(...(tcp ? ['-listen', 'tcp'] : ['-nolisten', 'tcp']));
  for (const name of without) args.push('-extension', name);
  if (auth) args.push('-auth', auth);
  const child = spawn('Xvfb', args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    const fd3 = child.stdio[3] as Readable;
    fd3.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('error', (error) =>
      reject(new Error(`cannot start Xvfb (apt-get install xvfb): ${error.message}`)),
    );
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    display: `:${number}`,
    tcpDisplay: `localhost:${number}`,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * An authority file holding one MIT-MAGIC-COOKIE-1 for any host and display (family
 * FamilyWild, empty address and number), in the format of libXau: each field a big-endian
 * 16-bit length and its bytes.
 */
export function authorityFile(cookie: Buffer): Buffer {
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    return [length, bytes];
  };
  const family = Buffer.from([0xff, 0xff]);
  const empty = Buffer.alloc(0);
  return Buffer.concat([
    family,
    ...field(empty),
    ...field(empty),
    ...field(Buffer.from('MIT-MAGIC-COOKIE-1')),
    ...field(cookie),
  ]);
}

// Run the command line two ways: main(argv) in this process, and the real binary.
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

class Collector extends Writable {
  chunks: Buffer[] = [];
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
}

/** main(argv) with collected stdout and stderr. */
export async function run(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  const stdout = new Collector(options.stdoutIsTTY);
  const stderr = new Collector(options.stderrIsTTY);
  const code = await main(argv, { stdout, stderr, env: options.env ?? {} });
  return { code, stdout: stdout.bytes, stderr: stderr.bytes.toString() };
}

export const BIN = fileURLToPath(new URL('../../bin/mss-ts.cjs', import.meta.url));

export interface Spawned extends Promise<CliResult> {
  child: ReturnType<typeof spawn>;
}

/**
 * The real binary (from dist/: `npm test` builds first), as a user runs it. `stdoutTo` is a file
 * descriptor for its stdout instead of a pipe (its output is then not collected).
 */
export function runBinary(
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
  stdoutTo: number | 'pipe' = 'pipe',
): Spawned {
  const child = spawn(process.execPath, [BIN, ...argv], {
    env: { PATH: process.env.PATH, ...env },
    cwd,
    stdio: ['ignore', stdoutTo, 'pipe'],
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? 128 + (signal === 'SIGINT' ? 2 : 15),
        stdout: Buffer.concat(stdout),
        stderr,
      }),
    );
  }) as Spawned;
  result.child = child;
  return result;
}

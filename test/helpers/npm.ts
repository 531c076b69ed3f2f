// npm as a user runs it: in a project folder, from a shell without a display.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** This repository's folder. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface NpmResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a user's shell: no display, and none of the outer npm's script variables. */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(DISPLAY|WAYLAND_DISPLAY|npm_lifecycle_.*|npm_package_.*|INIT_CWD)$/.test(name)) {
      env[name] = value;
    }
  }
  return { ...env, ...extra };
}

/** `npm ARGS` in `cwd`. */
export function npm(args: string[], cwd: string, env = userEnv()): Promise<NpmResult> {
  const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** stdout without the lines npm prints about the script it runs (`> mss-ts@0.1.0 build`). */
export function withoutNpmBanner(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('> '))
    .join('\n');
}

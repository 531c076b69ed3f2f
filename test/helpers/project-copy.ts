// A copy of the project outside the development tree, as a fresh clone elsewhere would be (its
// node_modules is a link to this one's), and `npm run` in it.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** What the build and the demo are made from (the tests, docs and CI files are left out). */
const PROJECT_FILES = [
  'bench',
  'bin',
  'man',
  'scripts',
  'src',
  'package.json',
  'rolldown.config.mjs',
  'tsconfig.json',
];

export interface ProjectCopy {
  readonly dir: string;
  remove(): void;
}

export function copyProject(): ProjectCopy {
  const dir = mkdtempSync(join(tmpdir(), 'mss-ts-copy-'));
  for (const name of PROJECT_FILES) cpSync(join(REPO, name), join(dir, name), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

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

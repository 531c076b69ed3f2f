// A copy of the project outside the development tree, as a fresh clone elsewhere would be (its
// node_modules is a link to this one's).
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './npm.js';

/** What the build, the demo and `npm pack` use (the tests and CI files are left out). */
const PROJECT_FILES = [
  'bench',
  'bin',
  'man',
  'scripts',
  'src',
  'package.json',
  'README.md',
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

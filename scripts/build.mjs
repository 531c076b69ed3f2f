// `npm run build`: tsc into dist/, then the CommonJS bundles of rolldown.config.mjs (through
// rolldown's API: its command line prints a table of chunks on stdout whatever --logLevel says)
// and the declarations of the CommonJS library.
// Nothing is printed unless a step fails. `--if-stale` (npm run demo) does nothing when the last
// build is newer than every file it was made from.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
/** Written last by a build that succeeded: its mtime is when dist/ was complete. */
const stamp = path.join(dist, '.built');
/** What dist/ is made from (node_modules/.package-lock.json changes with every npm install). */
const inputs = [
  'src',
  'scripts',
  'bench',
  'tsconfig.json',
  'rolldown.config.mjs',
  'package.json',
  'node_modules/.package-lock.json',
];

/** The newest mtime (ms) of a file or of any file under a folder; 0 for a missing path. */
function newest(file) {
  if (!existsSync(file)) return 0;
  const stats = statSync(file);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs; // a file removed or renamed changes its folder
  for (const name of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, name)));
  return latest;
}

function isFresh() {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return inputs.every((input) => newest(path.join(root, input)) < built);
}

function typescript() {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('typescript/package.json');
  const tsc = path.join(path.dirname(manifest), require(manifest).bin.tsc);
  const args = [tsc, '-p', 'tsconfig.json', '--pretty', String(Boolean(process.stdout.isTTY))];
  const { status, error, stdout, stderr } = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (error) throw error;
  if (status === 0) return;
  // tsc ends its last message without a newline: ours would follow on the same line.
  if (stdout) process.stdout.write(stdout.endsWith('\n') ? stdout : `${stdout}\n`);
  if (stderr) process.stderr.write(stderr.endsWith('\n') ? stderr : `${stderr}\n`);
  throw new Error(`tsc exited with ${status}`);
}

async function bundle() {
  const { rolldown } = await import('rolldown'); // not loaded when there is nothing to build
  const { default: configs } = await import('../rolldown.config.mjs');
  for (const { output, ...input } of [configs].flat()) {
    const build = await rolldown({ logLevel: 'warn', ...input });
    try {
      await build.write(output);
    } finally {
      await build.close();
    }
  }
}

/**
 * The declarations for require('mss-ts'): one CommonJS declaration file re-exporting the ES
 * module ones, which TypeScript reads from CommonJS with module nodenext. A .d.cts copy of every
 * declaration was no better: ours name koffi's and sharp's types, and from CommonJS TypeScript
 * finds koffi's as an ES module all the same, and sharp's without the `default` they use.
 */
function commonJsDeclarations() {
  writeFileSync(path.join('dist', 'cjs', 'index.d.cts'), "export * from '../src/index.js';\n");
}

async function main() {
  process.chdir(root); // the configurations name their files from here
  if (process.argv.includes('--if-stale') && isFresh()) return;
  // From nothing, so that a file whose source is gone is not left behind (and packed).
  rmSync(dist, { recursive: true, force: true });
  typescript();
  await bundle();
  commonJsDeclarations();
  writeFileSync(stamp, '');
}

main().catch((error) => {
  process.stderr.write(`build: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
});

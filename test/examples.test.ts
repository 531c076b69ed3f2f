// Every @example in the library's public source files, type-checked against the published
// declarations and run against a real Xvfb, so that an example cannot rot.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useScreen } from './helpers/screen.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

interface Example {
  /** Where it is: file and line of its @example tag. */
  where: string;
  code: string;
}

/** The source files whose exports src/index.ts re-exports: the public ones. */
function publicFiles(): string[] {
  const index = readFileSync(join(src, 'index.ts'), 'utf8');
  const files = [...index.matchAll(/from '\.\/([^']+)\.js';/g)].map(([, path]) => `${path}.ts`);
  return [...new Set(files)];
}

/** The @example blocks of a file's JSDoc comments: from the tag to the next tag or the end. */
function examplesOf(file: string): Example[] {
  const lines = readFileSync(join(src, file), 'utf8').split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\* @example\s*$/.test(lines[i] as string)) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (/^\s*\*\/|^\s*\* @\w/.test(line)) break;
      body.push(line.replace(/^\s*\* ?/, ''));
    }
    examples.push({ where: `${file}:${i + 1}`, code: body.join('\n') });
    i = j - 1;
  }
  return examples;
}

const examples = publicFiles().flatMap(examplesOf);
const painted = useScreen(320, 200, { seed: 3 });

/** Each example as a function of a program that imports every export and runs them in turn. */
function program(library: string): string {
  const index = readFileSync(join(src, 'index.ts'), 'utf8');
  const names = [...index.matchAll(/export \{([^}]*)\}/g)]
    .flatMap(([, list]) => (list as string).split(','))
    .map((name) => name.trim())
    .filter((name) => name && !name.startsWith('type '));
  const functions = examples.map(
    ({ code }, i) => `async function example${i}(): Promise<void> {\n${code}\n}`,
  );
  return `import { ${names.join(', ')} } from '${library}';
// Names an example may use without declaring them: a session, and every export.
const sct = new MSS();
void [${names.join(', ')}];
${functions.join('\n\n')}

const examples: (() => Promise<void>)[] = [${examples.map((_, i) => `example${i}`).join(', ')}];
for (const [i, run] of examples.entries()) {
  try {
    await run();
    console.log(JSON.stringify({ i, ok: true }));
  } catch (error) {
    console.log(JSON.stringify({ i, ok: false, error: String((error as Error)?.stack ?? error) }));
  }
}
sct.close();
`;
}

describe('the @examples of the public source files', () => {
  const results = new Map<number, { ok: boolean; error?: string }>();
  let compiled = '';
  let dir = '';

  beforeAll(() => {
    // Beside dist/src, so that the program imports the built library as a user's code would.
    dir = mkdtempSync(join(dist, 'examples-'));
    writeFileSync(join(dir, 'examples.ts'), program('../src/index.js'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const tsc = fileURLToPath(new URL('../node_modules/.bin/tsc', import.meta.url));
    const options = ['--ignoreConfig', '--strict', '--skipLibCheck', '--noUnusedLocals', 'false'];
    const target = ['--target', 'es2022', '--module', 'nodenext', '--types', 'node'];
    const lib = ['--lib', 'es2022,esnext.disposable'];
    try {
      execFileSync(tsc, [...options, ...target, ...lib, join(dir, 'examples.ts')], {
        encoding: 'utf8',
      });
    } catch (error) {
      compiled = (error as { stdout: string }).stdout;
      return;
    }
    const run = spawnSync(process.execPath, [join(dir, 'examples.js')], {
      cwd: painted.dir, // examples write files where they run
      env: { ...process.env, ...painted.env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    for (const line of run.stdout.split('\n').filter((l) => l.startsWith('{"i"'))) {
      const { i, ...result } = JSON.parse(line) as { i: number; ok: boolean; error?: string };
      results.set(i, result);
    }
    if (results.size < examples.length) compiled = `the program stopped:\n${run.stderr}`;
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('are found, one at least for each addition of the python-mss names', () => {
    const code = examples.map((e) => e.code).join('\n');
    for (const call of [
      '.shot(',
      '.primaryMonitor',
      '.pixel(',
      '.toRgb()',
      '.toRgba()',
      'encode(red',
    ]) {
      expect([call, code.includes(call)]).toEqual([call, true]);
    }
  });

  it('compile against the published declarations', () => {
    expect(compiled).toBe('');
  });

  it.each(examples.map((e, i) => [e.where, i] as const))('%s runs', (_, i) => {
    expect(results.get(i)).toEqual({ ok: true });
  });
});

// What a TypeScript user of the package sees: the .d.ts files that `npm run build` writes, read
// from index.d.ts, the package's "types".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/src/', import.meta.url));
const read = (file: string) => readFileSync(join(dist, file), 'utf8');

/** [name, file of its declaration] for every name index.d.ts exports. */
function exportedNames(): [string, string][] {
  const names: [string, string][] = [];
  for (const [, list, from] of read('index.d.ts').matchAll(
    /export (?:type )?\{([^}]*)\} from '\.\/([^']+)\.js';/g,
  )) {
    for (const item of (list as string).split(',')) {
      const name = item.replace(/^\s*type\s+/, '').trim();
      if (name) names.push([name, `${from}.d.ts`]);
    }
  }
  return names;
}

/** The text of the exported declaration of `name` in `text`, to its closing brace or semicolon. */
function declarationOf(text: string, name: string): string {
  const start = text.search(
    new RegExp(`^export (?:declare )?(?:class|interface|type|function|const) ${name}\\b`, 'm'),
  );
  if (start < 0) throw new Error(`no exported declaration of ${name}`);
  const braced = /^export (?:declare )?(?:class|interface)/.test(text.slice(start));
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (braced && depth === 0 && c === '}') return text.slice(start, i + 1);
    } else if (c === ';' && depth === 0 && !braced) return text.slice(start, i + 1);
  }
  throw new Error(`unterminated declaration of ${name}`);
}

describe('the published types', () => {
  const exported = exportedNames();
  const declarations = new Map(
    exported.map(([name, file]) => [name, declarationOf(read(file), name)]),
  );

  it('export the public surface from index.d.ts', () => {
    expect(exported.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'MSS',
        'Frame',
        'PendingFrame',
        'FrameLoop',
        'encode',
        'save',
        'BgrxImage',
        'ShotOptions',
      ]),
    );
  });

  it("show the python-mss names' counterparts: shot, primaryMonitor, pixel, toRgb, toRgba", () => {
    const mss = declarations.get('MSS') as string;
    expect(mss).toMatch(/\bshot\(options\?: ShotOptions\): Promise<string\[\]>;/);
    expect(mss).toMatch(/\bget primaryMonitor\(\): Monitor;/);
    const frame = declarations.get('Frame') as string;
    expect(frame).toMatch(
      /\bpixel\(x: number, y: number\): \[red: number, green: number, blue: number\];/,
    );
    expect(frame).toMatch(/\btoRgb\(\): Buffer;/);
    expect(frame).toMatch(/\btoRgba\(\): Buffer;/);
    expect(declarations.get('encode')).toMatch(/\bimage: BgrxImage\b/);
  });

  it('show none of the option checks or the converters behind them', () => {
    for (const file of [
      'encode/encode.d.ts',
      'encode/image.d.ts',
      'output/save.d.ts',
      'capture/frame-loop.d.ts',
    ]) {
      expect([
        file,
        read(file).match(/\b(check[A-Z]\w*|interface Pixels|ENCODE_OPTIONS|SAVE_OPTIONS)\b/g),
      ]).toEqual([file, null]);
    }
  });

  it('show neither the buffer pool nor its slots', () => {
    for (const [name, text] of declarations) {
      expect([name, /\bSlot(Pool)?\b/.test(text)]).toEqual([name, false]);
    }
    expect(read('capture/frame.d.ts')).not.toMatch(/\bSlot(Pool)?\b/);
  });

  it('show no internal constructor or factory, and nothing marked @internal', () => {
    for (const name of ['Frame', 'PendingFrame', 'FrameLoop']) {
      const text = declarations.get(name) as string;
      expect(text.match(/constructor\([^)]*\)/g)).toEqual(['constructor()']);
      expect(text).toMatch(/ private constructor\(\);/);
      expect(text).not.toMatch(/\bcreate\(/);
    }
    for (const [name, text] of declarations) {
      expect([name, text.includes('@internal')]).toEqual([name, false]);
    }
  });

  it('refuse, when compiled, what only the library may do', () => {
    // A program using the package, checked by the compiler against dist/src/index.d.ts: each
    // line marked @ts-expect-error must fail to compile, or the compiler reports the mark.
    const dir = mkdtempSync(join(dist, '..', 'types-check-'));
    try {
      writeFileSync(
        join(dir, 'user.ts'),
        `import { Frame, FrameLoop, MSS, PendingFrame } from '../src/index.js';
declare const sct: MSS;
const frame: Frame = sct.grab(0);
frame.release();
// @ts-expect-error: no constructor to call
export type F = ConstructorParameters<typeof Frame>;
// @ts-expect-error: no constructor to call
export type P = ConstructorParameters<typeof PendingFrame>;
// @ts-expect-error: no constructor to call
export type L = ConstructorParameters<typeof FrameLoop>;
// @ts-expect-error: no factory either
Frame.create;
`,
      );
      const tsc = fileURLToPath(new URL('../node_modules/.bin/tsc', import.meta.url));
      const options = ['--ignoreConfig', '--noEmit', '--strict', '--skipLibCheck'];
      const target = ['--target', 'es2022', '--module', 'nodenext', '--types', 'node'];
      const lib = ['--lib', 'es2022,esnext.disposable'];
      try {
        execFileSync(tsc, [...options, ...target, ...lib, join(dir, 'user.ts')], {
          encoding: 'utf8',
        });
      } catch (error) {
        throw new Error(`the compiler said:\n${(error as { stdout: string }).stdout}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

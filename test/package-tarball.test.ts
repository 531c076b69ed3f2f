// The package as users get it: `npm pack`, then installed into a new project, used from ES
// modules, CommonJS and TypeScript. Offline when npm's cache holds what `npm ci` of this
// repository fetched: the new project's lockfile lists the same versions.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type sharpType from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npm, REPO } from './helpers/npm.js';
import { useScreen } from './helpers/screen.js';

const sharp = createRequire(import.meta.url)('sharp') as typeof sharpType;

interface Packed {
  filename: string;
  integrity: string;
  size: number;
  files: { path: string }[];
}

interface LockEntry {
  dev?: boolean;
}

/** package.json and package-lock.json of a project depending on the tarball only. */
function scratchProject(dir: string, packed: Packed): void {
  const repoLock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const spec = `file:../${packed.filename}`;
  // Every package the library needs at run time, at the version this repository's tests use,
  // so that npm resolves nothing from the registry; mss-ts itself npm reads from the tarball.
  const packages: Record<string, unknown> = {
    '': { name: 'scratch', version: '1.0.0', dependencies: { 'mss-ts': spec } },
  };
  for (const [where, entry] of Object.entries(repoLock.packages)) {
    if (where.startsWith('node_modules/') && !entry.dev) packages[where] = entry;
  }
  const project = { name: 'scratch', version: '1.0.0', private: true };
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ ...project, dependencies: { 'mss-ts': spec } }, null, 2),
  );
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify({ ...project, lockfileVersion: 3, requires: true, packages }, null, 2),
  );
}

/** `node ARGS` in `cwd`, with DISPLAY from `env`; killed after a minute, not left to hang. */
function node(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

describe('the package from a tarball, installed in a new project', () => {
  const screen = useScreen(320, 200, { seed: 11 });
  let scratch: string;
  let project: string;
  let packed: Packed;
  let install: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    if (!existsSync(join(REPO, 'dist/cjs/index.cjs'))) throw new Error('run `npm run build` first');
    scratch = mkdtempSync(join(tmpdir(), 'mss-ts-tarball-'));
    // --ignore-scripts: pack what `npm test` built; building here would rewrite dist/ under
    // the feet of the other test files.
    const pack = await npm(
      ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch],
      REPO,
    );
    expect(pack.code, pack.stderr).toBe(0);
    packed = (JSON.parse(pack.stdout) as Packed[])[0] as Packed;
    project = join(scratch, 'project');
    mkdirSync(project);
    scratchProject(project, packed);
    install = await npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], project);
    // The published types need @types/node (Buffer, AbortSignal); this repository's copy.
    mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'));
  }, 180_000);
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('holds what a global install needs (command, library, man page) and nothing else', () => {
    const files = packed.files.map((file) => file.path).sort();
    const needed = [
      'README.md',
      'bin/mss-ts.cjs',
      'dist/cjs/index.cjs',
      'dist/cjs/index.d.cts',
      'dist/cli/main.cjs',
      'dist/src/index.d.ts',
      'dist/src/index.js',
      'man/mss-ts.1',
      'package.json',
    ];
    expect(files).toEqual(expect.arrayContaining(needed));
    const allowed = [
      /^(README\.md|LICENSE|package\.json|bin\/mss-ts\.cjs|man\/mss-ts\.1)$/,
      /^dist\/src\/(?!cli\/)[\w/-]+\.(js|d\.ts)$/, // the library; the command has its bundle
      /^dist\/cli\/[\w-]+\.cjs$/,
      /^dist\/cjs\/index\.(cjs|d\.cts)$/,
    ];
    expect(files.filter((file) => !allowed.some((pattern) => pattern.test(file)))).toEqual([]);
    for (const file of files.filter((f) => f.startsWith('dist/src/') && f.endsWith('.js'))) {
      expect(files, file).toContain(file.replace(/\.js$/, '.d.ts'));
    }
  });

  it('installs without a warning about install scripts of its own', () => {
    expect(install.code, install.stderr).toBe(0);
    // npm 11 lists a dependency's preinstall, install and postinstall scripts, and prepare
    // for one that is not from a registry (a tarball, git), unless allowScripts covers them.
    expect(install.stderr).not.toMatch(/mss-ts@/);
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/mss-ts/package.json'), 'utf8'),
    ) as { scripts?: Record<string, string> };
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(manifest.scripts?.[script], script).toBeUndefined();
    }
  });

  it('runs its command from node_modules/.bin', () => {
    const bin = join(project, 'node_modules/.bin/mss-ts');
    expect(spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 }).stdout).toBe(
      '0.1.0\n',
    );
    const shot = join(scratch, 'bin.png');
    const grab = spawnSync(bin, ['grab', '-m', '0', shot], {
      env: { PATH: process.env.PATH, ...screen.env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: grab.status, stdout: grab.stdout, stderr: grab.stderr }).toEqual({
      status: 0,
      stdout: `${shot}\n`,
      stderr: '',
    });
  });

  it('gives the same names to require() and import(), those of src/index.ts', async () => {
    const names = Object.keys(await import('../src/index.js')).sort();
    expect(names).toEqual(expect.arrayContaining(['MSS', 'ScreenShotError', 'encode', 'save']));
    const required = node(
      ['-e', "console.log(JSON.stringify(Object.keys(require('mss-ts')).sort()))"],
      project,
    );
    expect(required.stderr).toBe('');
    expect(JSON.parse(required.stdout)).toEqual(names);
    const imported = node(
      [
        '--input-type=module',
        '-e',
        "console.log(JSON.stringify(Object.keys(await import('mss-ts')).sort()))",
      ],
      project,
    );
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toEqual(names);
  });

  it.each([
    ['CommonJS', 'grab.cjs', "const { MSS, save, ScreenShotError } = require('mss-ts');"],
    ['an ES module', 'grab.mjs', "import { MSS, save, ScreenShotError } from 'mss-ts';"],
  ])(
    'grabs and saves a PNG from %s, and throws ScreenShotError without a display',
    async (_, file, load) => {
      writeFileSync(
        join(project, file),
        `${load}
      async function main() {
        const sct = new MSS();
        try {
          const frame = sct.grab(0);
          try {
            console.log(JSON.stringify(await save(frame, process.argv[2])));
          } finally {
            frame.release();
          }
        } finally {
          sct.close();
        }
        try {
          new MSS({ display: ':9999' });
        } catch (error) {
          console.log(error instanceof ScreenShotError, error.kind);
        }
      }
      main();
      `,
      );
      const png = join(scratch, `${file}.png`);
      const run = node([file, png], project, screen.env);
      expect(run.stderr).toBe('');
      expect(run.stdout.split('\n')).toEqual([
        JSON.stringify({ path: png, format: 'png', bytes: readFileSync(png).length }),
        'true display',
        '',
      ]);
      const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      const rgb = Buffer.alloc(320 * 200 * 3);
      for (let p = 0; p < 320 * 200; p++) {
        rgb[p * 3] = screen.screen[p * 4 + 2] as number;
        rgb[p * 3 + 1] = screen.screen[p * 4 + 1] as number;
        rgb[p * 3 + 2] = screen.screen[p * 4] as number;
      }
      expect(data.equals(rgb)).toBe(true);
    },
  );

  it('lets one process load both copies and grab with each (koffi type names are global)', () => {
    writeFileSync(
      join(project, 'both.cjs'),
      `const copies = [require('mss-ts')];
      import('mss-ts').then(async (esm) => {
        copies.push(esm);
        for (const { MSS, encode } of [...copies, ...copies]) {
          const sct = new MSS();
          try {
            const frame = sct.grab(0);
            console.log((await encode(frame, { format: 'raw' })).length);
            frame.release();
          } finally {
            sct.close();
          }
        }
      });
      `,
    );
    const run = node(['both.cjs'], project, screen.env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${320 * 200 * 4}\n`.repeat(4));
  });

  describe("the README's library examples, as written", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const library = readme.slice(readme.indexOf('\n## Library\n'));
    const section = library.slice(0, library.indexOf('\n## ', 1));
    const example = (language: string) => {
      const block = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(section);
      if (!block) throw new Error(`no \`\`\`${language} block under ## Library`);
      return block[1] as string;
    };
    /** The PNG's width and height. */
    const size = async (file: string) => {
      const { width, height } = await sharp(file).metadata();
      return [width, height];
    };

    it('the first runs on Node.js 20 as plain JavaScript (try/finally)', async () => {
      expect(section.indexOf('```js')).toBeLessThan(section.indexOf('```ts'));
      const dir = join(project, 'readme-js');
      mkdirSync(dir);
      writeFileSync(join(dir, 'shot.mjs'), example('js'));
      const run = node(['shot.mjs'], dir, screen.env);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('320x200: ');
      expect(await size(join(dir, 'shots/monitor-1.png'))).toEqual([320, 200]);
    });

    it('the one with `using` type-checks, compiles for Node.js 20 and runs', async () => {
      const dir = join(project, 'readme-ts');
      mkdirSync(dir);
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
      writeFileSync(join(dir, 'shot.ts'), example('ts'));
      const options = { module: 'nodenext', target: 'es2022', strict: true, types: ['node'] };
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { ...options, skipLibCheck: false, outDir: 'out' } }),
      );
      const tsc = node([TSC, '-p', 'tsconfig.json'], dir);
      expect(tsc.stdout + tsc.stderr).toBe('');
      const run = node(['out/shot.js'], dir, screen.env);
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(await size(join(dir, 'shots/monitor-1.png'))).toEqual([320, 200]);
    }, 60_000);
  });

  describe('its types, with tsc and skipLibCheck off', () => {
    beforeAll(() => {
      const use = (load: string) => `${load}

// @ts-expect-error: a wrong argument is an error, so the types are not \`any\`
export const wrong = (sct: MSS) => sct.grab('one');

export async function shot(display: string): Promise<Buffer> {
  const sct = new MSS({ display, backend: 'auto' });
  try {
    const monitor: Monitor | undefined = sct.monitors[1];
    const frame = sct.grab(monitor ?? 0);
    try {
      await save(frame, 'shot.png', { overwrite: false });
      return await encode(frame, { format: 'jpeg', quality: 85 });
    } finally {
      frame.release();
    }
  } catch (error) {
    if (error instanceof ScreenShotError) console.error(error.kind);
    throw error;
  } finally {
    sct.close();
  }
}
`;
      const files: Record<string, string> = {
        'esm/package.json': '{ "type": "module" }',
        'esm/use.ts': use(
          "import { encode, type Monitor, MSS, save, ScreenShotError } from 'mss-ts';",
        ),
        'cjs/package.json': '{ "type": "commonjs" }',
        'cjs/use.ts': use(
          "import { encode, type Monitor, MSS, save, ScreenShotError } from 'mss-ts';",
        ),
        'cjs/equals.ts': `import mss = require('mss-ts');
export const backend = (sct: mss.MSS): 'shm' | 'getimage' => sct.status.backend;
`,
        'cjs/plain.cjs': `const { MSS } = require('mss-ts');
/** @param {string} display */
function backend(display) {
  const sct = new MSS({ display });
  try {
    // @ts-expect-error: a wrong argument is an error, so require() is typed
    sct.grab('one');
    return sct.status.backend;
  } finally {
    sct.close();
  }
}
module.exports = { backend };
`,
        'tsconfig.json': JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            target: 'es2022',
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            allowJs: true,
            checkJs: true,
            types: ['node'],
          },
          include: ['esm', 'cjs'],
        }),
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(project, name, '..'), { recursive: true });
        writeFileSync(join(project, name), text);
      }
    });

    it.each([
      ['module nodenext', []],
      ['module node16 and skipLibCheck', ['--module', 'node16', '--skipLibCheck']],
    ])(
      'type-checks ES module and CommonJS users with %s',
      (_, options) => {
        const tsc = node([TSC, '-p', 'tsconfig.json', '--listFiles', ...options], project);
        const problems = tsc.stdout.split('\n').filter((line) => /error TS/.test(line));
        expect(problems).toEqual([]);
        expect(tsc.status).toBe(0);
        // import reads the ES module declarations, require the CommonJS ones
        expect(tsc.stdout).toContain('node_modules/mss-ts/dist/src/index.d.ts');
        expect(tsc.stdout).toContain('node_modules/mss-ts/dist/cjs/index.d.cts');
      },
      60_000,
    );
  });
});

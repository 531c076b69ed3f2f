import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the package', () => {
  it("exports the library from its name, as users import it (import { MSS } from 'mss-ts')", async () => {
    const library = await import('mss-ts');
    expect(Object.keys(library).sort()).toEqual(
      [
        'BACKEND_CHOICES',
        'FrameLoop',
        'Frame',
        'IMAGE_FORMATS',
        'MSS',
        'PIXEL_FORMATS',
        'PendingFrame',
        'ScreenShotError',
        'XProtocolError',
        'createPngEncoder',
        'encode',
        'save',
      ].sort(),
    );
  });
});

describe('the command-line bundle', () => {
  /** What `mss-ts ARGS` loaded besides what Node itself had: built-in modules and files. */
  function loadedBy(args: string[]): string[] {
    const script = `
      const before = new Set(process.moduleLoadList);
      require(${JSON.stringify(fileURLToPath(new URL('../dist/cli/main.cjs', import.meta.url)))})
        .main(${JSON.stringify(args)})
        .then(() => {
          const builtins = process.moduleLoadList.filter((m) => !before.has(m));
          console.error(JSON.stringify([...builtins, ...Object.keys(require.cache)]));
        });`;
    const { stderr } = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    return JSON.parse(stderr.trim().split('\n').pop() as string) as string[];
  }

  it('loads nothing heavy for --version: no native module, no child_process (commander wants it)', () => {
    const loaded = loadedBy(['--version']);
    expect(loaded.some((m) => m.endsWith('main.cjs'))).toBe(true); // the check sees our files
    for (const heavy of ['NativeModule child_process', 'NativeModule zlib']) {
      expect(loaded).not.toContain(heavy);
    }
    expect(loaded.filter((m) => /koffi|sharp|[\\/]ora[\\/]/.test(m))).toEqual([]);
  });

  it('loads no encoder for monitors: what shot() needs is loaded when it is called', () => {
    const loaded = loadedBy(['monitors', '-D', ':4099']); // fails to connect, after loading capture
    expect(loaded.some((m) => /[\\/]monitors-command\.cjs$/.test(m))).toBe(true);
    expect(loaded).not.toContain('NativeModule zlib');
    expect(loaded.filter((m) => /sharp|[\\/](shot|frame-output)\.cjs$/.test(m))).toEqual([]);
  });
});

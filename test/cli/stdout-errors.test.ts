// stdout that cannot be written (a full disk, /dev/full): exit 1 with one line, whatever the
// command; a reader that goes away (EPIPE) is not an error.
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import { mountTinyFs } from '../helpers/tiny-fs.js';

const painted = useScreen(320, 240, { seed: 5 });
let full: number;
beforeAll(() => {
  full = openSync('/dev/full', 'w');
});
afterAll(() => closeSync(full));

const ONE_LINE = 'mss-ts: cannot write to stdout: no space left on device\n';

describe('stdout on a full device', () => {
  it.each([
    ['a file name printed by grab', ['grab', '-o', '{dir}/a.png']],
    ['a JSON record', ['grab', '--json', '-o', '{dir}/b.png']],
    ['the image itself', ['grab', '-']],
    ['a loop of files', ['grab', '-n', '3', '--interval', '0', '-o', '{dir}/{n}.png']],
    ['a raw stream', ['grab', '-n', '3', '-f', 'raw', '-']],
    ['monitors', ['monitors']],
    ['monitors --json', ['monitors', '--json']],
    ['--version', ['--version']],
    ['--help', ['--help']],
    ['grab --help', ['grab', '--help']],
  ])('%s: exit 1 and one line', async (_, argv) => {
    const dir = mkdtempSync(join(painted.dir, 'full-'));
    const args = argv.map((a) => a.replace('{dir}', dir));
    const result = await runBinary(args, painted.env, undefined, full);
    expect(result.stderr).toBe(ONE_LINE);
    expect(result.code).toBe(1);
  });
});

describe('stdout on a file system that fills up', () => {
  const tiny = mountTinyFs(64);
  afterAll(() => typeof tiny !== 'string' && tiny.unmount());

  it.skipIf(typeof tiny === 'string')(
    'an image cut short is exit 1 with one line, not a truncated file and exit 0',
    async () => {
      if (typeof tiny === 'string') return;
      // Leave a few KiB: the start of the PNG fits, the rest does not.
      writeFileSync(`${tiny.dir}/filler`, Buffer.alloc(56 * 1024));
      const target = `${tiny.dir}/shot.png`;
      const fd = openSync(target, 'w');
      try {
        const result = await runBinary(['grab', '-l', '0', '-'], painted.env, undefined, fd);
        expect(result.stderr).toBe(ONE_LINE);
        expect(result.code).toBe(1);
      } finally {
        closeSync(fd);
      }
      expect(readFileSync(target).length).toBeLessThan(320 * 240 * 3);
    },
  );
});

// Scenario 4: the disk fills up under a loop, a stream and a single grab (a small tmpfs; where
// mounting is not permitted the scenario says why and records no trials).
import { closeSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import { mountTinyFs } from '../helpers/tiny-fs.js';
import { check, checkDecodes, record, scale, temporariesIn, trials } from './harness.js';

const W = 320;
const H = 240;
const painted = useScreen(W, H, { seed: 61 });
const tiny = mountTinyFs(1024);
afterAll(() => typeof tiny !== 'string' && tiny.unmount());

const SCENARIO = 'Full disk (1 MiB tmpfs)';
const ONE_LINE = /^mss-ts: cannot write (.+): no space left on device\n$/;

/** An empty tmpfs for the next trial. */
function emptied(dir: string): string {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
  return dir;
}

/** Run with stdout on a file in `dir`. */
async function toFile(args: string[], path: string) {
  const fd = openSync(path, 'w');
  try {
    return await runBinary(args, painted.env, undefined, fd);
  } finally {
    closeSync(fd);
  }
}

describe('a disk that fills up', () => {
  if (typeof tiny === 'string') {
    it('is skipped here', () => {
      record({ scenario: SCENARIO, trials: 0, failures: 0, guarantee: `skipped: ${tiny}` });
    });
    return;
  }

  it('under a PNG loop', async () => {
    await trials(
      `${SCENARIO}: PNG loop at --interval 0, level 0`,
      scale(10, 3),
      'exit 1 with one line naming the file; every file under a real name decodes; no temporary left',
      async () => {
        const dir = emptied(tiny.dir);
        const result = await runBinary(
          ['grab', '--interval', '0', '-l', '0', '-o', join(dir, '{n:04}.png')],
          painted.env,
        );
        check(result.code === 1, `exit ${result.code}: ${result.stderr}`);
        check(ONE_LINE.test(result.stderr), `stderr: ${result.stderr}`);
        check(temporariesIn(dir).length === 0, `left: ${temporariesIn(dir).join(', ')}`);
        const files = readdirSync(dir);
        check(files.length > 0, 'no file fitted at all');
        for (const file of files) await checkDecodes(join(dir, file), W, H);
        return undefined;
      },
    );
  });

  it('under a raw stream to a file', async () => {
    await trials(
      `${SCENARIO}: raw stream on stdout into a file`,
      scale(10, 3),
      'exit 1 with one line (cannot write to stdout)',
      async () => {
        const dir = emptied(tiny.dir);
        const result = await toFile(
          ['grab', '--interval', '0', '-f', 'raw', '-'],
          join(dir, 'stream.raw'),
        );
        check(result.code === 1, `exit ${result.code}: ${result.stderr}`);
        check(
          result.stderr === 'mss-ts: cannot write to stdout: no space left on device\n',
          `stderr: ${result.stderr}`,
        );
        return undefined;
      },
    );
  });

  it('under a single grab', async () => {
    await trials(
      `${SCENARIO}: single PNG grab to a file and to stdout, nearly full`,
      scale(10, 3),
      'exit 1 with one line; no file under the name given; no temporary left',
      async () => {
        const dir = emptied(tiny.dir);
        writeFileSync(join(dir, 'filler'), Buffer.alloc(1000 * 1024));
        const named = await runBinary(['grab', '-l', '0', join(dir, 'x.png')], painted.env);
        check(named.code === 1, `exit ${named.code}: ${named.stderr}`);
        check(ONE_LINE.exec(named.stderr)?.[1] === join(dir, 'x.png'), `stderr: ${named.stderr}`);
        check(!readdirSync(dir).includes('x.png'), 'x.png was written');
        check(temporariesIn(dir).length === 0, `left: ${temporariesIn(dir).join(', ')}`);
        const piped = await toFile(['grab', '-l', '0', '-'], join(dir, 'y.png'));
        check(piped.code === 1, `exit ${piped.code}: ${piped.stderr}`);
        check(
          piped.stderr === 'mss-ts: cannot write to stdout: no space left on device\n',
          `stderr: ${piped.stderr}`,
        );
        return undefined;
      },
    );
  });
});

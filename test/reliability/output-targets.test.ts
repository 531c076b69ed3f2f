// Scenario 6: what is at the output path. Devices are made with mknod in a scratch folder.
import { execFileSync, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import { check, checkDecodes, scale, temporariesIn, trials } from './harness.js';

const W = 64;
const H = 48;
const painted = useScreen(W, H, { seed: 71 });

interface Case {
  name: string;
  guarantee: string;
  /** Make what is at the path; returns the output argument. */
  setup(dir: string): string;
  check(dir: string, output: string, result: { code: number; stderr: string }): Promise<void>;
}

const oneLine = (stderr: string) => /^mss-ts: [^\n]+\n$/.test(stderr);
const isPng = (bytes: Buffer) => bytes.subarray(1, 4).toString() === 'PNG';

const CASES: Case[] = [
  {
    name: 'a character device like /dev/null',
    guarantee: 'written into; stays a device; exit 0',
    setup: (dir) => {
      execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
      return join(dir, 'null');
    },
    async check(_dir, output, result) {
      check(result.code === 0, `exit ${result.code}: ${result.stderr}`);
      check(statSync(output).isCharacterDevice(), 'no longer a device');
    },
  },
  {
    name: 'a character device like /dev/full',
    guarantee: 'exit 1, one line (no space left on device); stays a device',
    setup: (dir) => {
      execFileSync('mknod', [join(dir, 'full'), 'c', '1', '7']);
      return join(dir, 'full');
    },
    async check(_dir, output, result) {
      check(result.code === 1, `exit ${result.code}`);
      check(
        result.stderr.endsWith('no space left on device\n') && oneLine(result.stderr),
        result.stderr,
      );
      check(statSync(output).isCharacterDevice(), 'no longer a device');
    },
  },
  {
    name: 'a symlink to a file in another folder',
    guarantee: 'the target replaced by the image; the link stays; no temporary in either folder',
    setup: (dir) => {
      mkdirSync(join(dir, 'real'));
      writeFileSync(join(dir, 'real', 'shot.png'), 'old');
      symlinkSync('real/shot.png', join(dir, 'link.png'));
      return join(dir, 'link.png');
    },
    async check(dir, output, result) {
      check(result.code === 0, `exit ${result.code}: ${result.stderr}`);
      check(lstatSync(output).isSymbolicLink(), 'the link was replaced');
      await checkDecodes(join(dir, 'real', 'shot.png'), W, H);
      check(
        temporariesIn(join(dir, 'real')).length === 0 && temporariesIn(dir).length === 0,
        'temporary left',
      );
    },
  },
  {
    name: 'a symlink to a device',
    guarantee: 'written into the device; link and device stay',
    setup: (dir) => {
      execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
      symlinkSync('null', join(dir, 'link'));
      return join(dir, 'link');
    },
    async check(dir, output, result) {
      check(result.code === 0, `exit ${result.code}: ${result.stderr}`);
      check(lstatSync(output).isSymbolicLink(), 'the link was replaced');
      check(statSync(join(dir, 'null')).isCharacterDevice(), 'no longer a device');
    },
  },
  {
    name: 'a directory',
    guarantee: 'usage error (exit 2), one line; nothing written',
    setup: (dir) => {
      mkdirSync(join(dir, 'folder'));
      return join(dir, 'folder');
    },
    async check(dir, _output, result) {
      check(result.code === 2 && oneLine(result.stderr), `exit ${result.code}: ${result.stderr}`);
      check(readdirSync(join(dir, 'folder')).length === 0, 'something was written');
    },
  },
  {
    name: 'a folder that refuses files (sysfs)',
    guarantee: 'exit 1, one line without a temporary name',
    setup: () => '/sys/kernel/mss-ts-test.png',
    async check(_dir, _output, result) {
      check(result.code === 1 && oneLine(result.stderr), `exit ${result.code}: ${result.stderr}`);
      check(!result.stderr.includes('.tmp'), result.stderr);
    },
  },
  {
    name: 'an empty name',
    guarantee: 'usage error (exit 2), one line',
    setup: () => '',
    async check(dir, _output, result) {
      check(result.code === 2 && oneLine(result.stderr), `exit ${result.code}: ${result.stderr}`);
      check(readdirSync(dir).length === 0, 'something was written');
    },
  },
  {
    name: 'a 255-byte name',
    guarantee: 'written; nothing else left in the folder',
    setup: (dir) => join(dir, `${'n'.repeat(251)}.png`),
    async check(dir, output, result) {
      check(result.code === 0, `exit ${result.code}: ${result.stderr}`);
      await checkDecodes(output, W, H);
      check(readdirSync(dir).length === 1, `left: ${readdirSync(dir).join(', ')}`);
    },
  },
];

describe('output targets', () => {
  for (const target of CASES) {
    it(target.name, async () => {
      await trials(`Output target: ${target.name}`, scale(5, 1), target.guarantee, async () => {
        const dir = mkdtempSync(join(painted.dir, 'target-'));
        const output = target.setup(dir);
        const result = await runBinary(['grab', output], painted.env, dir);
        await target.check(dir, output, result);
        return undefined;
      });
    });
  }

  it('a FIFO being read', async () => {
    await trials(
      'Output target: a FIFO being read by cat',
      scale(5, 1),
      'the reader gets the whole PNG; the FIFO stays a FIFO',
      async () => {
        const dir = mkdtempSync(join(painted.dir, 'fifo-'));
        const fifo = join(dir, 'pipe');
        execFileSync('mkfifo', [fifo]);
        const reader = spawn('cat', [fifo]);
        const chunks: Buffer[] = [];
        reader.stdout.on('data', (c: Buffer) => chunks.push(c));
        const read = new Promise((resolve) => reader.on('close', resolve));
        const result = await runBinary(['grab', fifo], painted.env, dir);
        await read;
        check(result.code === 0, `exit ${result.code}: ${result.stderr}`);
        const bytes = Buffer.concat(chunks);
        check(isPng(bytes), 'the reader got no PNG');
        const { info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
        check(info.width === W && info.height === H, `${info.width}x${info.height}`);
        check(statSync(fifo).isFIFO(), 'no longer a FIFO');
        return undefined;
      },
    );
  });
});

// Monitor names come from the X server, and any X client can set them: they never choose
// where a file goes, nor what a terminal does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

const painted = useScreen(640, 480, { seed: 8 });
const NAMES = ['../../evil', 'a/b', '..', 'bell\u0007esc\u001b[2J', 'x'.repeat(300)];

beforeAll(() => {
  NAMES.forEach((name, i) => {
    const geometry = `64/17x48/13+${i * 64}+0`;
    execFileSync('xrandr', [
      '-display',
      painted.xvfb.display,
      '--setmonitor',
      name,
      geometry,
      'none',
    ]);
  });
});

/** Every file under `dir`, as paths relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();

describe('monitor names in output names', () => {
  it('stay one file name inside the folder the pattern names', async () => {
    const cwd = join(painted.dir, 'top', 'middle', 'here');
    mkdirSync(cwd, { recursive: true });
    const result = await runBinary(
      ['grab', '-m', 'each', '-o', '{name}-shot.png'],
      painted.env,
      cwd,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(filesUnder(join(painted.dir, 'top'))).toEqual(
      [
        '.._.._evil-shot.png',
        'a_b-shot.png',
        '__-shot.png',
        'bell_esc_[2J-shot.png',
        `${'x'.repeat(100)}-shot.png`,
        'screen-shot.png', // the server's own monitor, kept beside the ones defined here
      ]
        .map((name) => join('middle', 'here', name))
        .sort(),
    );
  });
});

describe('monitor names on a terminal', () => {
  it('show control characters as \\xNN instead of sending them', async () => {
    const result = await runBinary(['monitors'], painted.env);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toContain('bell\\x07esc\\x1b[2J');
    expect(result.stdout.toString()).not.toMatch(/\p{Cc}(?<!\n)/u);
  });
});

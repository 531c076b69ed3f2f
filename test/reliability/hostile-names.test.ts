// Scenario 7: monitor names that try to leave the output folder, or to talk to the terminal.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';
import { check, scale, seeded, trials } from './harness.js';

const painted = useScreen(640, 480, { seed: 17 });

/** A hostile name: separators, dot runs, control characters, long runs, from a seed. */
function hostileName(random: () => number): string {
  // No NUL: an atom's name is a C string, so no X client can set one.
  const pieces = ['/', '..', '.', '\u001b[2J', '\n', '\t', 'é', 'x', '-', ' ', '\u0085'];
  let name = '';
  const length = 1 + Math.floor(random() * 12);
  for (let i = 0; i < length; i++) name += pieces[Math.floor(random() * pieces.length)];
  if (random() < 0.2) name += 'y'.repeat(300);
  return name;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));

describe('hostile monitor names', () => {
  it('never put a file outside the folder the pattern names', async () => {
    const random = seeded(7);
    await trials(
      'Hostile monitor names (/, .., control characters, 300 bytes), -m each -o {name}',
      scale(40, 8),
      'every file lands in the folder named, one per monitor, names at most 100 bytes from outside',
      async (i) => {
        // A digit each keeps the three distinct.
        const names = [0, 1, 2].map((k) => `${hostileName(random)}${k}`);
        const display = painted.xvfb.display;
        for (const [k, name] of names.entries()) {
          execFileSync('xrandr', [
            '-display',
            display,
            '--setmonitor',
            name,
            `64/17x48/13+${k * 64}+0`,
            'none',
          ]);
        }
        const top = mkdtempSync(join(painted.dir, `names-${i}-`));
        const cwd = join(top, 'a', 'b');
        mkdirSync(cwd, { recursive: true });
        try {
          const result = await runBinary(
            ['grab', '-m', 'each', '-o', '{name}.png'],
            painted.env,
            cwd,
          );
          check(result.code === 0, `exit ${result.code}: ${result.stderr}`);
          const files = filesUnder(top);
          check(
            files.every((f) => f.startsWith('a/b/') && !f.slice(4).includes('/')),
            `files outside a/b: ${JSON.stringify(files)}`,
          );
          check(
            files.length === names.length + 1,
            `${files.length} files for ${names.length + 1} monitors`,
          );
          check(
            files.every((f) => Buffer.byteLength(f.slice(4)) <= 100 + '.png'.length),
            'a name longer than 100 bytes',
          );
        } finally {
          for (const name of names) {
            execFileSync('xrandr', ['-display', display, '--delmonitor', name]);
          }
          rmSync(top, { recursive: true, force: true });
        }
      },
    );
  });
});

// The man page against the real program: every command and option that --help shows has an
// entry in man/mss-ts.1, and the page renders without warnings.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';

const MAN = fileURLToPath(new URL('../man/mss-ts.1', import.meta.url));
const page = readFileSync(MAN, 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  man: string[];
};

const program = buildProgram(
  pkg.version,
  { writeOut: () => {}, writeErr: () => {} },
  { grab: async () => {}, monitors: async () => {}, windows: async () => {} },
);
const help = program.createHelp();
const commands: Command[] = [program, ...program.commands];

/** A roff line as a reader sees it: `\-` and `-` alike, no font escapes or quotes. */
const plain = (line: string) =>
  line
    .replace(/\\f[BIRP]/g, '')
    .replaceAll('\\-', '-')
    .replaceAll('"', '');

/** The tag of every tagged paragraph (the line after each .TP), in plain text. */
const lines = page.split('\n');
const tags = lines.flatMap((line, i) => (line === '.TP' ? [plain(lines[i + 1] ?? '')] : []));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "-m, --monitor" and "sel" for "-m, --monitor <sel>", as --help prints them. */
function flagsOf(option: Option): { flags: string; value: string | undefined } {
  const flags = [option.short, option.long].filter(Boolean).join(', ');
  const value = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  return { flags, value };
}

describe('man/mss-ts.1', () => {
  it('is the page package.json installs', () => {
    expect(pkg.man).toEqual(['./man/mss-ts.1']);
  });

  it('carries the package version in its title line', () => {
    const title = lines.find((line) => line.startsWith('.TH ')) ?? '';
    expect(plain(title)).toContain(`mss-ts ${pkg.version}`);
  });

  for (const command of commands) {
    const name = command === program ? 'mss-ts' : `mss-ts ${command.name()}`;

    it(`describes every option of ${name} --help`, () => {
      const options = help.visibleOptions(command);
      expect(options.length).toBeGreaterThan(0);
      for (const option of options) {
        const { flags, value } = flagsOf(option);
        // Both forms must appear in the text, escaped or not...
        for (const flag of [option.short, option.long].filter(Boolean) as string[]) {
          const escaped = flag.replaceAll('-', '\\-');
          expect(
            page.includes(escaped) || page.includes(flag),
            `${name}: ${flag} is not in the man page`,
          ).toBe(true);
        }
        // ...and one entry must be tagged with the flags and value exactly as --help shows them.
        const entry = tags.find(
          (tag) =>
            new RegExp(`^\\.B[IR]? ${escapeRegExp(flags)}(?:\\s|$)`).test(tag) &&
            (value === undefined || tag.includes(value)),
        );
        expect(entry, `${name}: no .TP entry for "${option.flags}"`).toBeDefined();
      }
    });
  }

  it('has an entry for every command', () => {
    for (const command of help.visibleCommands(program)) {
      expect(
        tags.some((tag) => tag.startsWith(`.BR ${command.name()} `)),
        `no .TP entry for the ${command.name()} command`,
      ).toBe(true);
    }
  });

  it('documents every exit status', async () => {
    const { EXIT } = await import('../src/cli/exit-codes.js');
    const section = page.slice(page.indexOf('.SH EXIT STATUS'), page.indexOf('.SH ENVIRONMENT'));
    for (const code of Object.values(EXIT)) expect(section).toContain(`.TP\n.B ${code}\n`);
  });

  const lint = spawnSync('mandoc', ['-T', 'lint', '-W', 'warning', MAN], { encoding: 'utf8' });
  const noMandoc = (lint.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  it.skipIf(noMandoc)(
    noMandoc
      ? 'renders without mandoc warnings (SKIPPED: mandoc is not installed; apt-get install mandoc)'
      : 'renders without mandoc warnings (mandoc -T lint -W warning)',
    () => {
      expect(lint.stdout + lint.stderr).toBe('');
      expect(lint.status).toBe(0);
    },
  );

  const groff = spawnSync('groff', ['-man', '-ww', '-z', MAN], { encoding: 'utf8' });
  const noGroff = (groff.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  it.skipIf(noGroff)(
    noGroff
      ? 'renders without groff warnings (SKIPPED: groff is not installed)'
      : 'renders without groff warnings (groff -man -ww -z)',
    () => {
      expect(groff.stdout + groff.stderr).toBe('');
      expect(groff.status).toBe(0);
    },
  );
});

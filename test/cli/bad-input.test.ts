// Wrong invocations the reliability suite's scenario 8 found mishandled: each gets one line on
// stderr naming the argument, and the documented exit status.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

const painted = useScreen(64, 48, { seed: 5 });

/** Exit 2 and exactly `line` on stderr, nothing on stdout. */
async function refused(args: string[], line: string): Promise<void> {
  const result = await run(args);
  expect(result.stderr).toBe(`${line}\n`);
  expect(result.code).toBe(2);
  expect(result.stdout.length).toBe(0);
}

describe("commander's suggestions", () => {
  it('end the line of the message instead of taking one of their own', async () => {
    await refused(
      ['grab', '--regoin', '10x10'],
      "mss-ts: unknown option '--regoin' (did you mean --region?)",
    );
    await refused(['grabb'], "mss-ts: unknown command 'grabb' (did you mean grab?)");
    await refused(['grab', '--frob'], "mss-ts: unknown option '--frob'");
  });
});

describe('arguments with control characters', () => {
  it.each([
    [
      ['grab', '-l', '1\n2', 'a.png'],
      "mss-ts: option '-l, --level <0-9>' argument '1\\x0a2' is invalid. expected an integer from 0 to 9.",
    ],
    [
      ['grab', '-f', '\u001b[2J', 'a.png'],
      "mss-ts: option '-f, --format <format>' argument '\\x1b[2J' is invalid. expected one of png, jpeg, webp, raw.",
    ],
    [['grab', '--x\ny'], "mss-ts: unknown option '--x\\x0ay'"],
    [
      ['grab', '{x\ny}.png'],
      'mss-ts: unknown placeholder {x\\x0ay} in output pattern "{x\\x0ay}.png" (known: {mon} {name} {left} {top} {width} {height} {n} {date} {ext} {window} {title})',
    ],
    [['grab', 'a\u0085b/'], 'mss-ts: output "a\\x85b/" names a directory: give a file name'],
  ])('%j: shown as \\xNN, on one line', async (args, line) => {
    await refused(args, line);
  });
});

describe('a missing or unknown command', () => {
  it('is one line, not the help on stderr', async () => {
    await refused(
      [],
      'mss-ts: missing command: expected grab or monitors or windows (mss-ts --help describes them)',
    );
    await refused(
      ['help', 'frob'],
      "mss-ts: unknown command 'frob': expected grab or monitors or windows",
    );
  });

  it('leaves help that was asked for on stdout', async () => {
    for (const args of [['help'], ['--help'], ['help', 'grab']]) {
      const result = await run(args);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.toString()).toMatch(/^Usage: mss-ts /);
    }
  });
});

describe('durations too long to count', () => {
  it.each(['-d', '--interval', '--duration'])(
    '%s 9…9 (400 digits, Infinity) is refused',
    async (flag) => {
      const result = await run(['grab', flag, '9'.repeat(400), '-n', '2', '{n}.png']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^mss-ts: option '.*<duration>' argument '9{400}' is invalid. expected a duration up to 1000000h \(114 years\).\n$/,
      );
    },
  );
});

describe('a delay longer than a Node timer holds (24.8 days)', () => {
  it('waits, instead of capturing at once with a TimeoutOverflowWarning', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mss-ts-delay-'));
    try {
      // No display: a capture would end the run with 69 at once; a wait lasts until SIGINT.
      const running = runBinary(['grab', '--delay', '1000h', 'late.png'], {}, cwd);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(running.child.exitCode).toBe(null);
      running.child.kill('SIGINT');
      const result = await running;
      expect(result).toMatchObject({ code: 130, stderr: '' });
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('--duration 0', () => {
  it('is a usage error, not a loop of no frames that exits 0', async () => {
    await refused(
      ['grab', '--duration', '0', '{n}.png'],
      "mss-ts: option '--duration <duration>' argument '0' is invalid. expected a duration of at least 1ms (as 500ms, 2s or 1h).",
    );
  });
});

describe('a region with a number too large for X11', () => {
  it('is refused as typed, not described as Infinity "must be whole pixels"', async () => {
    const nines = '9'.repeat(400);
    await refused(
      ['grab', '-r', `${nines}x1`, 'a.png'],
      `mss-ts: option '-r, --region <geometry>' argument '${nines}x1' is invalid. expected WxH+X+Y (as 800x600+100+50) or X,Y,W,H, each number up to 65535.`,
    );
  });
});

describe('an output path too long for its temporary', () => {
  it('is a usage error before capturing, and makes no directory', async () => {
    const cwd = mkdtempSync(join(painted.dir, 'long-path-'));
    // 4090 bytes: a path, but the temporary beside it would not be (4095 at most).
    const path = `${Array(16).fill('d'.repeat(250)).join('/')}/${'x'.repeat(70)}.png`;
    const result = await runBinary(['grab', path], painted.env, cwd);
    expect(result.stderr).toBe(
      `mss-ts: output "${path}" is a path of 4090 bytes: the limit is 4075 bytes\n`,
    );
    expect(result.code).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

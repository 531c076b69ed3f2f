// Suite "startup": whole-process time of one full-screen PNG screenshot, mss-ts against the
// usual command-line tools, each a fresh process from spawn to exit on the same private Xvfb.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Desktop, HEIGHT, repoRoot, type Suite, WIDTH } from './desktop.js';
import { fmt, interleave, max, median, min, table } from './stats.js';

// At least 15 runs per tool; BENCH_ROUNDS may ask for more. Odd, so a median is one real run.
const ROUNDS = Math.max(15, Number(process.env.BENCH_ROUNDS) || 21);
const SCROT_BAR = 1.4; // mss-ts median <= 1.4x scrot's
const TIMEOUT_MS = 30_000;

/** One command line, run as a fresh process per measurement. */
interface Tool {
  name: string;
  command: string;
  args: string[];
  /** The file it writes, checked after every run; none for the floor rows. */
  output?: string;
}

/** Spawn to exit, in milliseconds; throws if the command fails or does not write its file. */
function timeOnce(tool: Tool, env: NodeJS.ProcessEnv, cwd: string): number {
  if (tool.output) rmSync(tool.output, { force: true }); // so a stale file cannot pass the check
  const start = performance.now();
  const result = spawnSync(tool.command, tool.args, {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: TIMEOUT_MS,
  });
  const elapsed = performance.now() - start;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const why = result.status === null ? `signal ${result.signal}` : `exit ${result.status}`;
    throw new Error(`${tool.name} failed (${why}): ${String(result.stderr).trim()}`);
  }
  if (tool.output && !(statSync(tool.output, { throwIfNoEntry: false })?.size ?? 0)) {
    throw new Error(`${tool.name} wrote no (or an empty) ${tool.output}`);
  }
  return elapsed;
}

/** Whether `command` can be spawned at all (ENOENT means not installed). */
function installed(command: string): boolean {
  const error = spawnSync(command, ['--version'], { stdio: 'ignore' }).error as
    | NodeJS.ErrnoException
    | undefined;
  return error?.code !== 'ENOENT';
}

/** Decode the PNG fully; it must be the whole screen and not a flat colour (an unpainted screen). */
async function checkPng(file: string, name: string): Promise<string> {
  const { default: sharp } = await import('sharp'); // lazily: the other suites never need it
  const { info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  if (info.width !== WIDTH || info.height !== HEIGHT) {
    throw new Error(
      `${name}: ${file} decodes to ${info.width}x${info.height}, not ${WIDTH}x${HEIGHT}`,
    );
  }
  const stats = await sharp(file).stats();
  if (stats.channels.every((c) => c.min === c.max)) {
    throw new Error(`${name}: ${file} is a flat colour, not the painted desktop`);
  }
  return `${info.width}x${info.height}, ${info.channels} channels`;
}

const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;

async function run({ display, picture }: Desktop): Promise<void> {
  const root = repoRoot();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mss-ts-startup-'));
  const env = { ...process.env, DISPLAY: display };
  const node = process.execPath;
  const cli = path.join(root, 'bin', 'mss-ts.cjs');
  const out = (name: string) => path.join(tmp, `${name}.png`);
  try {
    console.log(`display ${display}, ${WIDTH}x${HEIGHT}x24, showing ${picture}`);
    console.log(`temp dir ${tmp}; ${ROUNDS} interleaved rounds, each a new process per tool`);

    // The contenders, in the order of every round.
    const candidates: Tool[] = [
      {
        name: 'mss-ts',
        command: cli, // as a user runs it: through its shebang
        args: ['grab', '-m', '1', out('mss')],
        output: out('mss'),
      },
      { name: 'scrot', command: 'scrot', args: ['-z', '-o', out('scrot')], output: out('scrot') },
      { name: 'maim', command: 'maim', args: [out('maim')], output: out('maim') },
      {
        name: 'import',
        command: 'import',
        args: ['-window', 'root', out('import')],
        output: out('import'),
      },
      {
        name: 'ffmpeg',
        command: 'ffmpeg',
        args: [
          ...['-loglevel', 'error', '-y', '-f', 'x11grab', '-video_size', `${WIDTH}x${HEIGHT}`],
          ...['-i', display, '-frames:v', '1', out('ffmpeg')],
        ],
        output: out('ffmpeg'),
      },
    ];
    // Where mss-ts's time goes: bare node, its native module, the CLI without X, and a grab
    // that skips the PNG encoder. Node runs as bin/mss-ts starts it: without NODE_EXTRA_CA_CERTS
    // (Node 20 parses that bundle before anything runs; mss-ts opens no TLS connection).
    const asMssStartsIt = (args: string[]) => ({
      command: 'env',
      args: ['-u', 'NODE_EXTRA_CA_CERTS', node, '--max-semi-space-size=2', ...args],
    });
    const breakdown: Tool[] = [
      { name: 'floor: node -e ""', ...asMssStartsIt(['-e', '']) },
      ...(process.env.NODE_EXTRA_CA_CERTS
        ? [{ name: 'node -e "" with NODE_EXTRA_CA_CERTS', command: node, args: ['-e', ''] }]
        : []),
      // require(), as the command line's CommonJS bundle loads it (an ES import costs far more).
      { name: 'node + require koffi', ...asMssStartsIt(['-e', "require('koffi')"]) },
      { name: 'mss-ts --version', command: cli, args: ['--version'] },
      {
        name: 'mss-ts grab -f raw',
        command: cli,
        args: ['grab', '-m', '1', '-f', 'raw', path.join(tmp, 'mss.raw')],
        output: path.join(tmp, 'mss.raw'),
      },
    ];

    const skipped: string[] = [];
    const tools = [...candidates, ...breakdown].filter((tool) => {
      if (installed(tool.command)) return true;
      skipped.push(tool.name);
      console.log(`${tool.name}: "${tool.command}" is not installed, skipped`);
      return false;
    });

    // Warm-up, untimed: page cache, font caches, and a check of what every tool writes.
    const sizes = new Map<string, number>();
    for (const tool of tools) {
      timeOnce(tool, env, root);
      if (!tool.output?.endsWith('.png')) continue;
      const shape = await checkPng(tool.output, tool.name);
      console.log(`  ${tool.name.padEnd(7)} ${shape}, ${kb(statSync(tool.output).size)}`);
    }

    // interleave() only collects numbers: here they are milliseconds per run, not rates.
    const progress = process.stderr.isTTY
      ? (round: number) => process.stderr.write(`round ${round}/${ROUNDS}...\r`)
      : undefined;
    const results = await interleave(
      tools.map((tool) => ({ name: tool.name, run: () => timeOnce(tool, env, root) })),
      ROUNDS,
      progress,
    );
    for (const tool of tools) {
      if (tool.output) sizes.set(tool.name, statSync(tool.output).size);
    }
    // The last mss-ts file too must decode to the whole screen.
    const mss = candidates[0] as Tool;
    await checkPng(mss.output as string, mss.name);

    const ms = (name: string) => results.find((r) => r.name === name)?.median ?? Number.NaN;
    const scrot = ms('scrot');
    const row = (name: string, times: number[]) => [
      name,
      fmt(median(times)),
      fmt(min(times)),
      fmt(max(times)),
      fmt(median(times) / scrot),
      sizes.has(name) ? kb(sizes.get(name) as number) : '',
    ];
    const header = ['', 'median ms', 'min', 'max', 'x scrot', 'file'];
    const isCandidate = (name: string) => candidates.some((t) => t.name === name);
    console.log(`\nwhole process, spawn to exit, ${ROUNDS} runs each, ${WIDTH}x${HEIGHT} PNG:\n`);
    console.log(
      table(
        header,
        results.filter((r) => isCandidate(r.name)).map((r) => row(r.name, r.rates)),
      ),
    );
    console.log('\nbreakdown of mss-ts (same rounds):\n');
    console.log(
      table(
        header,
        results.filter((r) => !isCandidate(r.name)).map((r) => row(r.name, r.rates)),
      ),
    );

    // The bar from the issue.
    console.log();
    const ours = ms('mss-ts');
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    if (Number.isFinite(scrot)) {
      const ratio = ours / scrot;
      console.log(
        `mss-ts / scrot:  ${fmt(ratio)}x  (bar <= ${SCROT_BAR}x: ${verdict(ratio <= SCROT_BAR)})`,
      );
      // The same ratio round by round (each round runs both back to back): how steady it is.
      const times = (name: string) => results.find((r) => r.name === name)?.rates ?? [];
      const scrotTimes = times('scrot');
      const perRound = times('mss-ts').map((t, i) => t / (scrotTimes[i] as number));
      const within = perRound.filter((r) => r <= SCROT_BAR).length;
      console.log(
        `  round by round: median ${fmt(median(perRound))}x, min ${fmt(min(perRound))}x, max ${fmt(max(perRound))}x; ${within} of ${perRound.length} rounds within the bar`,
      );
    } else {
      console.log(`mss-ts / scrot:  skipped, no scrot (bar <= ${SCROT_BAR}x: not checked)`);
    }
    for (const name of ['maim', 'import', 'ffmpeg']) {
      const theirs = ms(name);
      const label = `mss-ts / ${name}:`.padEnd(16);
      console.log(
        Number.isFinite(theirs)
          ? `${label} ${fmt(ours / theirs)}x  (bar < 1x: ${verdict(ours < theirs)})`
          : `${label} skipped, not installed (bar < 1x: not checked)`,
      );
    }
    if (skipped.length) console.log(`skipped: ${skipped.join(', ')}`);

    // What mss-ts says about its own time.
    const verbose = spawnSync(cli, ['grab', '-m', '1', out('verbose'), '--verbose'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
    });
    const lines = verbose.stderr.trim();
    console.log(`\nmss-ts grab -m 1 out.png --verbose (exit ${verbose.status}), stderr:`);
    console.log(lines ? lines.replace(/^/gm, '  ') : '  (nothing)');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export const startup: Suite = {
  description: 'one PNG screenshot, whole process: mss-ts vs scrot, maim, import, ffmpeg',
  run,
};

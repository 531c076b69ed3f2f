// `npm run demo`: the main job on any machine. Grab monitor 1 of $DISPLAY to a PNG with the real
// CLI; without a reachable display, on a private Xvfb showing a generated desktop picture.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { MSS } from '../src/index.js';
import { repoRoot } from './repo-root.js';
import type { Xvfb } from './xvfb.js';

const OUTPUT = 'demo/screenshot-monitor-1.png';

const say = (message: string) => process.stderr.write(`demo: ${message}\n`);

/** Why $DISPLAY cannot be captured, or undefined when it can. */
function displayProblem(): string | undefined {
  if (!process.env.DISPLAY) return 'DISPLAY is not set';
  try {
    new MSS().close();
    return undefined;
  } catch (error) {
    return `DISPLAY=${process.env.DISPLAY} is not usable (${(error as Error).message})`;
  }
}

/** A private Xvfb 1920x1080 showing a generated desktop picture. */
async function privateDesktop(): Promise<Xvfb> {
  // Loaded only here: painting needs libxcb, and a machine with a display never pays for it.
  const { startXvfb } = await import('./xvfb.js');
  const { paint } = await import('./paint.js');
  const { desktopPicture } = await import('./desktop-picture.js');
  const xvfb = await startXvfb({ screen: '1920x1080x24' });
  try {
    paint(xvfb.display, 0, 0, 1920, 1080, desktopPicture(1920, 1080));
    say(`started Xvfb on ${xvfb.display} showing a generated desktop picture`);
    return xvfb;
  } catch (error) {
    await xvfb.stop();
    throw error;
  }
}

/**
 * Run `mss-ts grab -m 1 OUTPUT` on `display`, print the path it wrote (absolute) and resolve to
 * its exit status. SIGINT/SIGTERM meanwhile are passed on to it: it ends, and so do we.
 */
function grab(root: string, display: string): Promise<number> {
  const bin = path.join(root, 'bin', 'mss-ts.cjs');
  const child = spawn(process.execPath, [bin, 'grab', '-m', '1', OUTPUT], {
    cwd: root,
    env: { ...process.env, DISPLAY: display },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      for (const line of out.split('\n').filter(Boolean)) {
        process.stdout.write(`${path.resolve(root, line)}\n`);
      }
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

async function main(): Promise<number> {
  const root = repoRoot();
  const problem = displayProblem();
  if (!problem) {
    say(`capturing monitor 1 of DISPLAY=${process.env.DISPLAY}`);
    return grab(root, process.env.DISPLAY as string);
  }
  say(`${problem}: starting a private Xvfb`);
  const xvfb = await privateDesktop();
  try {
    return await grab(root, xvfb.display); // a signal goes to the CLI, then the server stops
  } finally {
    await xvfb.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    say(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);

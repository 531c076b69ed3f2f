// Each suite gets its own Xvfb with the reference desktop painted on it, stopped afterwards.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { paint, paintPicture, pattern } from '../scripts/paint.js';
import { startXvfb, type Xvfb } from '../scripts/xvfb.js';

export const WIDTH = 1920;
export const HEIGHT = 1080;

export interface Desktop {
  /** ":N" of the private server. */
  display: string;
  /** What is on the screen, for the report. */
  picture: string;
}

/** A named benchmark; run.ts lists them in one table. */
export interface Suite {
  description: string;
  run(desktop: Desktop): Promise<void>;
}

/** The directory holding package.json, found from this file (works from bench/ and dist/bench/). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'mss-ts') {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the mss-ts repository root');
    dir = parent;
  }
}

// Servers alive right now, so that a SIGINT/SIGTERM to node does not orphan them.
const live = new Set<Xvfb>();
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    void Promise.all([...live].map((x) => x.stop())).finally(() => process.exit(code));
  });
}

/** Start Xvfb 1920x1080x24, paint the desktop picture, run `fn`, and stop the server whatever happens. */
export async function withDesktop<T>(fn: (desktop: Desktop) => Promise<T>): Promise<T> {
  const xvfb = await startXvfb({ screen: `${WIDTH}x${HEIGHT}x24` });
  live.add(xvfb);
  try {
    // The same picture as in design.md, so figures compare across runs and with the notes.
    const file = path.resolve(repoRoot(), '../shared/data/desktop-1920x1080.png');
    let picture: string;
    if (existsSync(file)) {
      await paintPicture(xvfb.display, file);
      picture = file;
    } else {
      paint(xvfb.display, 0, 0, WIDTH, HEIGHT, pattern(WIDTH, HEIGHT));
      picture = `a generated pattern (${file} is missing: figures may not compare with design.md)`;
    }
    return await fn({ display: xvfb.display, picture });
  } finally {
    await xvfb.stop();
    live.delete(xvfb);
  }
}

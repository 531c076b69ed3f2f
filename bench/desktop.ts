// Each suite gets its own Xvfb with the reference desktop painted on it, stopped afterwards.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { paint, paintPicture, pattern } from '../scripts/paint.js';
import { repoRoot } from '../scripts/repo-root.js';
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

export { repoRoot };

// A private Xvfb showing a known pattern, and a scratch directory, for one test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { paint, pattern } from '../../scripts/paint.js';
import { startXvfb, type Xvfb } from '../../scripts/xvfb.js';

export interface PaintedScreen {
  /** The BGRX bytes painted on the whole root window. */
  readonly screen: Buffer;
  readonly xvfb: Xvfb;
  /** A scratch directory, removed after the file's tests. */
  readonly dir: string;
  /** An environment whose DISPLAY is this server. */
  readonly env: NodeJS.ProcessEnv;
}

/** Start the server before the file's tests, paint it, and clean up after them. */
export function usePaintedScreen(width: number, height: number, seed: number): PaintedScreen {
  const state = { screen: pattern(width, height, seed) } as {
    -readonly [K in keyof PaintedScreen]: PaintedScreen[K];
  };
  beforeAll(async () => {
    state.xvfb = await startXvfb({ screen: `${width}x${height}x24` });
    paint(state.xvfb.display, 0, 0, width, height, state.screen);
    state.dir = mkdtempSync(join(tmpdir(), 'mss-ts-test-'));
    state.env = { DISPLAY: state.xvfb.display };
  });
  afterAll(async () => {
    await state.xvfb?.stop();
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}

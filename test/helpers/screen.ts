// The one way tests get an X server: a private Xvfb, painted with a known pattern when given a
// seed, and a scratch directory. useScreen() ties it to a file's (or a describe block's) tests;
// startScreen() is for a test that owns the server's life (kills it, or starts one per trial).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { paint, pattern } from '../../scripts/paint.js';
import { startXvfb, type Xvfb } from '../../scripts/xvfb.js';

export interface ScreenOptions {
  /** Paint `pattern(width, height, seed)` on the whole root window; without it, Xvfb's own. */
  seed?: number;
  /** Depth of screen 0 (default 24). Only a depth-24 screen can be painted. */
  depth?: number;
  /** Also listen on TCP (`xvfb.tcpDisplay`), where no MIT-SHM fd can be passed. */
  tcp?: boolean;
  /** Extensions the server goes without (`-extension NAME`). */
  without?: string[];
}

export interface TestScreen {
  readonly width: number;
  readonly height: number;
  /** The BGRX bytes painted on the whole root window (only with a seed). */
  readonly screen: Buffer;
  readonly xvfb: Xvfb;
  /** A scratch directory, removed with the server. */
  readonly dir: string;
  /** An environment whose DISPLAY is this server. */
  readonly env: NodeJS.ProcessEnv;
}

export interface OwnedScreen extends TestScreen {
  /** Stop the server (if it still runs) and remove the scratch directory. */
  stop(): Promise<void>;
}

/** The pattern a seed paints, made once (a screen's tests may read it before the server starts). */
function patternFor(width: number, height: number, { seed, depth = 24 }: ScreenOptions) {
  if (seed === undefined) return undefined;
  if (depth !== 24) throw new Error('only a depth-24 screen is painted');
  return pattern(width, height, seed);
}

/** Start a server now; the caller stops it. */
export function startScreen(
  width: number,
  height: number,
  options: ScreenOptions = {},
): Promise<OwnedScreen> {
  return launch(width, height, options, patternFor(width, height, options));
}

async function launch(
  width: number,
  height: number,
  { depth = 24, tcp = false, without = [] }: ScreenOptions,
  painted: Buffer | undefined,
): Promise<OwnedScreen> {
  const xvfb = await startXvfb({ screen: `${width}x${height}x${depth}`, tcp, without });
  if (painted) paint(xvfb.display, 0, 0, width, height, painted);
  const dir = mkdtempSync(join(tmpdir(), 'mss-ts-test-'));
  return {
    width,
    height,
    get screen(): Buffer {
      if (!painted) throw new Error('this screen was not painted: give useScreen a seed');
      return painted;
    },
    xvfb,
    dir,
    env: { DISPLAY: xvfb.display },
    async stop() {
      await xvfb.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A server for the tests of the enclosing file or describe block (or, with `perTest`, a fresh
 * one for each test), started before them and stopped after. The fields are read in tests.
 */
export function useScreen(
  width: number,
  height: number,
  { perTest = false, ...options }: ScreenOptions & { perTest?: boolean } = {},
): TestScreen {
  const painted = patternFor(width, height, options);
  let current: OwnedScreen | undefined;
  const ready = (): OwnedScreen => {
    if (!current) throw new Error('the test screen is read before its tests started');
    return current;
  };
  const start = async () => {
    current = await launch(width, height, options, painted);
  };
  const stop = async () => {
    await current?.stop();
    current = undefined;
  };
  if (perTest) {
    beforeEach(start);
    afterEach(stop);
  } else {
    beforeAll(start);
    afterAll(stop);
  }
  return {
    width,
    height,
    get screen(): Buffer {
      if (!painted) throw new Error('this screen was not painted: give useScreen a seed');
      return painted;
    },
    get xvfb() {
      return ready().xvfb;
    },
    get dir() {
      return ready().dir;
    },
    get env() {
      return ready().env;
    },
  };
}

// `mss-ts doctor` as a library function: every check, in the order a person would look, and a
// verdict. Modules that load libxcb are imported only once the libraries are known to load.
import { existsSync } from 'node:fs';
import type { LibraryProbe } from '../../native/lib.js';
import type { Backend, BackendChoice } from '../backend.js';
import { ScreenShotError } from '../errors.js';
import type { Monitor } from '../monitors.js';
import { type Check, check } from './check.js';
import { pipeSizeCheck, readPipeMaxSize, waylandCheck, xauthorityCheck } from './environment.js';
import type { ExtensionFacts, ExtensionName } from './extensions.js';
import { libraryChecks } from './libraries.js';
import type { SpeedResult } from './speed.js';

export interface DiagnoseOptions {
  /** X display name; defaults to env.DISPLAY. */
  display?: string | undefined;
  /** The environment to judge (DISPLAY, WAYLAND_DISPLAY, XDG_SESSION_TYPE, XAUTHORITY). */
  env?: NodeJS.ProcessEnv;
  /** Which backends the speed test times: `auto` times MIT-SHM (when usable) and GetImage. */
  backend?: BackendChoice;
  /** How long the speed test runs in all, in milliseconds (default 1000). */
  speedTestMs?: number;
}

export interface Diagnosis {
  /** Whether a screenshot can be taken. */
  works: boolean;
  /** One sentence: whether capture works, and the main thing to know about it. */
  verdict: string;
  checks: Check[];
  display: string | null;
  libraries: LibraryProbe[];
  extensions: Record<ExtensionName, ExtensionFacts> | null;
  /** The backend a capture session chose, and why not MIT-SHM, when it did not. */
  backend: Backend | null;
  reasons: string[];
  monitors: Monitor[];
  pipeMaxSize: number | null;
  screen: { width: number; height: number; depth: number } | null;
  speed: SpeedResult[];
  /** Whether the sample grab was entirely black (null: there was none). */
  blackSample: boolean | null;
}

/**
 * Check everything screen capture depends on, from the environment to a timed grab. Never
 * throws for a problem it can describe: that becomes a failed check.
 *
 * @example
 * const { works, checks } = await diagnose({ display: ':0' });
 */
export async function diagnose(options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const env = options.env ?? process.env;
  const pipeMaxSize = readPipeMaxSize();
  const libs = libraryChecks();
  const result: Diagnosis = {
    works: false,
    verdict: '',
    checks: [],
    display: options.display ?? env.DISPLAY ?? null,
    libraries: libs.libraries,
    extensions: null,
    backend: null,
    reasons: [],
    monitors: [],
    pipeMaxSize,
    screen: null,
    speed: [],
    blackSample: null,
  };
  const wayland = waylandCheck(env);
  const displayChecks: Check[] = [];
  const serverChecks: Check[] = [];
  const finish = (failure: string | null): Diagnosis => {
    result.checks = [
      ...displayChecks,
      wayland,
      ...libs.checks,
      ...serverChecks,
      pipeSizeCheck(pipeMaxSize),
    ];
    result.works = failure === null;
    result.verdict = failure === null ? verdictOf(result) : `capture cannot work: ${failure}`;
    return result;
  };

  const display = result.display;
  if (!display) {
    const under = wayland.status === 'warn' ? ' (and this Wayland session offers no XWayland)' : '';
    displayChecks.push(
      check(
        'DISPLAY',
        'fail',
        `DISPLAY is unset${under}`,
        'set DISPLAY (for example DISPLAY=:0) or pass -D :0',
      ),
    );
    return finish('there is no X display to connect to');
  }
  if (!libs.usable) {
    displayChecks.push(check('DISPLAY', 'info', `"${display}" (not tried: see the libraries)`));
    return finish('a required library is missing');
  }

  const { XConnection } = await import('../../native/xcb.js');
  let conn: InstanceType<typeof XConnection>;
  try {
    conn = new XConnection(display);
  } catch (error) {
    if (!(error instanceof ScreenShotError)) throw error;
    displayChecks.push(check('DISPLAY', 'fail', error.message, connectFix(display)));
    displayChecks.push(xauthorityCheck(env));
    return finish(`the display "${display}" cannot be reached`);
  }
  try {
    const { width, height, rootDepth } = conn.screen;
    result.screen = { width, height, depth: rootDepth };
    const { isUnixSocket } = await import('../../native/libc.js');
    const socket = isUnixSocket(conn.fd) ? 'a local socket' : 'TCP';
    displayChecks.push(
      check(
        'DISPLAY',
        'ok',
        `"${display}" reached over ${socket}: screen ${width}x${height}, depth ${rootDepth}`,
      ),
    );
    const { readExtensions } = await import('./extensions.js');
    result.extensions = readExtensions(conn);
  } finally {
    conn.close();
  }
  const failure = await captureChecks(result, display, options, serverChecks);
  return finish(failure);
}

/** Advice for a display that cannot be reached: a local one tells a refusal from no server. */
function connectFix(display: string): string {
  const local = /^(?:unix)?:(\d+)/.exec(display);
  if (!local) {
    return `check that an X server listens on ${display} and accepts this client (see XAUTHORITY)`;
  }
  const socket = `/tmp/.X11-unix/X${local[1]}`;
  if (existsSync(socket)) {
    return `an X server listens on ${socket} but refused this client: give it the server's cookie (see XAUTHORITY)`;
  }
  return `start the X server, or name one that runs: no server listens on ${socket}`;
}

/**
 * A capture session as the user gets it: its status, its monitors, a sample grab, the
 * extension checks, then the speed test. Returns why capture cannot work, or null.
 */
async function captureChecks(
  result: Diagnosis,
  display: string,
  options: DiagnoseOptions,
  checks: Check[],
): Promise<string | null> {
  const { MSS } = await import('../mss.js');
  const { compositeCheck, damageChecks, randrCheck, shmCheck } = await import('./extensions.js');
  const { isBlack, sampleCheck, speedCheck, timeGrabs } = await import('./speed.js');
  const choice = options.backend ?? 'auto';
  const ext = result.extensions as Record<ExtensionName, ExtensionFacts>;
  let sct: InstanceType<typeof MSS>;
  try {
    sct = new MSS({ display, backend: choice });
  } catch (error) {
    if (!(error instanceof ScreenShotError)) throw error;
    checks.push(check('pixel format', 'fail', error.message));
    return error.message;
  }
  try {
    const depth = result.screen?.depth;
    checks.push(check('pixel format', 'ok', `depth ${depth}, TrueColor: pixels come as BGRX`));
    try {
      const frame = sct.grab(0);
      result.blackSample = isBlack(frame);
      frame.release();
    } catch (error) {
      if (!(error instanceof ScreenShotError)) throw error;
      checks.push(
        check('sample grab', 'fail', `a grab of the whole screen failed: ${error.message}`),
      );
      return error.message;
    }
    const status = sct.status;
    result.backend = status.backend;
    result.reasons = status.reasons;
    result.monitors = [...sct.monitors];
    checks.push(shmCheck(ext['MIT-SHM'], status, display));
    checks.push(randrCheck(ext.RANDR, result.monitors));
    checks.push(...damageChecks(ext.DAMAGE, ext.XFIXES, status));
    checks.push(compositeCheck(ext.Composite));
  } finally {
    sct.close();
  }
  const backends: Backend[] =
    choice === 'auto' ? (result.backend === 'shm' ? ['shm', 'getimage'] : ['getimage']) : [choice];
  const ms = (options.speedTestMs ?? 1000) / backends.length;
  result.speed = backends.map((backend) => timeGrabs(display, backend, ms));
  const { width, height } = result.screen ?? { width: 0, height: 0 };
  checks.push(speedCheck(result.speed, width, height));
  checks.push(sampleCheck(result.blackSample === true));
  return null;
}

/** The verdict of a display that works: how, how fast, and what to look at. */
function verdictOf(result: Diagnosis): string {
  const fastest = result.speed.find((s) => s.backend === result.backend);
  const how = result.backend === 'shm' ? 'through MIT-SHM' : 'through GetImage';
  const rate = fastest ? `, ${fastest.grabsPerSecond} full-screen grabs/s` : '';
  const warnings = result.checks.filter((c) => c.status === 'warn').map((c) => c.name);
  const notes = warnings.length ? `; look at: ${warnings.join(', ')}` : '';
  return `capture works ${how}${rate}${notes}`;
}

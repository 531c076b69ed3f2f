// The capture session: one X connection, its monitors, the backend choice and the buffer pool.

import { isUnixSocket } from '../native/libc.js';
import { shmQueryVersion, startShmGetImage } from '../native/shm.js';
import {
  EVENT_MASK_STRUCTURE_NOTIFY,
  getGeometry,
  queryExtension,
  selectEvents,
  startGetImage,
  XConnection,
} from '../native/xcb.js';
import {
  type CursorImage,
  requireXfixes,
  startGetCursorImage,
  xfixesQueryVersion,
} from '../native/xfixes.js';
import type { SaveOptions } from '../output/save.js';
import { BACKEND_CHOICES, type Backend, type BackendChoice } from './backend.js';
import { ALL, type Band, clipBands } from './bands.js';
import { drawCursor } from './cursor.js';
import { DamageTracker } from './damage-tracker.js';
import { ScreenShotError, XProtocolError } from './errors.js';
import { Frame } from './frame.js';
import { checkFramesOptions, FrameLoop, type FramesOptions } from './frame-loop.js';
import { type Monitor, primaryOf, readMonitors } from './monitors.js';
import { PendingFrame } from './pending-frame.js';
import { checkPixelFormat } from './pixel-format.js';
import { type Slot, SlotPool } from './pool.js';
import { checkRegion, type Region } from './region.js';
import { checkSelectOptions, type SelectOptions, selectRegion } from './select.js';
import { booleanOption, choiceOption, integerOption, optionsOf, stringOption } from './validate.js';

const MSS_OPTIONS = ['display', 'backend', 'maxBuffers', 'damage', 'cursor'] as const;
const GRAB_OPTIONS = ['cursor'] as const;

/**
 * How to connect and capture. A wrong or unknown option throws a ScreenShotError (kind
 * `argument`) naming it.
 */
export interface MSSOptions {
  /** X display name (":0", "localhost:1"); defaults to $DISPLAY. */
  display?: string;
  /**
   * `auto` (default): MIT-SHM, falling back to GetImage when shared memory cannot be used;
   * `shm`: MIT-SHM or an error; `getimage`: never use shared memory.
   */
  backend?: BackendChoice;
  /** Most capture buffers held at once before grab() throws, at least 1 (default 32). */
  maxBuffers?: number;
  /**
   * Copy only the rows that changed since a buffer was last filled, as the DAMAGE extension
   * reports them (default true); false copies every pixel on every grab.
   */
  damage?: boolean;
  /**
   * Draw the mouse pointer into every frame (default false; grab() and frames() can ask per
   * call). Needs the XFIXES extension and libxcb-xfixes0.
   */
  cursor?: boolean;
}

/**
 * Per-grab options of MSS.grab() and MSS.startGrab(). A wrong or unknown option throws a
 * ScreenShotError (kind `argument`) naming it.
 */
export interface GrabOptions {
  /** Draw the mouse pointer into this frame (default: the session's `cursor` option). */
  cursor?: boolean;
}

/**
 * What MSS.frames() captures: a monitor index, a fixed region in root-window coordinates, or a
 * function of the current monitors, called again whenever the layout changes.
 */
export type FrameTarget = Region | number | ((monitors: readonly Monitor[]) => Region);

/** What shot() captures and where it writes: save()'s options, and two of its own. */
export interface ShotOptions extends SaveOptions {
  /** A monitor index (default 1; 0 is the whole screen), or -1 for every monitor, one file each. */
  monitor?: number;
  /** The file name, an output pattern (default `monitor-{mon}.png`). */
  output?: string;
}

/** How capture works and why it is slower than it could be (python-mss's performance_status). */
export interface CaptureStatus {
  backend: Backend;
  /** Whether grabs copy only changed rows (DAMAGE extension). */
  damageTracking: boolean;
  /** Why MIT-SHM or damage tracking is off, when it is. */
  reasons: string[];
}

function ignoreErrors(run: () => unknown): void {
  try {
    run();
  } catch {
    // reported by the caller's own error
  }
}

/**
 * A capture session on one X display.
 *
 * @example
 * using sct = new MSS();
 * using frame = sct.grab(sct.primaryMonitor);
 * console.log(frame.width, frame.height, frame.data[0]);
 */
export class MSS implements Disposable {
  readonly display: string;
  #conn: XConnection;
  #choice: BackendChoice;
  #maxBuffers: number;
  #screen: Region;
  #monitors: Monitor[] | undefined;
  #backend: Backend | undefined;
  #reasons: string[] = [];
  #pool: SlotPool | undefined;
  #shmProven = false;
  #damage: boolean;
  /** Why grabs copy every pixel (null: they need not); undefined until asked. */
  #damageProblem: string | null | undefined;
  #tracker: DamageTracker | null | undefined;
  #grabs = 0;
  #watchingScreen = false;
  #cursor: boolean;
  #cursorReady = false;

  /**
   * Connect to the display (synchronously).
   * @throws ScreenShotError (kind `argument`) for an option of the wrong type or value, or an
   *   unknown one; (kind `display`) when there is no usable X server, or when `cursor` is asked
   *   for and the server has no XFIXES extension (or libxcb-xfixes0 is missing).
   */
  constructor(options: MSSOptions = {}) {
    const given = optionsOf(options, 'MSSOptions', MSS_OPTIONS);
    const display = stringOption('display', given.display);
    const backend = choiceOption('backend', given.backend, BACKEND_CHOICES) ?? 'auto';
    const maxBuffers = integerOption('maxBuffers', given.maxBuffers, 1) ?? 32;
    const damage = booleanOption('damage', given.damage) ?? true;
    const cursor = booleanOption('cursor', given.cursor) ?? false;
    this.#conn = new XConnection(display);
    this.display = this.#conn.display;
    this.#cursor = cursor;
    try {
      checkPixelFormat(this.#conn.setup, this.#conn.screen);
      if (cursor) this.#ensureCursor();
    } catch (error) {
      this.#conn.close();
      throw error;
    }
    this.#choice = backend;
    this.#maxBuffers = maxBuffers;
    this.#damage = damage;
    const { width, height } = this.#conn.screen;
    this.#screen = { left: 0, top: 0, width, height };
  }

  /** `[0]` the whole screen, `[1..N]` each monitor (read once; see refreshMonitors()). */
  get monitors(): readonly Monitor[] {
    this.#monitors ??= readMonitors(this.#conn, this.#conn.screen.root, this.#screen);
    return this.#monitors;
  }

  /**
   * The primary monitor: the one RandR marks primary, else monitor 1 (what `mss-ts grab -m
   * primary` captures).
   *
   * @example
   * using sct = new MSS();
   * const { name, width, height } = sct.primaryMonitor;
   * console.log(`${name}: ${width}x${height}`);
   */
  get primaryMonitor(): Monitor {
    return primaryOf(this.monitors);
  }

  /** Have the server report changes of the screen's layout (ConfigureNotify on the root). */
  #watchScreen(): void {
    if (this.#watchingScreen) return;
    selectEvents(this.#conn, this.#conn.screen.root, EVENT_MASK_STRUCTURE_NOTIFY);
    this.#watchingScreen = true;
  }

  /** Whether the layout changed since the last look; if it did, monitors are read again. */
  #screenChanged(): boolean {
    if (!this.#conn.takeScreenChange()) return false;
    this.refreshMonitors();
    return true;
  }

  /** Re-read the screen size and monitors after a layout change (xrandr). */
  refreshMonitors(): readonly Monitor[] {
    const { width, height } = getGeometry(this.#conn, this.#conn.screen.root);
    if (width !== this.#screen.width || height !== this.#screen.height) {
      this.#screen = { left: 0, top: 0, width, height };
      this.#pool?.close(); // held frames stay valid; new grabs get buffers of the new size
      this.#pool = undefined;
    }
    this.#monitors = undefined;
    return this.monitors;
  }

  /**
   * The backend in use and why it is not MIT-SHM, if it is not. Before the first grab, the answer
   * comes from asking the server which extensions and versions it has; no buffer is made.
   */
  get status(): CaptureStatus {
    return {
      backend: this.#decideBackend(),
      damageTracking: this.#findDamageProblem() === null,
      reasons: [...this.#reasons],
    };
  }

  /**
   * Capture a monitor (an index into `monitors`, or a Monitor) or a region in root-window
   * coordinates. The frame is a view of a reused buffer: release() it (or `using`) when done.
   * @throws ScreenShotError (kind `region`) for an empty area or one outside the screen.
   */
  grab(target: Region | number, options: GrabOptions = {}): Frame {
    return this.startGrab(target, options).wait();
  }

  /**
   * grab() in two halves: ask the X server for the pixels and return at once; wait() returns the
   * frame. The server copies while the caller does other work (a single screenshot loads its
   * encoder meanwhile).
   *
   * @example
   * using pending = sct.startGrab(1);
   * const { deflateSync } = await import('node:zlib'); // loads while the server copies
   * using frame = pending.wait();
   * console.log(deflateSync(frame.data).length);
   * @throws ScreenShotError (kind `region`) for an empty area or one outside the screen; (kind
   *   `display`) for `cursor` without the XFIXES extension; (kind `argument`) for a wrong option.
   */
  startGrab(target: Region | number, options: GrabOptions = {}): PendingFrame {
    if (this.#conn.closed) throw new ScreenShotError('the capture session is closed', 'capture');
    const region = this.#resolve(target);
    const given = optionsOf(options, 'GrabOptions', GRAB_OPTIONS);
    const withCursor = booleanOption('cursor', given.cursor) ?? this.#cursor;
    if (withCursor) this.#ensureCursor();
    const pool = this.#ensurePool();
    // The tracker costs round trips to set up: a process that grabs once never needs it.
    pool.markStale(this.#grabs++ === 0 ? ALL : (this.#ensureTracker()?.take() ?? ALL));
    const slot = pool.acquire();
    const giveBack = (error: unknown): never => {
      slot.copiedArea = undefined;
      pool.release(slot);
      throw error;
    };
    let finish: () => void = () => {};
    let pointer: (() => CursorImage) | undefined;
    try {
      finish = this.#fill(slot, region);
      // In the same round trip: the pointer as it is when the server has copied the pixels.
      if (withCursor) pointer = startGetCursorImage(this.#conn);
      this.#conn.flush();
    } catch (error) {
      giveBack(error);
    }
    const stride = region.width * 4;
    return PendingFrame.create(() => {
      try {
        try {
          finish();
        } catch (error) {
          // Take the pointer's reply off the wire all the same; the capture's error is the one.
          if (pointer) ignoreErrors(pointer);
          throw error;
        }
        // The slot is this grab's alone until released; what the pointer covers is put back
        // then (see pool.ts), so no later grab finds it.
        if (pointer) slot.patch = drawCursor(slot.bytes, 0, stride, region, pointer()) ?? undefined;
      } catch (error) {
        giveBack(error);
      }
      return Frame.create(pool, slot, region, 0, stride);
    });
  }

  /**
   * Capture `target` repeatedly on a fixed cadence: tick k is due at start + k * interval, and
   * ticks that cannot be served on time are dropped (counted in `stats`), not queued.
   *
   * The loop follows the screen's layout: after a resize or a monitor change (xrandr), a monitor
   * index is looked up again, and a function target is called again with the new monitors; a
   * fixed region is kept, and the loop throws if it no longer fits on the screen.
   *
   * `cursor` draws the pointer into every frame, where it is at that frame's capture (default:
   * the session's `cursor` option).
   *
   * @example
   * for await (using frame of sct.frames(1, { interval: 100, count: 5 })) {
   *   console.log(frame.timing.tick, frame.timing.latenessMs);
   * }
   * @throws ScreenShotError (kind `argument`) for an option of the wrong type or value.
   */
  frames(target: FrameTarget, options: FramesOptions = {}): FrameLoop {
    const checked = checkFramesOptions(options);
    if (checked.cursor) this.#ensureCursor();
    const grabOptions = checked.cursor === undefined ? {} : { cursor: checked.cursor };
    const areaOf = (): Region =>
      typeof target === 'function'
        ? checkRegion(target(this.monitors), this.#screen)
        : this.#resolve(target);
    this.#watchScreen();
    this.#screenChanged(); // since an earlier loop, if there was one
    let region = areaOf();
    const grab = (): Frame => {
      if (this.#screenChanged()) region = areaOf();
      try {
        return this.grab(region, grabOptions);
      } catch (error) {
        // The layout may have changed between the check and the grab: the server then refuses
        // an area that no longer fits, sometimes before it reports the change. Ask it.
        if (!(error instanceof XProtocolError)) throw error;
        const before = this.#screen;
        this.refreshMonitors();
        this.#conn.takeScreenChange();
        if (this.#screen === before) throw error;
        region = areaOf();
        return this.grab(region, grabOptions);
      }
    };
    return FrameLoop.create(grab, checked, () => this.#conn.checkAlive());
  }
  /**
   * Let the user select an area with the pointer, as `scrot -s` does: drag a rectangle with the
   * left button (its outline follows the pointer, and is gone before this resolves), or click
   * for the window under the pointer. Arrow keys move the pointer by a pixel (ten with Shift).
   *
   * @example
   * // Null if nobody has selected anything two seconds later (or pressed Escape).
   * const area = await sct.select({ signal: AbortSignal.timeout(2000) });
   * if (area) sct.grab(area).release();
   * @returns the area in root-window coordinates, or null when the user cancelled (Escape or
   * the right button) or `signal` aborted.
   * @throws ScreenShotError (kind `capture`) when another client has grabbed the pointer or
   * the keyboard; (kind `argument`) for an option of the wrong type, or an unknown one.
   */
  async select(options: SelectOptions = {}): Promise<Region | null> {
    if (this.#conn.closed) throw new ScreenShotError('the capture session is closed', 'capture');
    const checked = checkSelectOptions(options);
    return selectRegion(this.#conn, this.#screen, checked);
  }

  /**
   * Capture a monitor and write it to a file (python-mss's `shot()`): `monitor` is an index into
   * `monitors` (default 1; 0 is the whole screen), or -1 for every monitor, one file each, all
   * cut from one capture. `output` names the file: an output pattern, as the command's `-o`
   * takes (`{mon}`, `{name}`, `{date}`, `{ext}`...; default `monitor-{mon}.png`); with -1 it
   * needs `{mon}` or `{name}`. The other options are save()'s; the format comes from the
   * name's extension unless `format` says otherwise. Resolves to the paths written, in monitor
   * order.
   * @throws ScreenShotError (kind `argument`) for an option of the wrong type or value, or an
   *   unknown one; (kind `region`) for a monitor this display does not have.
   * @throws WriteError when a file cannot be written (see save()).
   *
   * @example
   * using sct = new MSS();
   * const [first] = await sct.shot(); // monitor-1.png
   * const every = await sct.shot({ monitor: -1, output: 'shots/{mon}-{name}.jpg', quality: 80 });
   * console.log(first, every);
   */
  async shot(options: ShotOptions = {}): Promise<string[]> {
    // Loaded when used: the command never calls it, and its `monitors` loads no encoder.
    const { shot } = await import('../output/shot.js');
    return shot(this, options);
  }

  /** Disconnect. Frames still held stay readable until released. Safe to call twice. */
  close(): void {
    this.#pool?.close();
    this.#conn.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #resolve(target: Region | number): Region {
    if (typeof target === 'number') {
      const monitor = this.monitors[target];
      if (!Number.isInteger(target) || !monitor) {
        const valid = this.monitors.map((m) => m.index).join(', ');
        throw new ScreenShotError(`no monitor ${target}: valid monitors are ${valid}`, 'region');
      }
      return checkRegion(monitor, this.#screen);
    }
    return checkRegion(target, this.#screen);
  }

  /**
   * Ask for what brings `slot` up to date with `region` (every row, or only the rows that
   * changed); the returned function waits until it is.
   */
  #fill(slot: Slot, region: Region): () => void {
    const bottom = region.top + region.height;
    const { copiedArea } = slot;
    const same =
      copiedArea !== undefined &&
      copiedArea.left === region.left &&
      copiedArea.top === region.top &&
      copiedArea.width === region.width &&
      copiedArea.height === region.height;
    const rows: readonly Band[] =
      same && slot.stale !== ALL
        ? clipBands(slot.stale, region.top, bottom)
        : [[region.top, bottom]];
    slot.copiedArea = undefined; // until every row is in
    const waits = rows.map(([top, end]) =>
      this.#capture(
        { left: region.left, top, width: region.width, height: end - top },
        slot,
        (top - region.top) * region.width * 4,
      ),
    );
    return () => {
      for (const wait of waits) wait();
      slot.copiedArea = region;
      slot.stale = [];
    };
  }

  /** Ask for `area` to be copied into `slot` at byte `offset`, packed (width * 4 bytes a row). */
  #capture(area: Region, slot: Slot, offset: number): () => void {
    const root = this.#conn.screen.root;
    const { left, top, width, height } = area;
    const dest = slot.ptr + BigInt(offset);
    if (this.#backend === 'getimage') {
      const wait = startGetImage(this.#conn, root, left, top, width, height, dest);
      return () => void wait();
    }
    const wait = startShmGetImage(this.#conn, root, left, top, width, height, slot.segment, offset);
    return () => {
      try {
        wait();
        this.#shmProven = true;
      } catch (error) {
        if (this.#shmProven || this.#choice === 'shm' || !(error instanceof XProtocolError))
          throw error;
        // The first SHM grab failed: if GetImage works, shared memory is what is broken.
        startGetImage(this.#conn, root, left, top, width, height, dest)();
        this.#fallBack(`ShmGetImage failed (${error.message}) where GetImage works`);
      }
    };
  }

  /**
   * Make sure the pointer can be drawn: libxcb-xfixes loaded and the XFIXES extension on the
   * server (its version asked, as XFixes requires before other requests); asked once.
   * @throws ScreenShotError (kind `display`) naming what is missing.
   */
  #ensureCursor(): void {
    if (this.#cursorReady) return;
    requireXfixes('drawing the pointer');
    if (!queryExtension(this.#conn, 'XFIXES')) {
      throw new ScreenShotError(
        `cannot draw the pointer: the X server "${this.display}" has no XFIXES extension`,
        'display',
      );
    }
    xfixesQueryVersion(this.#conn);
    this.#cursorReady = true;
  }

  /** Why grabs cannot copy only the rows that changed, or null; asked once. */
  #findDamageProblem(): string | null {
    if (this.#damageProblem === undefined) {
      this.#damageProblem = this.#damage
        ? DamageTracker.problem(this.#conn)
        : 'damage tracking was turned off';
      if (this.#damageProblem !== null) {
        this.#reasons.push(`every grab copies every pixel: ${this.#damageProblem}`);
      }
    }
    return this.#damageProblem;
  }

  /** The damage tracker, created on first use; null when damage tracking is off. */
  #ensureTracker(): DamageTracker | null {
    if (this.#tracker === undefined) {
      this.#tracker =
        this.#findDamageProblem() === null
          ? DamageTracker.create(this.#conn, this.#conn.screen.root)
          : null;
    }
    return this.#tracker;
  }

  /** The backend, decided once from what the server says it has. */
  #decideBackend(): Backend {
    this.#backend ??= this.#shmProblem() ? 'getimage' : 'shm';
    return this.#backend;
  }

  #ensurePool(): SlotPool {
    if (this.#pool) return this.#pool;
    const slotSize = this.#screen.width * this.#screen.height * 4;
    const options = { slotSize, maxSlots: this.#maxBuffers };
    if (this.#decideBackend() === 'shm') {
      try {
        this.#pool = new SlotPool({ ...options, shm: this.#conn });
        return this.#pool;
      } catch (error) {
        if (!(error instanceof XProtocolError)) throw error;
        this.#fallBack(`attaching a shared memory segment failed (${error.message})`);
      }
    }
    this.#pool = new SlotPool({ ...options, shm: null });
    return this.#pool;
  }

  /** Why MIT-SHM cannot be used on this connection, or undefined if it can. */
  #shmProblem(): string | undefined {
    if (this.#choice === 'getimage') {
      this.#reasons.push('the getimage backend was requested');
      return this.#reasons[0];
    }
    let reason: string | undefined;
    if (!queryExtension(this.#conn, 'MIT-SHM')) {
      reason = 'the X server has no MIT-SHM extension';
    } else {
      const [major, minor] = shmQueryVersion(this.#conn);
      if (major < 1 || (major === 1 && minor < 2)) {
        reason = `the X server has MIT-SHM ${major}.${minor}; file-descriptor passing needs 1.2`;
      } else if (!isUnixSocket(this.#conn.fd)) {
        reason = `display "${this.display}" is not a local Unix socket (TCP or ssh-forwarded), so shared memory cannot be passed to it`;
      }
    }
    if (reason) this.#fallBack(reason);
    return reason;
  }

  #fallBack(reason: string): void {
    if (this.#choice === 'shm') {
      throw new ScreenShotError(`MIT-SHM cannot be used: ${reason}`, 'display');
    }
    this.#backend = 'getimage';
    this.#reasons.push(reason);
  }
}

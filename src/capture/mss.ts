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
import { ALL, type Band, clipBands, mergeBands, type Stale } from './bands.js';
import { drawCursor } from './cursor.js';
import { DamageTracker } from './damage-tracker.js';
import { ScreenShotError, XProtocolError } from './errors.js';
import { Frame, type GrabRecord } from './frame.js';
import { checkFramesOptions, FrameLoop, type FramesOptions } from './frame-loop.js';
import { type Monitor, primaryOf, readMonitors } from './monitors.js';
import { PendingFrame } from './pending-frame.js';
import { checkPixelFormat } from './pixel-format.js';
import { type Slot, SlotPool } from './pool.js';
import { checkRegion, type Region } from './region.js';
import { checkSelectOptions, type SelectOptions, selectRegion } from './select.js';
import { booleanOption, choiceOption, integerOption, optionsOf, stringOption } from './validate.js';
import {
  compositeProblem,
  isWindowTarget,
  type WindowArea,
  WindowSource,
  type WindowTarget,
} from './window-source.js';
import { describeWindowNow, findWindow, listWindows, type WindowInfo } from './windows.js';

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

/** What MSS.grab() captures: a monitor index, a region in root-window coordinates, or a window. */
export type GrabTarget = Region | number | WindowTarget;

/**
 * What MSS.frames() captures: a monitor index, a fixed region in root-window coordinates, a
 * window (followed as it moves), or a function of the current monitors, called again whenever
 * the layout changes.
 */
export type FrameTarget =
  | Region
  | number
  | WindowTarget
  | ((monitors: readonly Monitor[]) => Region);

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
  /** Damage taken by mayHaveChanged() since the last grab (the pool was told too). */
  #damagedSinceGrab: Stale = [];
  #watchingScreen = false;
  #cursor: boolean;
  #cursorReady = false;
  /** Why windows are captured as screen areas (null: through Composite); undefined until asked. */
  #compositeProblem: string | null | undefined;

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
   * The top-level client windows (children of the root, or the client window inside each
   * window manager frame), bottom of the stacking order first.
   */
  windows(): WindowInfo[] {
    return listWindows(this.#conn);
  }

  /**
   * A window target for grab() and frames(): `spec` is a window id, `root`, `active`, or a
   * case-insensitive part of one window's name.
   *
   * @example
   * for (const { id, name } of sct.windows()) console.log(id.toString(16), name);
   * // 'root' here; a name would be a part of one, as sct.window('firefox', { frame: true })
   * using frame = sct.grab(sct.window('root'));
   * console.log(frame.width, frame.height);
   * @throws ScreenShotError (kind `argument`) when no window or several windows match.
   */
  window(spec: string | number, options: Omit<WindowTarget, 'window'> = {}): WindowTarget {
    const window = typeof spec === 'number' ? spec : findWindow(this.#conn, spec);
    return { ...options, window };
  }

  /**
   * A window as it is now: name, class, geometry (the client window's, inside its border),
   * whether it shows and whether it is active.
   * @throws ScreenShotError (kind `argument`) when there is no such window.
   */
  windowInfo(id: number): WindowInfo {
    return describeWindowNow(this.#conn, id);
  }

  /**
   * Where grab(target) would capture now, in root-window coordinates: the window's area (its
   * frame's with `frame`; `region` inside it) clipped to the screen.
   * @throws ScreenShotError (kind `capture`) for a window that is closed, unmapped or off the
   *   screen; (kind `region`) for a region that does not fit in the window.
   */
  windowArea(target: WindowTarget): Region {
    return new WindowSource(this.#conn, target, false).locate(this.#screen).region;
  }

  /**
   * Why window grabs capture the area of the screen where the window is (where other windows
   * may cover it) instead of the window's own contents through Composite; null when they need
   * not. Asks the server once.
   * @throws ScreenShotError (kind `display`) when the server has Composite and
   *   libxcb-composite cannot be loaded.
   */
  get compositeProblem(): string | null {
    this.#compositeProblem ??= compositeProblem(this.#conn);
    return this.#compositeProblem;
  }

  /**
   * Capture a monitor (an index into `monitors`, or a Monitor), a region in root-window
   * coordinates, or a window (`{ window: id }`, see window()). The frame is a view of a reused
   * buffer: release() it (or `using`) when done.
   * @throws ScreenShotError (kind `region`) for an empty area or one outside the screen;
   *   (kind `capture`) for a window that is closed, unmapped or off the screen.
   */
  grab(target: GrabTarget, options: GrabOptions = {}): Frame {
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
  startGrab(target: GrabTarget, options: GrabOptions = {}): PendingFrame {
    if (this.#conn.closed) throw new ScreenShotError('the capture session is closed', 'capture');
    const given = optionsOf(options, 'GrabOptions', GRAB_OPTIONS);
    const withCursor = booleanOption('cursor', given.cursor) ?? this.#cursor;
    if (isWindowTarget(target)) {
      if (withCursor) this.#ensureCursor();
      // A single grab redirects the window only for as long as it takes to copy it.
      const source = this.#windowSource(target);
      try {
        return this.#startWindowGrab(source, withCursor, () => source[Symbol.dispose]());
      } catch (error) {
        source[Symbol.dispose]();
        throw error;
      }
    }
    const region = this.#resolve(target);
    if (withCursor) this.#ensureCursor();
    return this.#startRegionGrab(region, withCursor);
  }

  /** A capture of `region` (root-window coordinates, checked) into a slot. */
  #startRegionGrab(region: Region, withCursor: boolean): PendingFrame {
    const pool = this.#ensurePool();
    const serial = this.#grabs++;
    // The tracker costs round trips to set up: a process that grabs once never needs it.
    pool.markStale(serial === 0 ? ALL : (this.#ensureTracker()?.take() ?? ALL));
    this.#damagedSinceGrab = [];
    const slot = pool.acquire();
    const giveBack = (error: unknown): never => {
      slot.copiedArea = undefined;
      pool.release(slot);
      throw error;
    };
    let finish: () => GrabRecord['rows'] = () => ALL;
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
      let rows: GrabRecord['rows'] = ALL;
      try {
        try {
          rows = finish();
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
      // Which rows differ from the previous grab's is known only without a pointer drawn in:
      // the rows it covered last time and covers now changed too.
      const record = pointer ? undefined : { session: this, serial, rows };
      return Frame.create(pool, slot, region, 0, stride, record);
    });
  }

  /**
   * Whether `target` may have changed on screen since the last grab: false only when damage
   * tracking is on and the X server reported no drawing there. Asking loses nothing: the next
   * grab still copies every row that changed. A loop asks before grabbing to skip still ticks.
   */
  mayHaveChanged(target: Region | number): boolean {
    if (this.#grabs === 0 || !this.#pool) return true;
    const tracker = this.#ensureTracker();
    if (!tracker) return true;
    const bands = tracker.take();
    this.#pool.markStale(bands);
    this.#damagedSinceGrab = mergeBands(this.#damagedSinceGrab, bands);
    const damaged = this.#damagedSinceGrab;
    if (damaged === ALL) return true;
    const { top, height } = this.#resolve(target);
    return clipBands(damaged, top, top + height).length > 0;
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
    const withCursor = checked.cursor ?? this.#cursor;
    if (withCursor) this.#ensureCursor();
    this.#watchScreen();
    this.#screenChanged(); // since an earlier loop, if there was one
    if (isWindowTarget(target)) {
      // The window stays redirected for the whole loop, and is followed as it changes.
      const source = this.#windowSource(target, true);
      const grab = (): Frame => {
        this.#screenChanged();
        return this.#startWindowGrab(source, withCursor, () => {}).wait();
      };
      return FrameLoop.create(
        grab,
        checked,
        () => this.#conn.checkAlive(),
        () => source[Symbol.dispose](),
      );
    }
    const areaOf = (): Region =>
      typeof target === 'function'
        ? checkRegion(target(this.monitors), this.#screen)
        : this.#resolve(target);
    let region = areaOf();
    // The options and the area were checked above: each tick goes straight to the capture.
    const grabRegion = (): Frame => {
      if (this.#conn.closed) throw new ScreenShotError('the capture session is closed', 'capture');
      return this.#startRegionGrab(region, withCursor).wait();
    };
    const grab = (): Frame => {
      if (this.#screenChanged()) region = areaOf();
      try {
        return grabRegion();
      } catch (error) {
        // The layout may have changed between the check and the grab: the server then refuses
        // an area that no longer fits, sometimes before it reports the change. Ask it.
        if (!(error instanceof XProtocolError)) throw error;
        const before = this.#screen;
        this.refreshMonitors();
        this.#conn.takeScreenChange();
        if (this.#screen === before) throw error;
        region = areaOf();
        return grabRegion();
      }
    };
    // Damage does not see the pointer move: with the pointer drawn in, every tick may differ.
    const changed = (): boolean => {
      if (withCursor) return true;
      if (this.#screenChanged()) {
        region = areaOf();
        return true;
      }
      return this.mayHaveChanged(region);
    };
    return FrameLoop.create(
      grab,
      checked,
      () => this.#conn.checkAlive(),
      () => {},
      changed,
    );
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

  #windowSource(target: WindowTarget, follow = false): WindowSource {
    // The root window is the screen itself: nothing covers it, Composite has nothing to add.
    const wanted = target.composite !== false && target.window !== this.#conn.screen.root;
    const composite = wanted && this.compositeProblem === null;
    return new WindowSource(this.#conn, target, composite, follow);
  }

  /**
   * A capture of a window where it is now: its screen area, or its own contents through
   * Composite, with the pointer drawn in when `withCursor`; `finished` runs once the pixels are
   * in (or the capture failed).
   */
  #startWindowGrab(source: WindowSource, withCursor: boolean, finished: () => void): PendingFrame {
    let area: WindowArea;
    try {
      const { guess, trusted, settle } = source.startLocate(this.#screen);
      // In a loop: the pixels where they were at the previous grab, read at once; where the
      // window is now is asked in the same round trip unless no event said it changed.
      if (guess) {
        return this.#startOwnGrab(source, guess, { settle, trusted }, withCursor, finished);
      }
      area = source.withPixmap(settle());
    } catch (error) {
      finished();
      throw error;
    }
    if (area.own) return this.#startOwnGrab(source, area, undefined, withCursor, finished);
    // Where a window moves is not watched without Composite: every grab asks.
    try {
      return this.#startRegionGrab(area.region, withCursor);
    } finally {
      finished();
    }
  }

  /**
   * Read `area` of a window's pixmap into a slot. With `guessed` (`area` is where its pixels were
   * at the previous grab), where the window is now is read once the pixels are in (when trusted,
   * only if they could not be read), and if its pixmap changed size or the screen's edge cuts
   * it elsewhere, it is read again.
   */
  #startOwnGrab(
    source: WindowSource,
    area: WindowArea,
    guessed: { settle: () => WindowArea; trusted: boolean } | undefined,
    withCursor: boolean,
    finished: () => void,
  ): PendingFrame {
    const pool = this.#ensurePool();
    const slot = pool.acquire();
    // The slot will hold the window's own pixels, not the screen's: no later grab may take it
    // for a copy of the screen that only needs the rows that changed.
    slot.copiedArea = undefined;
    const giveBack = (error: unknown): never => {
      pool.release(slot);
      throw error;
    };
    let finish: () => void = () => {};
    let pointer: (() => CursorImage) | undefined;
    try {
      finish = this.#capture(area.source, slot, 0, area.drawable);
      source.done(area);
      if (withCursor) pointer = startGetCursorImage(this.#conn);
      this.#conn.flush();
    } catch (error) {
      finished();
      giveBack(error);
    }
    return PendingFrame.create(() => {
      let region = area.region;
      try {
        let failure: { error: unknown } | undefined;
        try {
          finish();
        } catch (error) {
          failure = { error };
        }
        if (guessed && (failure || !guessed.trusted)) {
          const now = guessed.settle(); // a window closed or unmapped explains a failure best
          if (failure || !WindowSource.sameSource(now, area)) {
            const named = source.withPixmap(now);
            const again = this.#capture(named.source, slot, 0, named.drawable);
            source.done(named);
            again();
            failure = undefined;
          }
          region = now.region;
        }
        if (failure) throw failure.error;
        const read = pointer;
        pointer = undefined;
        // Drawn where the pointer is over the window's area on the screen, as a screen grab would.
        if (read)
          slot.patch = drawCursor(slot.bytes, 0, region.width * 4, region, read()) ?? undefined;
      } catch (error) {
        // Take the pointer's reply off the wire all the same; the capture's error is the one.
        if (pointer) ignoreErrors(pointer);
        giveBack(error);
      } finally {
        finished();
      }
      return Frame.create(pool, slot, region, 0, region.width * 4);
    });
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
  #fill(slot: Slot, region: Region): () => GrabRecord['rows'] {
    const bottom = region.top + region.height;
    const { copiedArea } = slot;
    const same =
      copiedArea !== undefined &&
      copiedArea.left === region.left &&
      copiedArea.top === region.top &&
      copiedArea.width === region.width &&
      copiedArea.height === region.height;
    const partial = same && slot.stale !== ALL;
    const rows: readonly Band[] = partial
      ? clipBands(slot.stale as readonly Band[], region.top, bottom)
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
      return partial ? rows : ALL;
    };
  }

  /**
   * Ask for `area` of `drawable` (the root window unless told) to be copied into `slot` at byte
   * `offset`, packed (width * 4 bytes a row).
   */
  #capture(
    area: Region,
    slot: Slot,
    offset: number,
    drawable = this.#conn.screen.root,
  ): () => void {
    const { left, top, width, height } = area;
    const dest = slot.ptr + BigInt(offset);
    if (this.#backend === 'getimage') {
      const wait = startGetImage(this.#conn, drawable, left, top, width, height, dest);
      return () => void wait();
    }
    const wait = startShmGetImage(
      this.#conn,
      drawable,
      left,
      top,
      width,
      height,
      slot.segment,
      offset,
    );
    return () => {
      try {
        wait();
        this.#shmProven = true;
      } catch (error) {
        if (this.#shmProven || this.#choice === 'shm' || !(error instanceof XProtocolError))
          throw error;
        // The first SHM grab failed: if GetImage works, shared memory is what is broken.
        startGetImage(this.#conn, drawable, left, top, width, height, dest)();
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

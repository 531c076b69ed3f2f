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
import { BACKEND_CHOICES, type Backend, type BackendChoice } from './backend.js';
import { ALL, type Band, clipBands, mergeBands, type Stale } from './bands.js';
import { DamageTracker } from './damage-tracker.js';
import { ScreenShotError, XProtocolError } from './errors.js';
import { Frame, type GrabRecord } from './frame.js';
import { FrameLoop, type FramesOptions } from './frame-loop.js';
import { type Monitor, readMonitors } from './monitors.js';
import { PendingFrame } from './pending-frame.js';
import { checkPixelFormat } from './pixel-format.js';
import { type Slot, SlotPool } from './pool.js';
import { checkRegion, type Region } from './region.js';

export interface MSSOptions {
  /** X display name (":0", "localhost:1"); defaults to $DISPLAY. */
  display?: string;
  /**
   * `auto` (default): MIT-SHM, falling back to GetImage when shared memory cannot be used;
   * `shm`: MIT-SHM or an error; `getimage`: never use shared memory.
   */
  backend?: BackendChoice;
  /** Most capture buffers held at once before grab() throws (default 32). */
  maxBuffers?: number;
  /**
   * Copy only the rows that changed since a buffer was last filled, as the DAMAGE extension
   * reports them (default true); false copies every pixel on every grab.
   */
  damage?: boolean;
}

/**
 * What MSS.frames() captures: a monitor index, a fixed region in root-window coordinates, or a
 * function of the current monitors, called again whenever the layout changes.
 */
export type FrameTarget = Region | number | ((monitors: readonly Monitor[]) => Region);

/** How capture works and why it is slower than it could be (python-mss's performance_status). */
export interface CaptureStatus {
  backend: Backend;
  /** Whether grabs copy only changed rows (DAMAGE extension). */
  damageTracking: boolean;
  /** Why MIT-SHM or damage tracking is off, when it is. */
  reasons: string[];
}

/**
 * A capture session on one X display.
 *
 * @example
 * using sct = new MSS();
 * using frame = sct.grab(sct.monitors[1]);
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

  /**
   * Connect to the display (synchronously).
   * @throws ScreenShotError (kind `display`) when there is no usable X server.
   */
  constructor({ display, backend = 'auto', maxBuffers = 32, damage = true }: MSSOptions = {}) {
    if (!BACKEND_CHOICES.includes(backend)) {
      throw new ScreenShotError(
        `backend must be one of ${BACKEND_CHOICES.join(', ')}, not "${backend}"`,
        'argument',
      );
    }
    this.#conn = new XConnection(display);
    this.display = this.#conn.display;
    try {
      checkPixelFormat(this.#conn.setup, this.#conn.screen);
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
  grab(target: Region | number): Frame {
    return this.startGrab(target).wait();
  }

  /**
   * grab() in two halves: ask the X server for the pixels and return at once; wait() returns the
   * frame. The server copies while the caller does other work (a single screenshot loads its
   * encoder meanwhile).
   *
   * @example
   * using pending = sct.startGrab(1);
   * const encoder = await loadSomething();
   * using frame = pending.wait();
   * @throws ScreenShotError (kind `region`) for an empty area or one outside the screen.
   */
  startGrab(target: Region | number): PendingFrame {
    if (this.#conn.closed) throw new ScreenShotError('the capture session is closed', 'capture');
    const region = this.#resolve(target);
    const pool = this.#ensurePool();
    const serial = this.#grabs++;
    // The tracker costs round trips to set up: a process that grabs once never needs it.
    pool.markStale(serial === 0 ? ALL : (this.#ensureTracker()?.take() ?? ALL));
    this.#damagedSinceGrab = [];
    const slot = pool.acquire();
    const giveBack = (error: unknown): never => {
      slot.filled = undefined;
      pool.release(slot);
      throw error;
    };
    let finish: () => GrabRecord['rows'] = () => ALL;
    try {
      finish = this.#fill(slot, region);
      this.#conn.flush();
    } catch (error) {
      giveBack(error);
    }
    return PendingFrame.create(() => {
      let rows: GrabRecord['rows'] = ALL;
      try {
        rows = finish();
      } catch (error) {
        giveBack(error);
      }
      return Frame.create(pool, slot, region, 0, region.width * 4, { session: this, serial, rows });
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
   * @example
   * for await (using frame of sct.frames(1, { interval: 1000, count: 10 })) {
   *   console.log(frame.timing.tick, frame.timing.latenessMs);
   * }
   */
  frames(target: FrameTarget, options: FramesOptions = {}): FrameLoop {
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
        return this.grab(region);
      } catch (error) {
        // The layout may have changed between the check and the grab: the server then refuses
        // an area that no longer fits, sometimes before it reports the change. Ask it.
        if (!(error instanceof XProtocolError)) throw error;
        const before = this.#screen;
        this.refreshMonitors();
        this.#conn.takeScreenChange();
        if (this.#screen === before) throw error;
        region = areaOf();
        return this.grab(region);
      }
    };
    const changed = (): boolean => {
      if (this.#screenChanged()) {
        region = areaOf();
        return true;
      }
      return this.mayHaveChanged(region);
    };
    return FrameLoop.create(grab, options, () => this.#conn.checkAlive(), changed);
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
  #fill(slot: Slot, region: Region): () => GrabRecord['rows'] {
    const bottom = region.top + region.height;
    const { filled } = slot;
    const same =
      filled !== undefined &&
      filled.left === region.left &&
      filled.top === region.top &&
      filled.width === region.width &&
      filled.height === region.height;
    const partial = same && slot.stale !== ALL;
    const rows: readonly Band[] = partial
      ? clipBands(slot.stale as readonly Band[], region.top, bottom)
      : [[region.top, bottom]];
    slot.filled = undefined; // until every row is in
    const waits = rows.map(([top, end]) =>
      this.#capture(
        { left: region.left, top, width: region.width, height: end - top },
        slot,
        (top - region.top) * region.width * 4,
      ),
    );
    return () => {
      for (const wait of waits) wait();
      slot.filled = region;
      slot.stale = [];
      return partial ? rows : ALL;
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

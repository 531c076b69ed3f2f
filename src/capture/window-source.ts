// Where a window's pixels are read from, grab by grab: its own contents through Composite
// (even where other windows cover it), or the screen area it occupies.
import {
  compositeNameWindowPixmap,
  compositeQueryVersion,
  compositeRedirectWindow,
  compositeUnredirectWindow,
} from '../native/composite.js';
import {
  freePixmap,
  MAP_STATE_VIEWABLE,
  type Placement,
  queryTree,
  startWindowPlacement,
} from '../native/windows.js';
import {
  EVENT_MASK_STRUCTURE_NOTIFY,
  queryExtension,
  selectEvents,
  type XConnection,
} from '../native/xcb.js';
import { ScreenShotError } from './errors.js';
import { checkRegion, describeRegion, intersect, type Region } from './region.js';
import { hexId } from './window-id.js';
import { isGone, topLevelOf, windowName } from './windows.js';

/** What to capture of a window: for MSS.grab() and MSS.frames(). */
export interface WindowTarget {
  /** The window's id; the root window's id captures the whole screen. */
  window: number;
  /** Include the window manager's frame (the ancestor that is a child of the root). */
  frame?: boolean;
  /** Read the window's own contents through Composite when the server has it (default true). */
  composite?: boolean;
  /** An area inside the window, relative to its top-left corner (default: all of it). */
  region?: Region;
}

export const isWindowTarget = (target: unknown): target is WindowTarget =>
  typeof target === 'object' && target !== null && 'window' in target;

/** Where this grab's pixels are: an area of `drawable` and where it lies on the screen. */
export interface WindowArea {
  /** On the screen, in root-window pixels (clipped to the screen). */
  region: Region;
  /** The window's pixmap through Composite, or the root window. */
  drawable: number;
  /** The same area in `drawable`'s pixels. */
  source: Region;
  /** Whether `drawable` holds the window's own contents. */
  own: boolean;
  /** The size of the window's pixmap, when `own`. */
  pixmapWidth?: number;
  pixmapHeight?: number;
}

/**
 * Why this connection cannot read windows' own contents through Composite, or null if it can.
 * The client library is loaded only when the server has the extension.
 */
export function compositeProblem(conn: XConnection): string | null {
  if (!queryExtension(conn, 'Composite')) return 'the X server has no Composite extension';
  const [major, minor] = compositeQueryVersion(conn);
  if (major === 0 && minor < 2) {
    return `the X server has Composite ${major}.${minor}; NameWindowPixmap needs 0.2`;
  }
  return null;
}

/**
 * One window, captured grab after grab: a window that moves is followed, and one that is closed
 * or unmapped is an error naming it. Without Composite, or for a single grab, every grab asks
 * where it is; a loop through Composite asks only after the server reported a change. Through
 * Composite the window stays redirected (the server draws it into a pixmap of its own) until
 * dispose().
 */
export class WindowSource implements Disposable {
  readonly id: number;
  /** Its name when the capture started, for messages once it is gone. */
  readonly name: string;
  readonly #conn: XConnection;
  readonly #region: Region | undefined;
  readonly #composite: boolean;
  #redirected = false;
  /** Where its pixels were at the previous grab through Composite, and the screen then. */
  #last: WindowArea | undefined;
  #lastScreen = '';
  /** The window and its ancestors below the root, whose changes the server reports. */
  #watched: number[] | undefined;

  readonly #follow: boolean;

  /**
   * @param composite whether to read the window's own contents (the caller checked that the
   *   server can).
   * @param follow whether grabs will follow the window for a while (a loop): its changes are
   *   then reported by events, and grabs ask where it is only after one.
   */
  constructor(conn: XConnection, target: WindowTarget, composite: boolean, follow = false) {
    this.#follow = follow;
    this.#conn = conn;
    const root = conn.screen.root;
    try {
      this.id =
        target.frame && target.window !== root ? topLevelOf(conn, target.window) : target.window;
      this.name = windowName(conn, target.window);
    } catch (error) {
      throw this.#gone(error, target.window);
    }
    this.#region = target.region;
    this.#composite = composite && this.id !== root;
  }

  /** `0x3a00007 ("Terminal")`. */
  get label(): string {
    return this.name ? `${hexId(this.id)} ("${this.name}")` : hexId(this.id);
  }

  /** Where the window is now and where to read it (one round trip). */
  locate(screen: Region): WindowArea {
    return this.#named(this.startLocate(screen).settle());
  }

  /**
   * Where the window's pixels are now, as far as this client can tell without a round trip, or
   * with one: `guess` (already given a pixmap, so that it can be read in the same round trip)
   * is where they were at the previous grab. When `trusted`, no event said that the window or
   * one of its ancestors changed since, and settle() need only be called if reading `guess`
   * fails; otherwise where the window is has been asked (queued: the caller flushes), and
   * settle() reads the answer. settle()'s area has no pixmap yet: withPixmap() gives it one.
   */
  startLocate(screen: Region): {
    guess: WindowArea | undefined;
    trusted: boolean;
    settle: () => WindowArea;
  } {
    const conn = this.#conn;
    if (this.id === conn.screen.root) {
      const region = this.#region ? checkRegion(this.#region, screen, 'the screen') : screen;
      const area = { region, drawable: this.id, source: region, own: false };
      return { guess: undefined, trusted: false, settle: () => area };
    }
    const sameScreen = this.#lastScreen === describeRegion(screen);
    const changed = !this.#watched || conn.takeWindowChange(this.#watched) || !sameScreen;
    if (this.#follow && !changed && this.#last) {
      const last = this.#last;
      return {
        guess: this.#named(last),
        trusted: true,
        settle: () => this.#settle(startWindowPlacement(conn, this.id, conn.screen.root), screen),
      };
    }
    if (this.#follow && changed) this.#watch();
    const read = startWindowPlacement(conn, this.id, conn.screen.root);
    const guess = this.#last && this.#named(this.#last);
    return { guess, trusted: false, settle: () => this.#settle(read, screen) };
  }

  /** The area `read` places the window in; remembered for the next grab. */
  #settle(read: () => Placement, screen: Region): WindowArea {
    let placed: Placement;
    try {
      placed = read();
    } catch (error) {
      throw this.#gone(error, this.id);
    }
    const area = this.#areaOf(placed, screen);
    this.#last = area.own ? area : undefined;
    this.#lastScreen = describeRegion(screen);
    return area;
  }

  /**
   * Have the server report (StructureNotify) when the window or an ancestor moves, changes
   * size, is unmapped, reparented or destroyed: until then, grabs need not ask where it is.
   * Asked before its placement, so that no change after that answer goes unreported.
   */
  #watch(): void {
    const conn = this.#conn;
    const watched: number[] = [];
    try {
      for (let w = this.id; w !== conn.screen.root && w !== 0; w = queryTree(conn, w).parent) {
        watched.push(w);
      }
    } catch (error) {
      throw this.#gone(error, this.id);
    }
    for (const w of watched) watching(conn, w, +1);
    for (const w of this.#watched ?? []) watching(conn, w, -1);
    this.#watched = watched;
  }

  /** Whether two areas are read the same way (the same pixmap size and part of it). */
  static sameSource(a: WindowArea, b: WindowArea): boolean {
    return (
      a.own === b.own &&
      a.pixmapWidth === b.pixmapWidth &&
      a.pixmapHeight === b.pixmapHeight &&
      a.source.left === b.source.left &&
      a.source.top === b.source.top &&
      a.source.width === b.source.width &&
      a.source.height === b.source.height
    );
  }

  /** `area` with a pixmap that names the window's contents now (when it is read from one). */
  withPixmap(area: WindowArea): WindowArea {
    return this.#named(area);
  }

  #named(area: WindowArea): WindowArea {
    if (!area.own) return area;
    this.#redirect();
    const pixmap = this.#conn.generateId();
    compositeNameWindowPixmap(this.#conn, this.id, pixmap);
    return { ...area, drawable: pixmap };
  }

  /** Where the window's pixels are, placed as it is; throws if it does not show. */
  #areaOf(placed: Placement, screen: Region): WindowArea {
    if (placed.attributes.mapState !== MAP_STATE_VIEWABLE) {
      throw new ScreenShotError(
        `window ${this.label} is not mapped (minimised or hidden): nothing of it shows`,
        'capture',
      );
    }
    const bounds = { left: 0, top: 0, width: placed.width, height: placed.height };
    const inside = this.#region
      ? checkRegion(this.#region, bounds, `window ${this.label} (${placed.width}x${placed.height})`)
      : bounds;
    const wanted = { ...inside, left: placed.x + inside.left, top: placed.y + inside.top };
    const region = intersect(wanted, screen);
    if (!region) {
      throw new ScreenShotError(`window ${this.label} is entirely off the screen`, 'capture');
    }
    if (!this.#composite) {
      return { region, drawable: this.#conn.screen.root, source: region, own: false };
    }
    // The pixmap holds the window with its border: its contents start at border, border.
    const border = placed.borderWidth;
    const source = {
      ...region,
      left: region.left - placed.x + border,
      top: region.top - placed.y + border,
    };
    return {
      region,
      drawable: 0,
      source,
      own: true,
      pixmapWidth: placed.width + 2 * border,
      pixmapHeight: placed.height + 2 * border,
    };
  }

  /** Free what was named (after the pixels are in). */
  done(area: WindowArea): void {
    if (area.own && area.drawable !== 0) freePixmap(this.#conn, area.drawable);
  }

  #redirect(): void {
    if (this.#redirected) return;
    try {
      compositeRedirectWindow(this.#conn, this.id);
    } catch (error) {
      throw this.#gone(error, this.id);
    }
    this.#redirected = true;
  }

  /** The error for a window that went away, or `error` itself when it is something else. */
  #gone(error: unknown, id: number): unknown {
    if (!isGone(error)) return error;
    const name = this.name ? ` ("${this.name}")` : '';
    return new ScreenShotError(`window ${hexId(id)}${name} was closed`, 'capture', {
      cause: error,
    });
  }

  /** Undo the redirection: the window goes back to being drawn on the screen only. */
  [Symbol.dispose](): void {
    if (this.#conn.closed) return;
    for (const w of this.#watched ?? []) watching(this.#conn, w, -1);
    this.#watched = undefined;
    if (this.#redirected) compositeUnredirectWindow(this.#conn, this.id);
    this.#redirected = false;
    this.#conn.flush();
  }
}

/** How many sources of each connection watch each window: one event selection serves them all. */
const watchers = new WeakMap<XConnection, Map<number, number>>();

/** Count a watcher of `window` in or out; select StructureNotify for the first, none after the last. */
function watching(conn: XConnection, window: number, change: 1 | -1): void {
  let counts = watchers.get(conn);
  if (!counts) {
    counts = new Map();
    watchers.set(conn, counts);
  }
  const before = counts.get(window) ?? 0;
  const after = before + change;
  if (after > 0) counts.set(window, after);
  else counts.delete(window);
  if (before === 0 && after > 0) selectEvents(conn, window, EVENT_MASK_STRUCTURE_NOTIFY);
  if (before > 0 && after === 0) selectEvents(conn, window, 0);
}

// Where a window's pixels are read from, grab by grab: its own contents through Composite
// (even where other windows cover it), or the screen area it occupies.
import {
  compositeNameWindowPixmap,
  compositeQueryVersion,
  compositeRedirectWindow,
  compositeUnredirectWindow,
} from '../native/composite.js';
import { freePixmap, MAP_STATE_VIEWABLE, windowPlacement } from '../native/windows.js';
import { queryExtension, type XConnection } from '../native/xcb.js';
import { ScreenShotError } from './errors.js';
import { checkRegion, type Region } from './region.js';
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
 * One window, captured grab after grab: it is looked up on every grab, so a window that moves is
 * followed, and one that is closed or unmapped is an error naming it. Through Composite the
 * window stays redirected (the server draws it into a pixmap of its own) until dispose().
 */
export class WindowSource implements Disposable {
  readonly id: number;
  /** Its name when the capture started, for messages once it is gone. */
  readonly name: string;
  readonly #conn: XConnection;
  readonly #region: Region | undefined;
  readonly #composite: boolean;
  #redirected = false;

  /**
   * @param composite whether to read the window's own contents (the caller checked that the
   *   server can).
   */
  constructor(conn: XConnection, target: WindowTarget, composite: boolean) {
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

  /** Where the window is now and where to read it. */
  locate(screen: Region): WindowArea {
    const conn = this.#conn;
    if (this.id === conn.screen.root) {
      const region = this.#region ? checkRegion(this.#region, screen, 'the screen') : screen;
      return { region, drawable: this.id, source: region, own: false };
    }
    let placed: ReturnType<typeof windowPlacement>;
    try {
      placed = windowPlacement(conn, this.id, conn.screen.root);
    } catch (error) {
      throw this.#gone(error, this.id);
    }
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
    if (!this.#composite) return { region, drawable: conn.screen.root, source: region, own: false };
    this.#redirect();
    // The pixmap holds the window with its border: its contents start at border, border.
    const pixmap = conn.generateId();
    compositeNameWindowPixmap(conn, this.id, pixmap);
    const border = placed.borderWidth;
    const source = {
      ...region,
      left: region.left - placed.x + border,
      top: region.top - placed.y + border,
    };
    return { region, drawable: pixmap, source, own: true };
  }

  /** Free what locate() named (after the pixels are in). */
  done(area: WindowArea): void {
    if (area.own) freePixmap(this.#conn, area.drawable);
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
    if (!this.#redirected || this.#conn.closed) return;
    this.#redirected = false;
    compositeUnredirectWindow(this.#conn, this.id);
    this.#conn.flush();
  }
}

/** The part of `a` inside `b`, or null when they do not overlap. */
function intersect(a: Region, b: Region): Region | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.left + a.width, b.left + b.width);
  const bottom = Math.min(a.top + a.height, b.top + b.height);
  if (right <= left || bottom <= top) return null;
  return { left, top, width: right - left, height: bottom - top };
}

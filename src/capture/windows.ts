// Top-level client windows as a user sees them (xprop, xdotool and wmctrl find them the same
// way): the children of the root window, each replaced by the client window inside it when a
// window manager has put it in a frame.
import { getProperty, internAtom } from '../native/properties.js';
import {
  getInputFocus,
  getWindowAttributes,
  MAP_STATE_VIEWABLE,
  queryTree,
  translateOrigin,
  WINDOW_CLASS_INPUT_ONLY,
} from '../native/windows.js';
import { getGeometry, type XConnection } from '../native/xcb.js';
import { ScreenShotError, XProtocolError } from './errors.js';
import { hexId } from './window-id.js';

/** A top-level client window. */
export interface WindowInfo {
  /** The client window's id (what `xdotool`, `xwininfo` and `wmctrl` call the window). */
  id: number;
  /** _NET_WM_NAME, else WM_NAME; "" when neither is set. */
  name: string;
  /** WM_CLASS: the instance (program) and class names; "" when not set. */
  instance: string;
  class: string;
  /** The client window's area inside its border, in root-window pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Whether it shows (it and every window above it in the tree are mapped). */
  mapped: boolean;
  /** Whether it is the active window (_NET_ACTIVE_WINDOW, else the input focus). */
  active: boolean;
  /** The child of the root that holds it: its window manager frame, or itself. */
  frame: number;
}

/** Atoms looked up once per connection. */
const atomCache = new WeakMap<XConnection, Map<string, number>>();

function atom(conn: XConnection, name: string): number {
  let atoms = atomCache.get(conn);
  if (!atoms) {
    atoms = new Map();
    atomCache.set(conn, atoms);
  }
  let value = atoms.get(name);
  if (value === undefined) {
    value = internAtom(conn, name, true);
    atoms.set(name, value);
  }
  return value;
}

/** A property that may be unset, on a window that may be gone: null either way. */
function property(conn: XConnection, window: number, name: string, type = 0) {
  const prop = atom(conn, name);
  if (prop === 0) return null; // no client ever used this name: nobody set it
  return getProperty(conn, window, prop, type);
}

const hasWmState = (conn: XConnection, window: number): boolean =>
  property(conn, window, 'WM_STATE') !== null;

/**
 * The client window in `window`'s tree: `window` itself when it has WM_STATE, else the first
 * descendant that has it, breadth first (XmuClientWindow); `window` when none has.
 */
export function clientWindow(conn: XConnection, window: number): number {
  if (hasWmState(conn, window)) return window;
  let level = [window];
  while (level.length > 0) {
    const next: number[] = [];
    for (const w of level) {
      for (const child of queryTree(conn, w).children) {
        if (hasWmState(conn, child)) return child;
        next.push(child);
      }
    }
    level = next;
  }
  return window;
}

/** The child of the root that contains `window` (its frame when a window manager framed it). */
export function topLevelOf(conn: XConnection, window: number): number {
  const root = conn.screen.root;
  for (let w = window; ; ) {
    const { parent } = queryTree(conn, w);
    if (parent === root || parent === 0) return w;
    w = parent;
  }
}

/** _NET_WM_NAME (UTF-8), else WM_NAME (Latin-1 unless its type says UTF-8). */
export function windowName(conn: XConnection, window: number): string {
  const utf8 = atom(conn, 'UTF8_STRING');
  const net = utf8 ? property(conn, window, '_NET_WM_NAME', utf8) : null;
  if (net) return net.value.toString('utf8');
  const wm = property(conn, window, 'WM_NAME');
  if (wm?.format !== 8) return '';
  return wm.value.toString(wm.type === utf8 ? 'utf8' : 'latin1');
}

/** WM_CLASS: two NUL-terminated strings, instance then class. */
function windowClass(conn: XConnection, window: number): { instance: string; class: string } {
  const value = property(conn, window, 'WM_CLASS');
  if (value?.format !== 8) return { instance: '', class: '' };
  const [instance = '', cls = ''] = value.value.toString('latin1').split('\0');
  return { instance, class: cls };
}

/**
 * The active window: _NET_ACTIVE_WINDOW when a window manager sets it, else the client window
 * that holds the input focus; 0 when there is none.
 */
export function activeWindow(conn: XConnection): number {
  const root = conn.screen.root;
  const active = property(conn, root, '_NET_ACTIVE_WINDOW');
  if (active && active.format === 32 && active.value.length >= 4) {
    const id = active.value.readUInt32LE(0);
    if (id !== 0) return id;
  }
  const focus = getInputFocus(conn);
  if (focus <= 1 || focus === root) return 0; // None, PointerRoot, or the root itself
  return clientOf(conn, focus);
}

/** The client window that `window` is, is in, or holds. */
function clientOf(conn: XConnection, window: number): number {
  for (let w = window; w !== 0 && w !== conn.screen.root; w = queryTree(conn, w).parent) {
    if (hasWmState(conn, w)) return w;
  }
  return clientWindow(conn, topLevelOf(conn, window));
}

/** The description of one client window (it must exist). */
export function describeWindow(
  conn: XConnection,
  id: number,
  frame: number,
  active: number,
): WindowInfo {
  const attributes = getWindowAttributes(conn, id);
  const { width, height } = getGeometry(conn, id);
  const { x, y } = translateOrigin(conn, id, conn.screen.root);
  return {
    id,
    name: windowName(conn, id),
    ...windowClass(conn, id),
    left: x,
    top: y,
    width,
    height,
    mapped: attributes.mapState === MAP_STATE_VIEWABLE,
    active: id === active,
    frame,
  };
}

/**
 * The description of window `id` now, its frame and whether it is active looked up.
 * @throws ScreenShotError (kind `argument`) when there is no such window.
 */
export function describeWindowNow(conn: XConnection, id: number): WindowInfo {
  try {
    return describeWindow(conn, id, topLevelOf(conn, id), activeWindow(conn));
  } catch (error) {
    if (isGone(error))
      throw new ScreenShotError(`no window ${hexId(id)} on this display`, 'argument');
    throw error;
  }
}

/** Whether `error` says that a window went away while it was being read. */
export const isGone = (error: unknown): boolean =>
  error instanceof XProtocolError &&
  ['BadWindow', 'BadDrawable'].some((name) => error.errorName.startsWith(name));

/**
 * The top-level client windows, bottom of the stack first. Left out: override-redirect windows
 * (menus, tooltips), input-only ones, and unmapped ones that neither a window manager (WM_STATE)
 * nor a name mark as a window a user would know.
 */
export function listWindows(conn: XConnection): WindowInfo[] {
  const root = conn.screen.root;
  const active = activeWindow(conn);
  const windows: WindowInfo[] = [];
  for (const top of queryTree(conn, root).children) {
    try {
      const attributes = getWindowAttributes(conn, top);
      if (attributes.overrideRedirect || attributes.windowClass === WINDOW_CLASS_INPUT_ONLY) {
        continue;
      }
      const client = clientWindow(conn, top);
      const info = describeWindow(conn, client, top, active);
      if (!info.mapped && client === top && !hasWmState(conn, top) && info.name === '') continue;
      windows.push(info);
    } catch (error) {
      if (!isGone(error)) throw error; // closed while the list was read: not in the list
    }
  }
  return windows;
}

/**
 * The window `spec` names: `root`, `active`, an id (`0x3a00007` or decimal), or a
 * case-insensitive part of one window's name.
 * @throws ScreenShotError (kind `argument`) when no window or several windows match.
 */
export function findWindow(conn: XConnection, spec: string): number {
  const root = conn.screen.root;
  const text = spec.trim();
  if (text === 'root') return root;
  if (text === 'active') {
    const active = activeWindow(conn);
    if (active === 0)
      throw new ScreenShotError(
        'there is no active window (nothing has the input focus)',
        'argument',
      );
    return active;
  }
  if (/^(0x[0-9a-f]+|\d+)$/i.test(text)) {
    const id = Number(text);
    if (id > 0xffffffff) throw new ScreenShotError(`no window ${text}: ids are 32-bit`, 'argument');
    try {
      getWindowAttributes(conn, id);
    } catch (error) {
      if (isGone(error)) throw new ScreenShotError(`no window ${text} on this display`, 'argument');
      throw error;
    }
    return id;
  }
  const wanted = text.toLowerCase();
  const matches = listWindows(conn).filter((w) => w.name.toLowerCase().includes(wanted));
  if (matches.length === 1) return (matches[0] as WindowInfo).id;
  if (matches.length === 0) {
    throw new ScreenShotError(`no window whose name contains "${spec}"`, 'argument');
  }
  const listed = matches.map((w) => `${hexId(w.id)} "${w.name}"`).join(', ');
  throw new ScreenShotError(
    `${matches.length} windows have names containing "${spec}": ${listed}; give an id`,
    'argument',
  );
}

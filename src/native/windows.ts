// Core requests about windows: the tree, attributes, coordinates and focus (what --window and
// `mss-ts windows` read), and the few that create and change windows (what tests draw with).
// One typed wrapper each; replies are freed inside.
import { type RequestFunction, requestFunction, xcbLib } from './lib.js';
import {
  type CookieValue,
  xcb_get_geometry_reply_t,
  xcb_get_input_focus_reply_t,
  xcb_get_window_attributes_reply_t,
  xcb_query_tree_reply_t,
  xcb_translate_coordinates_reply_t,
} from './types.js';
import type { XConnection } from './xcb.js';

const lib = xcbLib();
const f = (prototype: string): RequestFunction => requestFunction(lib, prototype);
const xcb_query_tree = f('mss_xcb_cookie_t xcb_query_tree(void *c, uint32_t window)');
const xcb_get_window_attributes = f(
  'mss_xcb_cookie_t xcb_get_window_attributes(void *c, uint32_t window)',
);
const xcb_get_geometry = f('mss_xcb_cookie_t xcb_get_geometry(void *c, uint32_t drawable)');
const xcb_translate_coordinates = f(
  'mss_xcb_cookie_t xcb_translate_coordinates(void *c, uint32_t src_window, uint32_t dst_window, int16_t src_x, int16_t src_y)',
);
const xcb_get_input_focus = f('mss_xcb_cookie_t xcb_get_input_focus(void *c)');
const xcb_create_window = f(
  'mss_xcb_cookie_t xcb_create_window_checked(void *c, uint8_t depth, uint32_t wid, uint32_t parent, int16_t x, int16_t y, uint16_t width, uint16_t height, uint16_t border_width, uint16_t _class, uint32_t visual, uint32_t value_mask, const uint32_t *value_list)',
);
const xcb_map_window = f('mss_xcb_cookie_t xcb_map_window_checked(void *c, uint32_t window)');
const xcb_unmap_window = f('mss_xcb_cookie_t xcb_unmap_window_checked(void *c, uint32_t window)');
const xcb_destroy_window = f(
  'mss_xcb_cookie_t xcb_destroy_window_checked(void *c, uint32_t window)',
);
const xcb_configure_window = f(
  'mss_xcb_cookie_t xcb_configure_window_checked(void *c, uint32_t window, uint16_t value_mask, const uint32_t *value_list)',
);
const xcb_reparent_window = f(
  'mss_xcb_cookie_t xcb_reparent_window_checked(void *c, uint32_t window, uint32_t parent, int16_t x, int16_t y)',
);
const xcb_change_property = f(
  'mss_xcb_cookie_t xcb_change_property_checked(void *c, uint8_t mode, uint32_t window, uint32_t property, uint32_t type, uint8_t format, uint32_t data_len, const uint8_t *data)',
);
const xcb_create_pixmap = f(
  'mss_xcb_cookie_t xcb_create_pixmap_checked(void *c, uint8_t depth, uint32_t pid, uint32_t drawable, uint16_t width, uint16_t height)',
);
const xcb_free_pixmap = f('mss_xcb_cookie_t xcb_free_pixmap(void *c, uint32_t pixmap)');
const xcb_set_input_focus = f(
  'mss_xcb_cookie_t xcb_set_input_focus_checked(void *c, uint8_t revert_to, uint32_t focus, uint32_t time)',
);

export interface Tree {
  root: number;
  /** 0 for the root window. */
  parent: number;
  /** Bottom of the stacking order first. */
  children: number[];
}

/** QueryTree. */
export function queryTree(conn: XConnection, window: number): Tree {
  return conn.reply(xcb_query_tree(conn.ptr, window), (r) => {
    const { root, parent, children_len } = r.struct(xcb_query_tree_reply_t);
    return { root, parent, children: r.card32s(children_len) };
  });
}

/** map_state: the window and all its ancestors are mapped. */
export const MAP_STATE_VIEWABLE = 2;
/** _class of a window that takes input but shows nothing. */
export const WINDOW_CLASS_INPUT_ONLY = 2;

export interface WindowAttributes {
  mapState: number;
  overrideRedirect: boolean;
  windowClass: number;
}

const readAttributes = (cookie: CookieValue, conn: XConnection): WindowAttributes =>
  conn.reply(cookie, (r) => {
    const a = r.struct(xcb_get_window_attributes_reply_t);
    return {
      mapState: a.map_state,
      overrideRedirect: a.override_redirect !== 0,
      windowClass: a._class,
    };
  });

/** GetWindowAttributes: only what tells whether and how a window shows. */
export function getWindowAttributes(conn: XConnection, window: number): WindowAttributes {
  return readAttributes(xcb_get_window_attributes(conn.ptr, window), conn);
}

/** TranslateCoordinates of `src`'s origin into `dst`: where `src` starts, in `dst`'s pixels. */
export function translateOrigin(
  conn: XConnection,
  src: number,
  dst: number,
): { x: number; y: number } {
  return conn.reply(xcb_translate_coordinates(conn.ptr, src, dst, 0, 0), (r) => {
    const { dst_x, dst_y } = r.struct(xcb_translate_coordinates_reply_t);
    return { x: dst_x, y: dst_y };
  });
}

/** GetInputFocus: the focus window (0 None, 1 PointerRoot). */
export function getInputFocus(conn: XConnection): number {
  return conn.reply(
    xcb_get_input_focus(conn.ptr),
    (r) => r.struct(xcb_get_input_focus_reply_t).focus,
  );
}

export interface Placement {
  attributes: WindowAttributes;
  /** Origin inside the border, in root-window pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  borderWidth: number;
}

/**
 * GetWindowAttributes, GetGeometry and TranslateCoordinates of `window`, sent together: where
 * it is now and whether it shows, in one round trip. The requests are queued now (flush() sends
 * them); the returned function reads the replies. Every reply is read even when one is an error
 * (the window was destroyed), which is then thrown.
 */
export function startWindowPlacement(
  conn: XConnection,
  window: number,
  root: number,
): () => Placement {
  const attributes = xcb_get_window_attributes(conn.ptr, window);
  const geometry = xcb_get_geometry(conn.ptr, window);
  const origin = xcb_translate_coordinates(conn.ptr, window, root, 0, 0);
  return () => {
    const settle = <T>(read: () => T): { value?: T; error?: unknown } => {
      try {
        return { value: read() };
      } catch (error) {
        return { error };
      }
    };
    const a = settle(() => readAttributes(attributes, conn));
    const g = settle(() => conn.reply(geometry, (r) => r.struct(xcb_get_geometry_reply_t)));
    const o = settle(() => conn.reply(origin, (r) => r.struct(xcb_translate_coordinates_reply_t)));
    for (const part of [a, g, o]) if ('error' in part) throw part.error;
    const geo = g.value as NonNullable<typeof g.value>;
    const at = o.value as NonNullable<typeof o.value>;
    return {
      attributes: a.value as WindowAttributes,
      x: at.dst_x,
      y: at.dst_y,
      width: geo.width,
      height: geo.height,
      borderWidth: geo.border_width,
    };
  };
}

/** startWindowPlacement(), waited for at once. */
export const windowPlacement = (conn: XConnection, window: number, root: number): Placement =>
  startWindowPlacement(conn, window, root)();

// Requests that make and change windows (tests draw known windows with them).

const CW_BACK_PIXMAP = 0x1;
const CW_OVERRIDE_REDIRECT = 0x200;
const CW_EVENT_MASK = 0x800;
const WINDOW_CLASS_INPUT_OUTPUT = 1;
const COPY_FROM_PARENT = 0;

/**
 * CreateWindow (InputOutput, the parent's depth and visual; checked). A `background` pixmap is
 * what the server itself paints the window with whenever it is exposed, so its pixels are known
 * without a client that redraws them.
 */
export function createWindow(
  conn: XConnection,
  window: number,
  parent: number,
  area: { x: number; y: number; width: number; height: number; border?: number },
  options: { background?: number; overrideRedirect?: boolean } = {},
): void {
  let mask = 0;
  const values: number[] = [];
  if (options.background !== undefined) {
    mask |= CW_BACK_PIXMAP;
    values.push(options.background);
  }
  if (options.overrideRedirect) {
    mask |= CW_OVERRIDE_REDIRECT;
    values.push(1);
  }
  const { x, y, width, height, border = 0 } = area;
  const cookie = xcb_create_window(
    conn.ptr,
    COPY_FROM_PARENT,
    window,
    parent,
    x,
    y,
    width,
    height,
    border,
    WINDOW_CLASS_INPUT_OUTPUT,
    COPY_FROM_PARENT,
    mask,
    values.length > 0 ? values : null,
  );
  conn.check(cookie);
}

/**
 * CreateWindow (checked): a 1x1 InputOnly child of the root, never mapped, that receives the
 * events in `eventMask`: what a client owns a selection with.
 */
export function createHiddenWindow(conn: XConnection, eventMask: number): number {
  const window = conn.generateId();
  const cookie = xcb_create_window(
    conn.ptr,
    COPY_FROM_PARENT,
    window,
    conn.screen.root,
    -1,
    -1,
    1,
    1,
    0,
    WINDOW_CLASS_INPUT_ONLY,
    COPY_FROM_PARENT,
    CW_EVENT_MASK,
    [eventMask],
  );
  conn.check(cookie);
  return window;
}

/** MapWindow (checked). */
export function mapWindow(conn: XConnection, window: number): void {
  conn.check(xcb_map_window(conn.ptr, window));
}

/** UnmapWindow (checked). */
export function unmapWindow(conn: XConnection, window: number): void {
  conn.check(xcb_unmap_window(conn.ptr, window));
}

/** DestroyWindow (checked). */
export function destroyWindow(conn: XConnection, window: number): void {
  conn.check(xcb_destroy_window(conn.ptr, window));
}

const CONFIG_X = 0x1;
const CONFIG_Y = 0x2;
const CONFIG_WIDTH = 0x4;
const CONFIG_HEIGHT = 0x8;
const CONFIG_STACK_MODE = 0x40;
const STACK_ABOVE = 0;

/** ConfigureWindow (checked): move and/or resize; `raise` puts it on top of its siblings. */
export function configureWindow(
  conn: XConnection,
  window: number,
  change: { x?: number; y?: number; width?: number; height?: number; raise?: boolean },
): void {
  let mask = 0;
  const values: number[] = [];
  const add = (bit: number, value: number | undefined) => {
    if (value === undefined) return;
    mask |= bit;
    values.push(value >>> 0); // INT16 positions travel as CARD32 values
  };
  add(CONFIG_X, change.x);
  add(CONFIG_Y, change.y);
  add(CONFIG_WIDTH, change.width);
  add(CONFIG_HEIGHT, change.height);
  add(CONFIG_STACK_MODE, change.raise ? STACK_ABOVE : undefined);
  conn.check(xcb_configure_window(conn.ptr, window, mask, values));
}

/** ReparentWindow (checked): what a window manager does to put a frame around a client. */
export function reparentWindow(
  conn: XConnection,
  window: number,
  parent: number,
  x: number,
  y: number,
): void {
  conn.check(xcb_reparent_window(conn.ptr, window, parent, x, y));
}

const PROP_MODE_REPLACE = 0;

/** ChangeProperty, replacing the value (checked); `format` is the bits per item. */
export function changeProperty(
  conn: XConnection,
  window: number,
  property: number,
  type: number,
  format: 8 | 16 | 32,
  value: Uint8Array,
): void {
  const items = value.length / (format / 8);
  conn.check(
    xcb_change_property(conn.ptr, PROP_MODE_REPLACE, window, property, type, format, items, value),
  );
}

/** CreatePixmap (checked). */
export function createPixmap(
  conn: XConnection,
  pixmap: number,
  drawable: number,
  depth: number,
  width: number,
  height: number,
): void {
  conn.check(xcb_create_pixmap(conn.ptr, depth, pixmap, drawable, width, height));
}

/** FreePixmap (unchecked: the server frees it when its last user is done anyway). */
export function freePixmap(conn: XConnection, pixmap: number): void {
  xcb_free_pixmap(conn.ptr, pixmap);
}

const REVERT_TO_PARENT = 2;

/** SetInputFocus (checked, CurrentTime). */
export function setInputFocus(conn: XConnection, window: number): void {
  conn.check(xcb_set_input_focus(conn.ptr, REVERT_TO_PARENT, window, 0));
}

// XFixes requests, one typed wrapper each; libxcb-xfixes0 is optional (damage tracking reads
// the changed area with it, --cursor reads the pointer's image).
import { lazily, requestFunction, xfixesLib } from './lib.js';
import {
  xcb_rectangle_t,
  xcb_xfixes_fetch_region_reply_t,
  xcb_xfixes_get_cursor_image_reply_t,
  xcb_xfixes_query_version_reply_t,
} from './types.js';
import type { XConnection } from './xcb.js';

function declare() {
  const xfixes = xfixesLib();
  if (!xfixes) return null;
  const x = (prototype: string) => requestFunction(xfixes, prototype);
  return {
    queryVersion: x(
      'mss_xcb_cookie_t xcb_xfixes_query_version(void *c, uint32_t major, uint32_t minor)',
    ),
    createRegion: x(
      'mss_xcb_cookie_t xcb_xfixes_create_region_checked(void *c, uint32_t region, uint32_t count, void *rects)',
    ),
    fetchRegion: x('mss_xcb_cookie_t xcb_xfixes_fetch_region(void *c, uint32_t region)'),
    getCursorImage: x('mss_xcb_cookie_t xcb_xfixes_get_cursor_image(void *c)'),
    hideCursor: x('mss_xcb_cookie_t xcb_xfixes_hide_cursor_checked(void *c, uint32_t window)'),
    showCursor: x('mss_xcb_cookie_t xcb_xfixes_show_cursor_checked(void *c, uint32_t window)'),
  };
}

const declared = lazily(declare);

/** Whether libxcb-xfixes could be loaded. */
export const xfixesAvailable = (): boolean => declared() !== null;

/**
 * Throws unless libxcb-xfixes is loaded: a ScreenShotError (kind `display`) that names `feature`
 * and the Debian package to install.
 */
export function requireXfixes(feature: string): void {
  if (!xfixesAvailable()) xfixesLib(feature);
}

/** The request functions; callers check xfixesAvailable() first. */
function lib(): NonNullable<ReturnType<typeof declare>> {
  const functions = declared();
  if (!functions) throw new Error('libxcb-xfixes is not loaded: check xfixesAvailable() first');
  return functions;
}

/** XFixesQueryVersion (required before other XFixes requests): [major, minor]. */
export function xfixesQueryVersion(conn: XConnection): [number, number] {
  const { major_version, minor_version } = conn.reply(lib().queryVersion(conn.ptr, 5, 0), (r) =>
    r.struct(xcb_xfixes_query_version_reply_t),
  );
  return [major_version, minor_version];
}

/** XFixesCreateRegion, empty (checked). */
export function xfixesCreateRegion(conn: XConnection, region: number): void {
  conn.check(lib().createRegion(conn.ptr, region, 0, null));
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** XFixesFetchRegion: the region's rectangles. */
export function xfixesFetchRegion(conn: XConnection, region: number): Rect[] {
  return conn.reply(lib().fetchRegion(conn.ptr, region), (r) => {
    // `length` counts 4-byte units after the fixed part; a rectangle takes two.
    const { length } = r.struct(xcb_xfixes_fetch_region_reply_t);
    return r.list(xcb_rectangle_t, length / 2);
  });
}

/** The pointer's image as XFixesGetCursorImage reports it. */
export interface CursorImage {
  /** The pointer's position on the root window (the hotspot is drawn there). */
  x: number;
  y: number;
  width: number;
  height: number;
  xhot: number;
  yhot: number;
  /** Changes whenever the cursor's image does. */
  serial: number;
  /** width * height ARGB32 pixels (0xAARRGGBB), rows top to bottom. */
  pixels: Uint32Array;
}

/**
 * XFixesGetCursorImage. The request is queued (XConnection.flush() sends it); the returned
 * function waits for the reply.
 */
export function startGetCursorImage(conn: XConnection): () => CursorImage {
  const cookie = lib().getCursorImage(conn.ptr);
  return () =>
    conn.reply(cookie, (r) => {
      const reply = r.struct(xcb_xfixes_get_cursor_image_reply_t);
      const count = reply.width * reply.height;
      // CARD32s in the client's byte order (libxcb asks for it), as a Uint32Array reads them.
      const pixels = new Uint32Array(count);
      const start = xcb_xfixes_get_cursor_image_reply_t.size;
      new Uint8Array(pixels.buffer).set(r.bytes.subarray(start, start + count * 4));
      return {
        x: reply.x,
        y: reply.y,
        width: reply.width,
        height: reply.height,
        xhot: reply.xhot,
        yhot: reply.yhot,
        serial: reply.cursor_serial,
        pixels,
      };
    });
}

/** XFixesHideCursor (checked): the pointer is hidden until this client shows it or leaves. */
export function hideCursor(conn: XConnection, window: number): void {
  conn.check(lib().hideCursor(conn.ptr, window));
}

/** XFixesShowCursor (checked). */
export function showCursor(conn: XConnection, window: number): void {
  conn.check(lib().showCursor(conn.ptr, window));
}

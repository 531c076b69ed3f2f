// The window tree: QueryTree and TranslateCoordinates, one typed wrapper each.
import { requestFunction, xcbLib } from './lib.js';
import { xcb_query_tree_reply_t, xcb_translate_coordinates_reply_t } from './types.js';
import type { XConnection } from './xcb.js';

const lib = xcbLib();
const xcb_query_tree = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_query_tree(void *c, uint32_t window)',
);
const xcb_translate_coordinates = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_translate_coordinates(void *c, uint32_t src_window, uint32_t dst_window, int16_t src_x, int16_t src_y)',
);

/** QueryTree: the children of `window`, bottom to top. */
export function queryChildren(conn: XConnection, window: number): number[] {
  return conn.reply(xcb_query_tree(conn.ptr, window), (r) =>
    r.card32s(r.struct(xcb_query_tree_reply_t).children_len),
  );
}

/** TranslateCoordinates of x,y in `src` into `dst`'s coordinates. */
export function translateCoordinates(
  conn: XConnection,
  src: number,
  dst: number,
  x: number,
  y: number,
): { x: number; y: number } {
  const reply = conn.reply(xcb_translate_coordinates(conn.ptr, src, dst, x, y), (r) =>
    r.struct(xcb_translate_coordinates_reply_t),
  );
  return { x: reply.dst_x, y: reply.dst_y };
}

// RENDER requests, one typed wrapper each. mss-ts itself does not use RENDER: tests define a
// pointer of known ARGB pixels with it, and composite that picture with the server's own Over.
import { lazily, renderLib, requestFunction } from './lib.js';
import type { ReplyReader } from './struct.js';
import {
  xcb_render_pictforminfo_t,
  xcb_render_query_pict_formats_reply_t,
  xcb_render_query_version_reply_t,
} from './types.js';
import type { XConnection } from './xcb.js';

const declared = lazily(() => {
  const lib = renderLib();
  const r = (prototype: string) => requestFunction(lib, prototype);
  return {
    queryVersion: r(
      'mss_xcb_cookie_t xcb_render_query_version(void *c, uint32_t major, uint32_t minor)',
    ),
    queryPictFormats: r('mss_xcb_cookie_t xcb_render_query_pict_formats(void *c)'),
    createPicture: r(
      'mss_xcb_cookie_t xcb_render_create_picture_checked(void *c, uint32_t pid, uint32_t drawable, uint32_t format, uint32_t value_mask, const void *value_list)',
    ),
    freePicture: r('mss_xcb_cookie_t xcb_render_free_picture_checked(void *c, uint32_t picture)'),
    createCursor: r(
      'mss_xcb_cookie_t xcb_render_create_cursor_checked(void *c, uint32_t cid, uint32_t source, uint16_t x, uint16_t y)',
    ),
    composite: r(
      'mss_xcb_cookie_t xcb_render_composite_checked(void *c, uint8_t op, uint32_t src, uint32_t mask, uint32_t dst, int16_t src_x, int16_t src_y, int16_t mask_x, int16_t mask_y, int16_t dst_x, int16_t dst_y, uint16_t width, uint16_t height)',
    ),
  };
});

/** RenderQueryVersion (required before other RENDER requests): [major, minor]. */
export function renderQueryVersion(conn: XConnection): [number, number] {
  const { major_version, minor_version } = conn.reply(
    declared().queryVersion(conn.ptr, 0, 11),
    (r) => r.struct(xcb_render_query_version_reply_t),
  );
  return [major_version, minor_version];
}

export interface PictFormat {
  id: number;
  depth: number;
  /** Direct formats: the shift and mask of each channel. */
  red: [shift: number, mask: number];
  green: [shift: number, mask: number];
  blue: [shift: number, mask: number];
  alpha: [shift: number, mask: number];
}

const PICT_TYPE_DIRECT = 1;

/** RenderQueryPictFormats: the direct (true-colour) formats. */
export function renderDirectFormats(conn: XConnection): PictFormat[] {
  return conn.reply(declared().queryPictFormats(conn.ptr), (r: ReplyReader) => {
    const { num_formats } = r.struct(xcb_render_query_pict_formats_reply_t);
    return r
      .list(xcb_render_pictforminfo_t, num_formats)
      .filter((f) => f.type === PICT_TYPE_DIRECT)
      .map(({ id, depth, direct: d }) => ({
        id,
        depth,
        red: [d.red_shift, d.red_mask],
        green: [d.green_shift, d.green_mask],
        blue: [d.blue_shift, d.blue_mask],
        alpha: [d.alpha_shift, d.alpha_mask],
      }));
  });
}

/** RenderCreatePicture with no attributes (checked). */
export function renderCreatePicture(
  conn: XConnection,
  picture: number,
  drawable: number,
  format: number,
): void {
  conn.check(declared().createPicture(conn.ptr, picture, drawable, format, 0, null));
}

/** RenderFreePicture (checked). */
export function renderFreePicture(conn: XConnection, picture: number): void {
  conn.check(declared().freePicture(conn.ptr, picture));
}

/** RenderCreateCursor (checked): a cursor of the picture's pixels, hotspot at x,y. */
export function renderCreateCursor(
  conn: XConnection,
  cursor: number,
  picture: number,
  x: number,
  y: number,
): void {
  conn.check(declared().createCursor(conn.ptr, cursor, picture, x, y));
}

export const PICT_OP_OVER = 3;

/** RenderComposite with no mask (checked): `op` of `src` onto `dst` at x,y. */
export function renderComposite(
  conn: XConnection,
  op: number,
  src: number,
  dst: number,
  x: number,
  y: number,
  width: number,
  height: number,
): void {
  conn.check(declared().composite(conn.ptr, op, src, 0, dst, 0, 0, 0, 0, x, y, width, height));
}

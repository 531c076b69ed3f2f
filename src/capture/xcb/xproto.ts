// Core protocol requests, one typed wrapper each; replies are freed inside.
import koffi from 'koffi';
import type { XConnection } from './connection.js';
import { libc, xcbLib } from './lib.js';
import type { ExtensionInfo } from './protocol-names.js';
import type { CookieValue, Pointer } from './types.js';

const lib = xcbLib();
const xcb_query_extension = lib.func(
  'mss_xcb_cookie_t xcb_query_extension(void *c, uint16_t name_len, const char *name)',
);
const xcb_get_geometry = lib.func('mss_xcb_cookie_t xcb_get_geometry(void *c, uint32_t drawable)');
const xcb_get_atom_name = lib.func('mss_xcb_cookie_t xcb_get_atom_name(void *c, uint32_t atom)');
const xcb_get_image = lib.func(
  'mss_xcb_cookie_t xcb_get_image(void *c, uint8_t format, uint32_t drawable, int16_t x, int16_t y, uint16_t width, uint16_t height, uint32_t plane_mask)',
);
const xcb_change_window_attributes = lib.func(
  'mss_xcb_cookie_t xcb_change_window_attributes(void *c, uint32_t window, uint32_t value_mask, const uint32_t *value_list)',
);
const memcpy = libc().func('void *memcpy(void *dest, void *src, size_t n)');
const free = libc().func('void free(void *ptr)');

export const IMAGE_FORMAT_Z_PIXMAP = 2;
const CW_EVENT_MASK = 0x800;
/** StructureNotify: ConfigureNotify when the window (the root: the screen) changes size. */
export const EVENT_MASK_STRUCTURE_NOTIFY = 0x20000;
const ALL_PLANES = 0xffffffff;

/** QueryExtension; the answer is remembered on the connection so errors can name its requests. */
export function queryExtension(conn: XConnection, name: string): ExtensionInfo | null {
  const known = conn.extensions.get(name);
  if (known) return known;
  const cookie = xcb_query_extension(conn.ptr, Buffer.byteLength(name), name) as CookieValue;
  const reply = conn.reply(cookie);
  if (reply.readUInt8(8) === 0) return null;
  const info = { name, majorOpcode: reply.readUInt8(9), firstError: reply.readUInt8(11) };
  conn.extensions.set(name, info);
  return info;
}

export interface Geometry {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** GetGeometry of a drawable (the root window's size follows RandR changes; the setup does not). */
export function getGeometry(conn: XConnection, drawable: number): Geometry {
  const reply = conn.reply(xcb_get_geometry(conn.ptr, drawable) as CookieValue);
  return {
    x: reply.readInt16LE(12),
    y: reply.readInt16LE(14),
    width: reply.readUInt16LE(16),
    height: reply.readUInt16LE(18),
  };
}

/**
 * ChangeWindowAttributes(event-mask): the events this client receives for `window` (unchecked;
 * other clients' selections are their own).
 */
export function selectEvents(conn: XConnection, window: number, mask: number): void {
  xcb_change_window_attributes(conn.ptr, window, CW_EVENT_MASK, [mask]);
}

/** GetAtomName. */
export function getAtomName(conn: XConnection, atom: number): string {
  const reply = conn.reply(xcb_get_atom_name(conn.ptr, atom) as CookieValue);
  return reply.toString('latin1', 32, 32 + reply.readUInt16LE(8));
}

/**
 * GetImage (ZPixmap, all planes) of a root-window area, to be copied into `dest` (at least
 * width * height * 4 bytes). The request is queued (XConnection.flush() sends it); the returned
 * function waits for the reply, copies it and returns the number of bytes copied.
 */
export function startGetImage(
  conn: XConnection,
  drawable: number,
  x: number,
  y: number,
  width: number,
  height: number,
  dest: Pointer,
): () => number {
  const cookie = xcb_get_image(
    conn.ptr,
    IMAGE_FORMAT_Z_PIXMAP,
    drawable,
    x,
    y,
    width,
    height,
    ALL_PLANES,
  ) as CookieValue;
  return () => {
    const reply = conn.replyPointer(cookie);
    try {
      const bytes = Math.min(width * height * 4, koffi.decode.uint32(reply + 4n) * 4);
      memcpy(dest, reply + 32n, bytes);
      return bytes;
    } finally {
      free(reply);
    }
  };
}

// MIT-SHM requests, one typed wrapper each; replies are freed inside.

import { shmLib } from './lib.js';
import { free } from './libc.js';
import type { CookieValue } from './types.js';
import type { XConnection } from './xcb.js';
import { IMAGE_FORMAT_Z_PIXMAP } from './xcb.js';

const lib = shmLib();
const xcb_shm_query_version = lib.func('mss_xcb_cookie_t xcb_shm_query_version(void *c)');
const xcb_shm_attach_fd_checked = lib.func(
  'mss_xcb_cookie_t xcb_shm_attach_fd_checked(void *c, uint32_t shmseg, int32_t shm_fd, uint8_t read_only)',
);
const xcb_shm_detach = lib.func('mss_xcb_cookie_t xcb_shm_detach(void *c, uint32_t shmseg)');
const xcb_shm_get_image = lib.func(
  'mss_xcb_cookie_t xcb_shm_get_image(void *c, uint32_t drawable, int16_t x, int16_t y, uint16_t width, uint16_t height, uint32_t plane_mask, uint8_t format, uint32_t shmseg, uint32_t offset)',
);

/** ShmQueryVersion: [major, minor]. */
export function shmQueryVersion(conn: XConnection): [number, number] {
  const reply = conn.reply(xcb_shm_query_version(conn.ptr) as CookieValue);
  return [reply.readUInt16LE(8), reply.readUInt16LE(10)];
}

/**
 * ShmAttachFd (checked). libxcb takes ownership of `fd` and closes it, on success and on
 * failure alike: the caller must never close it again.
 */
export function shmAttachFd(conn: XConnection, segment: number, fd: number): void {
  conn.check(xcb_shm_attach_fd_checked(conn.ptr, segment, fd, 0) as CookieValue);
}

/** ShmDetach (unchecked: the segment goes away with the connection anyway). */
export function shmDetach(conn: XConnection, segment: number): void {
  xcb_shm_detach(conn.ptr, segment);
}

/**
 * ShmGetImage (ZPixmap, all planes) of a root-window area into `segment` at `offset`. The request
 * is queued (XConnection.flush() sends it); the returned function waits until the pixels are in.
 */
export function startShmGetImage(
  conn: XConnection,
  drawable: number,
  x: number,
  y: number,
  width: number,
  height: number,
  segment: number,
  offset: number,
): () => void {
  const cookie = xcb_shm_get_image(
    conn.ptr,
    drawable,
    x,
    y,
    width,
    height,
    0xffffffff,
    IMAGE_FORMAT_Z_PIXMAP,
    segment,
    offset,
  ) as CookieValue;
  return () => free(conn.replyPointer(cookie));
}

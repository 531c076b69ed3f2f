// MIT-SHM requests, one typed wrapper each; replies are freed inside.
import { requestFunction, shmLib } from './lib.js';
import { xcb_shm_query_version_reply_t } from './types.js';
import { IMAGE_FORMAT_Z_PIXMAP, type XConnection } from './xcb.js';

const lib = shmLib();
const xcb_shm_query_version = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_shm_query_version(void *c)',
);
const xcb_shm_attach_fd_checked = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_shm_attach_fd_checked(void *c, uint32_t shmseg, int32_t shm_fd, uint8_t read_only)',
);
const xcb_shm_detach = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_shm_detach(void *c, uint32_t shmseg)',
);
const xcb_shm_get_image = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_shm_get_image(void *c, uint32_t drawable, int16_t x, int16_t y, uint16_t width, uint16_t height, uint32_t plane_mask, uint8_t format, uint32_t shmseg, uint32_t offset)',
);

/** ShmQueryVersion: [major, minor]. */
export function shmQueryVersion(conn: XConnection): [number, number] {
  const { major_version, minor_version } = conn.reply(xcb_shm_query_version(conn.ptr), (r) =>
    r.struct(xcb_shm_query_version_reply_t),
  );
  return [major_version, minor_version];
}

/**
 * ShmAttachFd (checked). libxcb takes ownership of `fd` and closes it, on success and on
 * failure alike: the caller must never close it again.
 */
export function shmAttachFd(conn: XConnection, segment: number, fd: number): void {
  conn.check(xcb_shm_attach_fd_checked(conn.ptr, segment, fd, 0));
}

/**
 * ShmDetach (unchecked: nothing can be done about a failure, and a disconnect detaches every
 * segment anyway).
 */
export function shmDetach(conn: XConnection, segment: number): void {
  xcb_shm_detach(conn.ptr, segment);
}

/**
 * ShmGetImage (ZPixmap, all planes) of a root-window area into `segment` at `offset`. The request
 * is queued (XConnection.flush() sends it); the returned function waits until the pixels are in
 * (the reply says only what the segment now holds, which the caller knows).
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
  );
  return () => conn.withReply(cookie, () => {});
}

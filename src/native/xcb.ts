// libxcb: one X connection (connect, decode the setup, wait for replies, turn X errors into
// exceptions) and the core protocol requests, one typed wrapper each.
import koffi from 'koffi';
import { ScreenShotError, XProtocolError } from '../capture/errors.js';
import { requestFunction, xcbLib } from './lib.js';
import { copyOut, free, memcpy } from './libc.js';
import { type ExtensionInfo, errorName, requestName } from './protocol-names.js';
import { ReplyReader, type Struct } from './struct.js';
import {
  type CookieValue,
  type Pointer,
  xcb_configure_notify_event_t,
  xcb_depth_t,
  xcb_format_t,
  xcb_generic_error_t,
  xcb_generic_event_t,
  xcb_generic_reply_t,
  xcb_get_atom_name_reply_t,
  xcb_get_geometry_reply_t,
  xcb_get_image_reply_t,
  xcb_query_extension_reply_t,
  xcb_screen_t,
  xcb_setup_t,
  xcb_visualtype_t,
} from './types.js';

const lib = xcbLib();
const xcb_connect = lib.func('void *xcb_connect(const char *displayname, _Out_ int *screenp)');
const xcb_connection_has_error = lib.func('int xcb_connection_has_error(void *c)');
const xcb_disconnect = lib.func('void xcb_disconnect(void *c)');
const xcb_get_setup = lib.func('void *xcb_get_setup(void *c)');
const xcb_generate_id = lib.func('uint32_t xcb_generate_id(void *c)');
const xcb_get_file_descriptor = lib.func('int xcb_get_file_descriptor(void *c)');
const xcb_wait_for_reply = lib.func(
  'void *xcb_wait_for_reply(void *c, uint32_t request, _Out_ void **e)',
);
const xcb_poll_for_event = lib.func('void *xcb_poll_for_event(void *c)');
const xcb_flush = lib.func('int xcb_flush(void *c)');
const xcb_request_check = lib.func('void *xcb_request_check(void *c, mss_xcb_cookie_t cookie)');
const xcb_query_extension = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_query_extension(void *c, uint16_t name_len, const char *name)',
);
const xcb_get_geometry = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_get_geometry(void *c, uint32_t drawable)',
);
const xcb_get_atom_name = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_get_atom_name(void *c, uint32_t atom)',
);
const xcb_get_image = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_get_image(void *c, uint8_t format, uint32_t drawable, int16_t x, int16_t y, uint16_t width, uint16_t height, uint32_t plane_mask)',
);
const xcb_create_gc = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_create_gc_checked(void *c, uint32_t gc, uint32_t drawable, uint32_t mask, void *values)',
);
const xcb_put_image = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_put_image_checked(void *c, uint8_t format, uint32_t drawable, uint32_t gc, uint16_t width, uint16_t height, int16_t x, int16_t y, uint8_t left_pad, uint8_t depth, uint32_t length, const uint8_t *data)',
);
const xcb_create_pixmap = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_create_pixmap_checked(void *c, uint8_t depth, uint32_t pid, uint32_t drawable, uint16_t width, uint16_t height)',
);
const xcb_free_pixmap = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_free_pixmap_checked(void *c, uint32_t pixmap)',
);
const xcb_free_cursor = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_free_cursor_checked(void *c, uint32_t cursor)',
);
const xcb_change_window_attributes_checked = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_change_window_attributes_checked(void *c, uint32_t window, uint32_t value_mask, const uint32_t *value_list)',
);
const xcb_change_window_attributes = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_change_window_attributes(void *c, uint32_t window, uint32_t value_mask, const uint32_t *value_list)',
);

const CONFIGURE_NOTIFY = 22;
/**
 * StructureNotify events (DestroyNotify, UnmapNotify, MapNotify, ReparentNotify,
 * ConfigureNotify, GravityNotify): each names the window that changed where ConfigureNotify does.
 */
const STRUCTURE_EVENTS = new Set([17, 18, 19, 21, 22, 24]);
/** Every reply's fixed part: `length` counts the 4-byte units that follow it. */
const REPLY_SIZE = 32;
const REPLY_LENGTH = BigInt(xcb_generic_reply_t.offsetOf('length'));

const CONNECTION_ERRORS: Record<number, string> = {
  1: 'the X server refused the connection or is not running',
  2: 'the X server lacks an extension that was required',
  3: 'out of memory while talking to the X server',
  4: 'a request exceeded the X server maximum request length',
  5: 'the display is unset or invalid: set DISPLAY or pass a display name (for example :0)',
  6: 'the display has no such screen',
  7: 'a file descriptor could not be passed to the X server',
};

export interface PixmapFormat {
  depth: number;
  bitsPerPixel: number;
  scanlinePad: number;
}

export interface Visual {
  id: number;
  visualClass: number;
  redMask: number;
  greenMask: number;
  blueMask: number;
}

export interface Screen {
  root: number;
  width: number;
  height: number;
  rootDepth: number;
  rootVisual: Visual | undefined;
}

export interface Setup {
  imageByteOrder: number;
  /** The longest request without BIG-REQUESTS, in bytes (Xlib's XMaxRequestSize * 4). */
  maximumRequestBytes: number;
  pixmapFormats: PixmapFormat[];
  screens: Screen[];
}

/**
 * Read the setup as xproto.xml lists it: xcb_setup_t, the vendor string padded to 4 bytes, the
 * pixmap formats, then each screen followed by its depths, each depth by its visuals.
 */
function readSetup(r: ReplyReader): Setup {
  const setup = r.struct(xcb_setup_t);
  r.skip(setup.vendor_len);
  r.align(4);
  const pixmapFormats = r.list(xcb_format_t, setup.pixmap_formats_len).map((f) => ({
    depth: f.depth,
    bitsPerPixel: f.bits_per_pixel,
    scanlinePad: f.scanline_pad,
  }));
  const screens: Screen[] = [];
  for (let s = 0; s < setup.roots_len; s++) {
    const root = r.struct(xcb_screen_t);
    let rootVisual: Visual | undefined;
    for (let d = 0; d < root.allowed_depths_len; d++) {
      const depth = r.struct(xcb_depth_t);
      for (let i = 0; i < depth.visuals_len; i++) {
        // A server may list hundreds of visuals: only the root's is read whole.
        if (r.peek(xcb_visualtype_t, 'visual_id') !== root.root_visual) {
          r.skip(xcb_visualtype_t.size);
          continue;
        }
        const v = r.struct(xcb_visualtype_t);
        rootVisual = {
          id: v.visual_id,
          visualClass: v._class,
          redMask: v.red_mask,
          greenMask: v.green_mask,
          blueMask: v.blue_mask,
        };
      }
    }
    screens.push({
      root: root.root,
      width: root.width_in_pixels,
      height: root.height_in_pixels,
      rootDepth: root.root_depth,
      rootVisual,
    });
  }
  return {
    imageByteOrder: setup.image_byte_order,
    maximumRequestBytes: setup.maximum_request_length * 4,
    pixmapFormats,
    screens,
  };
}

/** The `type` at `ptr`, copied out of C memory first. */
function readAt<T>(ptr: Pointer, type: Struct<T>): T {
  return type.read(copyOut(ptr, type.size));
}

/** A live connection to an X server; `close()` disconnects and frees everything libxcb holds. */
export class XConnection {
  readonly setup: Setup;
  readonly screen: Screen;
  readonly display: string;
  readonly extensions = new Map<string, ExtensionInfo>();
  #ptr: Pointer | null;
  #screenChanged = false;
  /** Windows that a StructureNotify event reported changed, until takeWindowChange(). */
  readonly #changedWindows = new Set<number>();

  constructor(display?: string) {
    const name = display ?? process.env.DISPLAY ?? '';
    this.display = name;
    if (!name) throw new ScreenShotError(noDisplayMessage(), 'display');
    const screenNumber = [0];
    const ptr = xcb_connect(name, screenNumber) as Pointer;
    const code = xcb_connection_has_error(ptr) as number;
    if (code !== 0) {
      xcb_disconnect(ptr);
      const reason = CONNECTION_ERRORS[code] ?? `xcb connection error ${code}`;
      throw new ScreenShotError(`cannot open display "${name}": ${reason}`, 'display');
    }
    this.#ptr = ptr;
    const setupPtr = xcb_get_setup(ptr) as Pointer;
    // `length` counts the 4-byte units after the first 8 bytes.
    const { length } = readAt(setupPtr, xcb_setup_t);
    this.setup = readSetup(new ReplyReader(copyOut(setupPtr, 8 + length * 4)));
    const screen = this.setup.screens[screenNumber[0] as number];
    if (!screen) {
      this.close();
      throw new ScreenShotError(`cannot open display "${name}": it has no such screen`, 'display');
    }
    this.screen = screen;
  }

  /** The xcb_connection_t pointer; throws once the connection is closed or broken. */
  get ptr(): Pointer {
    if (this.#ptr === null) throw new ScreenShotError('the X connection is closed', 'capture');
    return this.#ptr;
  }

  get closed(): boolean {
    return this.#ptr === null;
  }

  /** The socket's file descriptor (to tell a local socket from TCP). */
  get fd(): number {
    return xcb_get_file_descriptor(this.ptr) as number;
  }

  generateId(): number {
    return xcb_generate_id(this.ptr) as number;
  }

  /** Send the queued requests now, so the server works on them while the caller does not wait. */
  flush(): void {
    xcb_flush(this.ptr);
  }

  /**
   * Wait for the reply to `cookie`, hand libxcb's copy to `use`, and free it afterwards. X errors
   * are thrown as XProtocolError.
   */
  withReply<T>(cookie: CookieValue, use: (reply: Pointer) => T): T {
    const reply = this.#waitForReply(cookie);
    try {
      return use(reply);
    } finally {
      free(reply);
    }
  }

  /** Wait for the reply to `cookie`, copy it out, free libxcb's copy, and read it with `read`. */
  reply<T>(cookie: CookieValue, read: (reply: ReplyReader) => T): T {
    const reply = this.#waitForReply(cookie);
    let bytes: Buffer;
    try {
      bytes = copyOut(reply, REPLY_SIZE + koffi.decode.uint32(reply + REPLY_LENGTH) * 4);
    } finally {
      free(reply);
    }
    return read(new ReplyReader(bytes));
  }

  /** The one way to a reply: libxcb's malloc()ed copy, which the caller must free. */
  #waitForReply(cookie: CookieValue): Pointer {
    const error: (Pointer | null)[] = [null];
    const reply = xcb_wait_for_reply(this.ptr, cookie.sequence, error) as Pointer | null;
    if (error[0]) this.#throwError(error[0]);
    if (!reply) this.#throwBroken();
    return reply as Pointer;
  }

  /** Wait for the outcome of a checked request that has no reply. */
  check(cookie: CookieValue): void {
    const error = xcb_request_check(this.ptr, cookie) as Pointer | null;
    if (error) this.#throwError(error);
    if (this.connectionError() !== 0) this.#throwBroken();
  }

  /**
   * Read whatever the server sent without blocking, so that a server that went away is noticed
   * between requests; throws if it did. A ConfigureNotify of the root window (the screen was
   * resized or its monitors changed) is remembered for takeScreenChange(), a change of another
   * window whose structure this client watches for takeWindowChange(); other events are
   * dropped.
   */
  checkAlive(): void {
    const root = this.screen.root;
    for (let event = xcb_poll_for_event(this.ptr) as Pointer | null; event; ) {
      const bytes = copyOut(event, xcb_generic_event_t.size);
      free(event);
      // The top bit tells an event that another client sent with SendEvent.
      const type = xcb_generic_event_t.read(bytes).response_type & 0x7f;
      if (STRUCTURE_EVENTS.has(type)) {
        const { window } = xcb_configure_notify_event_t.read(bytes);
        if (window === root) this.#screenChanged = type === CONFIGURE_NOTIFY || this.#screenChanged;
        else this.#changedWindows.add(window);
      }
      event = xcb_poll_for_event(this.ptr) as Pointer | null;
    }
    if (this.connectionError() !== 0) this.#throwBroken();
  }

  /**
   * Whether the root window was reconfigured since the last call (events are read by
   * checkAlive(); only a client that selected StructureNotify on the root receives them).
   */
  takeScreenChange(): boolean {
    this.checkAlive();
    const changed = this.#screenChanged;
    this.#screenChanged = false;
    return changed;
  }

  /**
   * Whether any of `windows` was moved, resized, mapped, unmapped, reparented or destroyed since
   * the last call, as far as the events read so far tell (only a client that selected
   * StructureNotify on a window receives them).
   */
  takeWindowChange(windows: readonly number[]): boolean {
    this.checkAlive();
    let changed = false;
    for (const window of windows) changed = this.#changedWindows.delete(window) || changed;
    return changed;
  }

  /** xcb_connection_has_error: 0 while the connection is usable. */
  connectionError(): number {
    return this.#ptr === null ? 0 : (xcb_connection_has_error(this.#ptr) as number);
  }

  close(): void {
    if (this.#ptr === null) return;
    xcb_disconnect(this.#ptr);
    this.#ptr = null;
  }

  #throwError(ptr: Pointer): never {
    const e = readAt(ptr, xcb_generic_error_t);
    free(ptr);
    const known = [...this.extensions.values()];
    throw new XProtocolError(
      e.error_code,
      e.major_code,
      e.minor_code,
      errorName(e.error_code, known),
      requestName(e.major_code, e.minor_code, known),
      e.sequence,
    );
  }

  #throwBroken(): never {
    throw new ScreenShotError(
      `lost the connection to the X server "${this.display}" (did it exit?)`,
      'capture',
    );
  }
}

function noDisplayMessage(): string {
  if (process.env.WAYLAND_DISPLAY) {
    return 'DISPLAY is unset: this is a Wayland session without X11 access; mss-ts captures X11 (XWayland) displays only';
  }
  return CONNECTION_ERRORS[5] as string;
}

// Core protocol requests.

export const IMAGE_FORMAT_Z_PIXMAP = 2;
const CW_EVENT_MASK = 0x800;
const CW_CURSOR = 0x4000;
/** StructureNotify: ConfigureNotify when the window (the root: the screen) changes size. */
export const EVENT_MASK_STRUCTURE_NOTIFY = 0x20000;
const ALL_PLANES = 0xffffffff;

/** QueryExtension; the answer is remembered on the connection so errors can name its requests. */
export function queryExtension(conn: XConnection, name: string): ExtensionInfo | null {
  const known = conn.extensions.get(name);
  if (known) return known;
  const cookie = xcb_query_extension(conn.ptr, Buffer.byteLength(name), name);
  const reply = conn.reply(cookie, (r) => r.struct(xcb_query_extension_reply_t));
  if (!reply.present) return null;
  const info = { name, majorOpcode: reply.major_opcode, firstError: reply.first_error };
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
  const { x, y, width, height } = conn.reply(xcb_get_geometry(conn.ptr, drawable), (r) =>
    r.struct(xcb_get_geometry_reply_t),
  );
  return { x, y, width, height };
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
  return conn.reply(xcb_get_atom_name(conn.ptr, atom), (r) =>
    r.string8(r.struct(xcb_get_atom_name_reply_t).name_len),
  );
}

/**
 * GetImage (ZPixmap, all planes) of a root-window area, to be copied into `dest` (at least
 * width * height * 4 bytes). The request is queued (XConnection.flush() sends it); the returned
 * function waits for the reply, copies its pixels (in place: they are the whole reply) and
 * returns the number of bytes copied.
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
  );
  return () =>
    conn.withReply(cookie, (reply) => {
      const { length } = readAt(reply, xcb_get_image_reply_t);
      const bytes = Math.min(width * height * 4, length * 4);
      memcpy(dest, reply + BigInt(xcb_get_image_reply_t.size), bytes);
      return bytes;
    });
}

/** CreateGC with default values (checked): what PutImage draws with. */
export function createGc(conn: XConnection, gc: number, drawable: number): void {
  conn.check(xcb_create_gc(conn.ptr, gc, drawable, 0, null));
}

/**
 * PutImage (ZPixmap, checked) of `width` x `height` pixels at x,y. The request must stay under the
 * server's maximum request length: callers draw large images in strips.
 */
export function putImage(
  conn: XConnection,
  drawable: number,
  gc: number,
  x: number,
  y: number,
  width: number,
  height: number,
  depth: number,
  pixels: Uint8Array,
): void {
  const cookie = xcb_put_image(
    conn.ptr,
    IMAGE_FORMAT_Z_PIXMAP,
    drawable,
    gc,
    width,
    height,
    x,
    y,
    0,
    depth,
    pixels.length,
    pixels,
  );
  conn.check(cookie);
}

/** CreatePixmap (checked) of `depth` on the screen of `drawable`. */
export function createPixmap(
  conn: XConnection,
  depth: number,
  pixmap: number,
  drawable: number,
  width: number,
  height: number,
): void {
  conn.check(xcb_create_pixmap(conn.ptr, depth, pixmap, drawable, width, height));
}

/** FreePixmap (checked). */
export function freePixmap(conn: XConnection, pixmap: number): void {
  conn.check(xcb_free_pixmap(conn.ptr, pixmap));
}

/** ChangeWindowAttributes(cursor) (checked): the pointer's shape over `window`; 0 for none. */
export function setWindowCursor(conn: XConnection, window: number, cursor: number): void {
  conn.check(xcb_change_window_attributes_checked(conn.ptr, window, CW_CURSOR, [cursor]));
}

/** FreeCursor (checked): windows that use the cursor keep it. */
export function freeCursor(conn: XConnection, cursor: number): void {
  conn.check(xcb_free_cursor(conn.ptr, cursor));
}

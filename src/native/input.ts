// Core input requests, one typed wrapper each: pointer and keyboard grabs, the keyboard
// mapping, pointer warps, and the input events a grab brings (their `child` is the window
// under the pointer, which QueryPointer would otherwise be asked for).
import { requestFunction, xcbLib } from './lib.js';
import type { ReplyReader } from './struct.js';
import {
  xcb_get_keyboard_mapping_reply_t,
  xcb_grab_keyboard_reply_t,
  xcb_grab_pointer_reply_t,
  xcb_key_press_event_t,
} from './types.js';
import type { XConnection } from './xcb.js';

const lib = xcbLib();
const xcb_grab_pointer = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_grab_pointer(void *c, uint8_t owner_events, uint32_t grab_window, uint16_t event_mask, uint8_t pointer_mode, uint8_t keyboard_mode, uint32_t confine_to, uint32_t cursor, uint32_t time)',
);
const xcb_grab_keyboard = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_grab_keyboard(void *c, uint8_t owner_events, uint32_t grab_window, uint32_t time, uint8_t pointer_mode, uint8_t keyboard_mode)',
);
const xcb_ungrab_pointer = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_ungrab_pointer(void *c, uint32_t time)',
);
const xcb_ungrab_keyboard = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_ungrab_keyboard(void *c, uint32_t time)',
);
const xcb_get_keyboard_mapping = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_get_keyboard_mapping(void *c, uint8_t first_keycode, uint8_t count)',
);
const xcb_warp_pointer = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_warp_pointer(void *c, uint32_t src_window, uint32_t dst_window, int16_t src_x, int16_t src_y, uint16_t src_width, uint16_t src_height, int16_t dst_x, int16_t dst_y)',
);

export const EVENT_MASK_BUTTON_PRESS = 0x4;
export const EVENT_MASK_BUTTON_RELEASE = 0x8;
export const EVENT_MASK_POINTER_MOTION = 0x40;
const GRAB_MODE_ASYNC = 1;
const CURRENT_TIME = 0;
const NONE = 0;

/** Why a grab was refused, by GrabStatus. */
export const GRAB_STATUS: Record<number, string> = {
  1: 'AlreadyGrabbed',
  2: 'InvalidTime',
  3: 'NotViewable',
  4: 'Frozen',
};

/**
 * GrabPointer of `window` (asynchronous, not confined, now), reporting `eventMask` events and
 * showing `cursor` (0: the window's own): the GrabStatus, 0 when granted.
 */
export function grabPointer(
  conn: XConnection,
  window: number,
  eventMask: number,
  cursor: number,
): number {
  const cookie = xcb_grab_pointer(
    conn.ptr,
    0,
    window,
    eventMask,
    GRAB_MODE_ASYNC,
    GRAB_MODE_ASYNC,
    NONE,
    cursor,
    CURRENT_TIME,
  );
  return conn.reply(cookie, (r) => r.struct(xcb_grab_pointer_reply_t).status);
}

/** GrabKeyboard of `window` (asynchronous, now): the GrabStatus, 0 when granted. */
export function grabKeyboard(conn: XConnection, window: number): number {
  const cookie = xcb_grab_keyboard(
    conn.ptr,
    0,
    window,
    CURRENT_TIME,
    GRAB_MODE_ASYNC,
    GRAB_MODE_ASYNC,
  );
  return conn.reply(cookie, (r) => r.struct(xcb_grab_keyboard_reply_t).status);
}

/** UngrabPointer (unchecked: a grab that is gone needs nothing). */
export function ungrabPointer(conn: XConnection): void {
  xcb_ungrab_pointer(conn.ptr, CURRENT_TIME);
}

/** UngrabKeyboard (unchecked). */
export function ungrabKeyboard(conn: XConnection): void {
  xcb_ungrab_keyboard(conn.ptr, CURRENT_TIME);
}

/** WarpPointer by dx, dy from where it is (unchecked). */
export function warpPointerBy(conn: XConnection, dx: number, dy: number): void {
  xcb_warp_pointer(conn.ptr, NONE, NONE, 0, 0, 0, 0, dx, dy);
}

/** The keysyms of each keycode from `first` to `last`: `keysyms[keycode - first][column]`. */
export function getKeyboardMapping(conn: XConnection, first: number, last: number): number[][] {
  return conn.reply(
    xcb_get_keyboard_mapping(conn.ptr, first, last - first + 1),
    (r: ReplyReader) => {
      const { keysyms_per_keycode: perKey, length } = r.struct(xcb_get_keyboard_mapping_reply_t);
      const all = r.card32s(length);
      const keys: number[][] = [];
      for (let i = 0; i + perKey <= all.length; i += perKey) keys.push(all.slice(i, i + perKey));
      return keys;
    },
  );
}

export const KEY_PRESS = 2;
export const BUTTON_PRESS = 4;
export const BUTTON_RELEASE = 5;
export const MOTION_NOTIFY = 6;

export interface InputEvent {
  /** KEY_PRESS, BUTTON_PRESS, BUTTON_RELEASE or MOTION_NOTIFY. */
  type: number;
  /** The keycode or the button (0 for a motion). */
  detail: number;
  /** Root-window coordinates of the pointer. */
  x: number;
  y: number;
  /** The child of the root under the pointer, 0 if none. */
  child: number;
  /** Modifier and button state (bit 0: Shift). */
  state: number;
}

/** An input event from `bytes` (a 32-byte event as XConnection.pollEvent() gives it), or null. */
export function inputEventOf(bytes: Buffer): InputEvent | null {
  const e = xcb_key_press_event_t.read(bytes);
  // The top bit tells an event that another client sent with SendEvent.
  const type = e.response_type & 0x7f;
  if (type < KEY_PRESS || type > MOTION_NOTIFY || type === 3) return null; // 3: KeyRelease
  return { type, detail: e.detail, x: e.root_x, y: e.root_y, child: e.child, state: e.state };
}

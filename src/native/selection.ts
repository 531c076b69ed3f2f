// Selections (core protocol): the requests and events a selection owner uses, one typed
// wrapper each: a window of its own, SetSelectionOwner, GetSelectionOwner, ChangeProperty on a
// requestor's window, SendEvent of SelectionNotify, and waiting for the next event; and a
// requestor's ConvertSelection and DeleteProperty (tests paste with them).
import { endianness } from 'node:os';
import { requestFunction, xcbLib } from './lib.js';
import { copyOut, free } from './libc.js';
import {
  type Pointer,
  xcb_destroy_notify_event_t,
  xcb_generic_error_t,
  xcb_generic_event_t,
  xcb_get_selection_owner_reply_t,
  xcb_property_notify_event_t,
  xcb_selection_clear_event_t,
  xcb_selection_notify_event_t,
  xcb_selection_request_event_t,
} from './types.js';
import type { XConnection } from './xcb.js';

const lib = xcbLib();
const xcb_set_selection_owner = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_set_selection_owner(void *c, uint32_t owner, uint32_t selection, uint32_t time)',
);
const xcb_get_selection_owner = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_get_selection_owner(void *c, uint32_t selection)',
);
const xcb_change_property = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_change_property(void *c, uint8_t mode, uint32_t window, uint32_t property, uint32_t type, uint8_t format, uint32_t data_len, const uint8_t *data)',
);
const xcb_send_event = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_send_event(void *c, uint8_t propagate, uint32_t destination, uint32_t event_mask, const uint8_t *event)',
);
const xcb_convert_selection = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_convert_selection(void *c, uint32_t requestor, uint32_t selection, uint32_t target, uint32_t property, uint32_t time)',
);
const xcb_delete_property = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_delete_property(void *c, uint32_t window, uint32_t property)',
);
const xcb_wait_for_event = lib.func('void *xcb_wait_for_event(void *c)');

/** Event codes (xproto.xml) of what a selection owner receives. */
const DESTROY_NOTIFY = 17;
const PROPERTY_NOTIFY = 28;
const SELECTION_CLEAR = 29;
const SELECTION_REQUEST = 30;
const SELECTION_NOTIFY = 31;
/** Every event on the wire is 32 bytes: SendEvent sends exactly that many. */
const EVENT_BYTES = 32;

/** PropertyChange: PropertyNotify when a property of the window is changed or deleted. */
export const EVENT_MASK_PROPERTY_CHANGE = 0x400000;
/** PropertyNotify's state when the property was deleted (0: a new value). */
export const PROPERTY_DELETED = 1;
export const PROP_MODE_REPLACE = 0;
export const PROP_MODE_APPEND = 2;

/** SetSelectionOwner (unchecked: the outcome is what GetSelectionOwner says afterwards). */
export function setSelectionOwner(
  conn: XConnection,
  owner: number,
  selection: number,
  time: number,
): void {
  xcb_set_selection_owner(conn.ptr, owner, selection, time);
}

/** GetSelectionOwner: the window that owns `selection`, 0 for none. */
export function getSelectionOwner(conn: XConnection, selection: number): number {
  return conn.reply(
    xcb_get_selection_owner(conn.ptr, selection),
    (r) => r.struct(xcb_get_selection_owner_reply_t).owner,
  );
}

/**
 * ChangeProperty (unchecked: an error, as for a requestor window that is gone, arrives as an
 * event). `data` holds whole items of `format` bits; the request must stay under the server's
 * maximum request length.
 */
export function changeProperty(
  conn: XConnection,
  mode: number,
  window: number,
  property: number,
  type: number,
  format: 8 | 16 | 32,
  data: Uint8Array,
): void {
  const items = data.length / (format / 8);
  xcb_change_property(conn.ptr, mode, window, property, type, format, items, data);
}

// libxcb asks the server for the client's own byte order, so properties and events use it.
const LE = endianness() === 'LE';

/** 32-bit items in the client's byte order, as ChangeProperty of format 32 takes them. */
export function card32Bytes(values: readonly number[]): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => {
    if (LE) bytes.writeUInt32LE(v >>> 0, i * 4);
    else bytes.writeUInt32BE(v >>> 0, i * 4);
  });
  return bytes;
}

export interface SelectionNotify {
  time: number;
  requestor: number;
  selection: number;
  target: number;
  /** 0 (None): the request was refused. */
  property: number;
}

/** SendEvent of a SelectionNotify to the requestor (no event mask: its owner client gets it). */
export function sendSelectionNotify(conn: XConnection, notify: SelectionNotify): void {
  const event = Buffer.alloc(EVENT_BYTES);
  event.writeUInt8(SELECTION_NOTIFY, xcb_selection_notify_event_t.offsetOf('response_type'));
  for (const member of ['time', 'requestor', 'selection', 'target', 'property'] as const) {
    event.set(card32Bytes([notify[member]]), xcb_selection_notify_event_t.offsetOf(member));
  }
  xcb_send_event(conn.ptr, 0, notify.requestor, 0, event);
}

/**
 * ConvertSelection: ask the owner of `selection` for `target`, to be put on `property` of
 * `requestor` (a SelectionNotify says when it is there). What a client pasting does.
 */
export function convertSelection(
  conn: XConnection,
  requestor: number,
  selection: number,
  target: number,
  property: number,
  time: number,
): void {
  xcb_convert_selection(conn.ptr, requestor, selection, target, property, time);
}

/** DeleteProperty (unchecked): in INCR, how a requestor asks for the next chunk. */
export function deleteProperty(conn: XConnection, window: number, property: number): void {
  xcb_delete_property(conn.ptr, window, property);
}

export type SelectionRequest = ReturnType<typeof xcb_selection_request_event_t.read>;

/** What a selection owner (or a requestor: `notify`) acts on; anything else is `other`. */
export type SelectionEvent =
  | { kind: 'request'; event: SelectionRequest }
  | { kind: 'clear'; time: number; owner: number; selection: number }
  | { kind: 'property'; window: number; atom: number; time: number; state: number }
  | { kind: 'notify'; notify: SelectionNotify }
  | { kind: 'destroyed'; window: number }
  | { kind: 'error'; errorCode: number; resourceId: number; majorCode: number }
  | { kind: 'other' };

/**
 * Wait (blocking the thread) for the next event or error of the connection and free libxcb's
 * copy. null: the connection broke (the X server went away).
 */
export function waitForSelectionEvent(conn: XConnection): SelectionEvent | null {
  const ptr = xcb_wait_for_event(conn.ptr) as Pointer | null;
  if (!ptr) return null;
  const bytes = copyOut(ptr, xcb_generic_event_t.size);
  free(ptr);
  // The top bit tells an event that another client sent with SendEvent.
  switch (xcb_generic_event_t.read(bytes).response_type & 0x7f) {
    case 0: {
      const e = xcb_generic_error_t.read(bytes);
      return {
        kind: 'error',
        errorCode: e.error_code,
        resourceId: e.resource_id,
        majorCode: e.major_code,
      };
    }
    case SELECTION_REQUEST:
      return { kind: 'request', event: xcb_selection_request_event_t.read(bytes) };
    case SELECTION_CLEAR: {
      const { time, owner, selection } = xcb_selection_clear_event_t.read(bytes);
      return { kind: 'clear', time, owner, selection };
    }
    case PROPERTY_NOTIFY: {
      const { window, atom, time, state } = xcb_property_notify_event_t.read(bytes);
      return { kind: 'property', window, atom, time, state };
    }
    case DESTROY_NOTIFY:
      return { kind: 'destroyed', window: xcb_destroy_notify_event_t.read(bytes).window };
    case SELECTION_NOTIFY: {
      const { time, requestor, selection, target, property } =
        xcb_selection_notify_event_t.read(bytes);
      return { kind: 'notify', notify: { time, requestor, selection, target, property } };
    }
    default:
      return { kind: 'other' };
  }
}

// Atoms and window properties (core requests), one typed wrapper each; replies are freed inside.
import { requestFunction, xcbLib } from './lib.js';
import { xcb_get_property_reply_t, xcb_intern_atom_reply_t } from './types.js';
import type { XConnection } from './xcb.js';

const lib = xcbLib();
const xcb_intern_atom = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_intern_atom(void *c, uint8_t only_if_exists, uint16_t name_len, const char *name)',
);
const xcb_get_property = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_get_property(void *c, uint8_t _delete, uint32_t window, uint32_t property, uint32_t type, uint32_t long_offset, uint32_t long_length)',
);

/** AnyPropertyType. */
const ANY = 0;
/** The longest value GetProperty may return, in 4-byte units (as xcb's own tools ask). */
const WHOLE_VALUE = 0x3fffffff;

/** InternAtom: the atom named `name`; 0 when onlyIfExists and the server has no such atom. */
export function internAtom(conn: XConnection, name: string, onlyIfExists = false): number {
  const cookie = xcb_intern_atom(conn.ptr, onlyIfExists ? 1 : 0, Buffer.byteLength(name), name);
  return conn.reply(cookie, (r) => r.struct(xcb_intern_atom_reply_t).atom);
}

export interface PropertyValue {
  type: number;
  format: 0 | 8 | 16 | 32;
  value: Buffer;
}

/** GetProperty of the whole value (AnyPropertyType when type is 0); null when not set. */
export function getProperty(
  conn: XConnection,
  window: number,
  property: number,
  type = ANY,
): PropertyValue | null {
  const cookie = xcb_get_property(conn.ptr, 0, window, property, type, 0, WHOLE_VALUE);
  return conn.reply(cookie, (r) => {
    const reply = r.struct(xcb_get_property_reply_t);
    // Not set: type None. Set with another type than asked: no value, the real type named.
    if (reply.type === 0 || (type !== ANY && reply.type !== type)) return null;
    const start = xcb_get_property_reply_t.size;
    const bytes = (reply.value_len * reply.format) / 8;
    return {
      type: reply.type,
      format: reply.format as PropertyValue['format'],
      value: Buffer.from(r.bytes.subarray(start, start + bytes)),
    };
  });
}

// DAMAGE and XFixes region requests, one typed wrapper each; both libraries are optional.

import { damageLib, lazily, xfixesLib } from './lib.js';
import type { CookieValue } from './types.js';
import type { XConnection } from './xcb.js';

type Fn = (...args: unknown[]) => CookieValue;

function declare() {
  const damage = damageLib();
  const xfixes = xfixesLib();
  if (!damage || !xfixes) return null;
  const d = (proto: string) => damage.func(proto) as Fn;
  const x = (proto: string) => xfixes.func(proto) as Fn;
  return {
    damageQueryVersion: d(
      'mss_xcb_cookie_t xcb_damage_query_version(void *c, uint32_t major, uint32_t minor)',
    ),
    damageCreate: d(
      'mss_xcb_cookie_t xcb_damage_create_checked(void *c, uint32_t damage, uint32_t drawable, uint8_t level)',
    ),
    damageSubtract: d(
      'mss_xcb_cookie_t xcb_damage_subtract(void *c, uint32_t damage, uint32_t repair, uint32_t parts)',
    ),
    xfixesQueryVersion: x(
      'mss_xcb_cookie_t xcb_xfixes_query_version(void *c, uint32_t major, uint32_t minor)',
    ),
    createRegion: x(
      'mss_xcb_cookie_t xcb_xfixes_create_region_checked(void *c, uint32_t region, uint32_t count, void *rects)',
    ),
    fetchRegion: x('mss_xcb_cookie_t xcb_xfixes_fetch_region(void *c, uint32_t region)'),
  };
}

const lib = lazily(declare);

/** Whether libxcb-damage and libxcb-xfixes could be loaded. */
export const damageAvailable = (): boolean => lib() !== null;

const call = (
  conn: XConnection,
  name: keyof NonNullable<ReturnType<typeof declare>>,
  ...args: unknown[]
) => ((lib() as NonNullable<ReturnType<typeof declare>>)[name] as Fn)(conn.ptr, ...args);

/** DamageQueryVersion (required before other DAMAGE requests): [major, minor]. */
export function damageQueryVersion(conn: XConnection): [number, number] {
  const reply = conn.reply(call(conn, 'damageQueryVersion', 1, 1));
  return [reply.readUInt32LE(8), reply.readUInt32LE(12)];
}

/** XFixesQueryVersion (required before other XFixes requests): [major, minor]. */
export function xfixesQueryVersion(conn: XConnection): [number, number] {
  const reply = conn.reply(call(conn, 'xfixesQueryVersion', 5, 0));
  return [reply.readUInt32LE(8), reply.readUInt32LE(12)];
}

export const DAMAGE_REPORT_NON_EMPTY = 3;

/** DamageCreate (checked). */
export function damageCreate(
  conn: XConnection,
  damage: number,
  drawable: number,
  level: number,
): void {
  conn.check(call(conn, 'damageCreate', damage, drawable, level));
}

/** DamageSubtract with no repair region: moves all damage into `parts` and clears it. */
export function damageSubtractAll(conn: XConnection, damage: number, parts: number): void {
  call(conn, 'damageSubtract', damage, 0, parts);
}

/** XFixesCreateRegion, empty (checked). */
export function xfixesCreateRegion(conn: XConnection, region: number): void {
  conn.check(call(conn, 'createRegion', region, 0, null));
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** XFixesFetchRegion: the region's rectangles. */
export function xfixesFetchRegion(conn: XConnection, region: number): Rect[] {
  const b = conn.reply(call(conn, 'fetchRegion', region));
  const rects: Rect[] = [];
  for (let off = 32; off + 8 <= b.length; off += 8) {
    rects.push({
      x: b.readInt16LE(off),
      y: b.readInt16LE(off + 2),
      width: b.readUInt16LE(off + 4),
      height: b.readUInt16LE(off + 6),
    });
  }
  return rects;
}

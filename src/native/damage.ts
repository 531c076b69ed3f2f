// DAMAGE and XFixes region requests, one typed wrapper each; both libraries are optional.
import { damageLib, lazily, requestFunction, xfixesLib } from './lib.js';
import {
  xcb_damage_query_version_reply_t,
  xcb_rectangle_t,
  xcb_xfixes_fetch_region_reply_t,
  xcb_xfixes_query_version_reply_t,
} from './types.js';
import type { XConnection } from './xcb.js';

function declare() {
  const damage = damageLib();
  const xfixes = xfixesLib();
  if (!damage || !xfixes) return null;
  const d = (prototype: string) => requestFunction(damage, prototype);
  const x = (prototype: string) => requestFunction(xfixes, prototype);
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

const declared = lazily(declare);

/** Whether libxcb-damage and libxcb-xfixes could be loaded. */
export const damageAvailable = (): boolean => declared() !== null;

/** The request functions; callers check damageAvailable() first. */
function lib(): NonNullable<ReturnType<typeof declare>> {
  const functions = declared();
  if (!functions) {
    throw new Error('libxcb-damage or libxcb-xfixes is not loaded: check damageAvailable() first');
  }
  return functions;
}

/** DamageQueryVersion (required before other DAMAGE requests): [major, minor]. */
export function damageQueryVersion(conn: XConnection): [number, number] {
  const { major_version, minor_version } = conn.reply(
    lib().damageQueryVersion(conn.ptr, 1, 1),
    (r) => r.struct(xcb_damage_query_version_reply_t),
  );
  return [major_version, minor_version];
}

/** XFixesQueryVersion (required before other XFixes requests): [major, minor]. */
export function xfixesQueryVersion(conn: XConnection): [number, number] {
  const { major_version, minor_version } = conn.reply(
    lib().xfixesQueryVersion(conn.ptr, 5, 0),
    (r) => r.struct(xcb_xfixes_query_version_reply_t),
  );
  return [major_version, minor_version];
}

export const DAMAGE_REPORT_NON_EMPTY = 3;

/** DamageCreate (checked). */
export function damageCreate(
  conn: XConnection,
  damage: number,
  drawable: number,
  level: number,
): void {
  conn.check(lib().damageCreate(conn.ptr, damage, drawable, level));
}

/** DamageSubtract with no repair region: moves all damage into `parts` and clears it. */
export function damageSubtractAll(conn: XConnection, damage: number, parts: number): void {
  lib().damageSubtract(conn.ptr, damage, 0, parts);
}

/** XFixesCreateRegion, empty (checked). */
export function xfixesCreateRegion(conn: XConnection, region: number): void {
  conn.check(lib().createRegion(conn.ptr, region, 0, null));
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** XFixesFetchRegion: the region's rectangles. */
export function xfixesFetchRegion(conn: XConnection, region: number): Rect[] {
  return conn.reply(lib().fetchRegion(conn.ptr, region), (r) => {
    // `length` counts 4-byte units after the fixed part; a rectangle takes two.
    const { length } = r.struct(xcb_xfixes_fetch_region_reply_t);
    return r.list(xcb_rectangle_t, length / 2);
  });
}

// DAMAGE requests, one typed wrapper each; the library is optional. Damage tracking also needs
// XFixes regions, which src/native/xfixes.ts declares.
import { damageLib, lazily, requestFunction } from './lib.js';
import { xcb_damage_query_version_reply_t } from './types.js';
import type { XConnection } from './xcb.js';
import { xfixesAvailable } from './xfixes.js';

function declare() {
  const damage = damageLib();
  if (!damage) return null;
  const d = (prototype: string) => requestFunction(damage, prototype);
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
  };
}

const declared = lazily(declare);

/** Whether libxcb-damage and libxcb-xfixes could be loaded. */
export const damageAvailable = (): boolean => declared() !== null && xfixesAvailable();

/** The request functions; callers check damageAvailable() first. */
function lib(): NonNullable<ReturnType<typeof declare>> {
  const functions = declared();
  if (!functions) throw new Error('libxcb-damage is not loaded: check damageAvailable() first');
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

// Which rows changed since the last grab, from the DAMAGE extension: a grab then copies only
// those rows into a buffer that already holds the rest. On a still desktop a grab costs one
// round trip instead of a copy of the whole screen.
//
// No change can be missed: DamageSubtract hands the accumulated damage to a region and clears
// it in one request, before the grab's copy. The server runs requests in order, so drawing that
// happens after it is reported by the next grab's subtract, and copied then.

import {
  DAMAGE_REPORT_NON_EMPTY,
  damageAvailable,
  damageCreate,
  damageQueryVersion,
  damageSubtractAll,
} from '../native/damage.js';
import type { XConnection } from '../native/xcb.js';
import { queryExtension } from '../native/xcb.js';
import { xfixesCreateRegion, xfixesFetchRegion, xfixesQueryVersion } from '../native/xfixes.js';
import { ALL, type Band, mergeBands, type Stale } from './bands.js';

export class DamageTracker {
  #first = true;

  private constructor(
    readonly conn: XConnection,
    readonly damage: number,
    readonly region: number,
  ) {}

  /**
   * Why this connection cannot track damage, or null if it can: the libraries, the extensions
   * and their versions, asked without creating anything on the server.
   */
  static problem(conn: XConnection): string | null {
    if (!damageAvailable()) return 'libxcb-damage0 or libxcb-xfixes0 is not installed';
    if (!queryExtension(conn, 'DAMAGE') || !queryExtension(conn, 'XFIXES')) {
      return 'the X server has no DAMAGE or XFIXES extension';
    }
    damageQueryVersion(conn); // required before any other DAMAGE request
    if (xfixesQueryVersion(conn)[0] < 2) return 'the X server has XFIXES older than 2.0';
    return null;
  }

  /** A tracker on the root window; problem() must have found none on this connection. */
  static create(conn: XConnection, root: number): DamageTracker {
    const damage = conn.generateId();
    const region = conn.generateId();
    damageCreate(conn, damage, root, DAMAGE_REPORT_NON_EMPTY);
    xfixesCreateRegion(conn, region);
    return new DamageTracker(conn, damage, region);
  }

  /**
   * Rows damaged since the previous call. The first call reports every row: buffers filled
   * before the tracker existed cannot know what changed since.
   */
  take(): Stale {
    this.conn.checkAlive(); // also drops the DamageNotify events the server sends
    damageSubtractAll(this.conn, this.damage, this.region);
    if (this.#first) {
      this.#first = false;
      return ALL;
    }
    const bands = xfixesFetchRegion(this.conn, this.region).map((r): Band => [r.y, r.y + r.height]);
    return mergeBands([], bands);
  }
}

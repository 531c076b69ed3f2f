// RandR requests, one typed wrapper each; replies are freed inside. The library is optional.

import { lazily, randrLib } from './lib.js';
import type { CookieValue } from './types.js';
import type { XConnection } from './xcb.js';

type Fn = (...args: unknown[]) => unknown;

function declare() {
  const lib = randrLib();
  if (!lib) return null;
  const f = (proto: string) => lib.func(proto) as Fn;
  return {
    queryVersion: f(
      'mss_xcb_cookie_t xcb_randr_query_version(void *c, uint32_t major, uint32_t minor)',
    ),
    getMonitors: f(
      'mss_xcb_cookie_t xcb_randr_get_monitors(void *c, uint32_t window, uint8_t active)',
    ),
    getScreenResourcesCurrent: f(
      'mss_xcb_cookie_t xcb_randr_get_screen_resources_current(void *c, uint32_t window)',
    ),
    getScreenResources: f(
      'mss_xcb_cookie_t xcb_randr_get_screen_resources(void *c, uint32_t window)',
    ),
    getCrtcInfo: f('mss_xcb_cookie_t xcb_randr_get_crtc_info(void *c, uint32_t crtc, uint32_t ts)'),
    getOutputInfo: f(
      'mss_xcb_cookie_t xcb_randr_get_output_info(void *c, uint32_t output, uint32_t ts)',
    ),
    getOutputPrimary: f('mss_xcb_cookie_t xcb_randr_get_output_primary(void *c, uint32_t window)'),
  };
}

const randr = lazily(declare);

/** Whether libxcb-randr could be loaded at all. */
export const randrAvailable = (): boolean => randr() !== null;

const call = (conn: XConnection, cookie: unknown): Buffer => conn.reply(cookie as CookieValue);

/** RRQueryVersion, asking for 1.5: [major, minor] as the server supports. */
export function randrQueryVersion(conn: XConnection): [number, number] {
  const reply = call(conn, randr()?.queryVersion(conn.ptr, 1, 5));
  return [reply.readUInt32LE(8), reply.readUInt32LE(12)];
}

export interface RandrMonitor {
  nameAtom: number;
  primary: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** RRGetMonitors (RandR 1.5), active monitors only. */
export function randrGetMonitors(conn: XConnection, root: number): RandrMonitor[] {
  const b = call(conn, randr()?.getMonitors(conn.ptr, root, 1));
  const monitors: RandrMonitor[] = [];
  let off = 32;
  for (let i = b.readUInt32LE(12); i > 0; i--) {
    monitors.push({
      nameAtom: b.readUInt32LE(off),
      primary: b.readUInt8(off + 4) !== 0,
      x: b.readInt16LE(off + 8),
      y: b.readInt16LE(off + 10),
      width: b.readUInt16LE(off + 12),
      height: b.readUInt16LE(off + 14),
    });
    off += 24 + b.readUInt16LE(off + 6) * 4;
  }
  return monitors;
}

export interface ScreenResources {
  configTimestamp: number;
  crtcs: number[];
}

/** RRGetScreenResourcesCurrent (1.3+) or RRGetScreenResources (1.2): the CRTC list. */
export function randrGetScreenResources(
  conn: XConnection,
  root: number,
  current: boolean,
): ScreenResources {
  const fn = current ? randr()?.getScreenResourcesCurrent : randr()?.getScreenResources;
  const b = call(conn, fn?.(conn.ptr, root));
  const crtcs: number[] = [];
  for (let i = 0; i < b.readUInt16LE(16); i++) crtcs.push(b.readUInt32LE(32 + i * 4));
  return { configTimestamp: b.readUInt32LE(12), crtcs };
}

export interface CrtcInfo {
  x: number;
  y: number;
  width: number;
  height: number;
  outputs: number[];
}

/** RRGetCrtcInfo. */
export function randrGetCrtcInfo(conn: XConnection, crtc: number, timestamp: number): CrtcInfo {
  const b = call(conn, randr()?.getCrtcInfo(conn.ptr, crtc, timestamp));
  const outputs: number[] = [];
  for (let i = 0; i < b.readUInt16LE(28); i++) outputs.push(b.readUInt32LE(32 + i * 4));
  return {
    x: b.readInt16LE(12),
    y: b.readInt16LE(14),
    width: b.readUInt16LE(16),
    height: b.readUInt16LE(18),
    outputs,
  };
}

/** RRGetOutputInfo: only the output's name is used. */
export function randrGetOutputName(conn: XConnection, output: number, timestamp: number): string {
  const b = call(conn, randr()?.getOutputInfo(conn.ptr, output, timestamp));
  const skip = (b.readUInt16LE(26) + b.readUInt16LE(28) + b.readUInt16LE(32)) * 4;
  return b.toString('latin1', 36 + skip, 36 + skip + b.readUInt16LE(34));
}

/** RRGetOutputPrimary (1.3+): the primary output, 0 if none. */
export function randrGetOutputPrimary(conn: XConnection, root: number): number {
  return call(conn, randr()?.getOutputPrimary(conn.ptr, root)).readUInt32LE(8);
}

// RandR requests, one typed wrapper each; replies are freed inside. The library is optional.
import { lazily, type RequestFunction, randrLib, requestFunction } from './lib.js';
import {
  xcb_randr_get_crtc_info_reply_t,
  xcb_randr_get_monitors_reply_t,
  xcb_randr_get_output_info_reply_t,
  xcb_randr_get_output_primary_reply_t,
  xcb_randr_get_screen_resources_current_reply_t,
  xcb_randr_get_screen_resources_reply_t,
  xcb_randr_monitor_info_t,
  xcb_randr_query_version_reply_t,
} from './types.js';
import type { XConnection } from './xcb.js';

function declare() {
  const lib = randrLib();
  if (!lib) return null;
  const f = (prototype: string) => requestFunction(lib, prototype);
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
  } satisfies Record<string, RequestFunction>;
}

const declared = lazily(declare);

/** Whether libxcb-randr could be loaded at all. */
export const randrAvailable = (): boolean => declared() !== null;

/** The request functions; callers check randrAvailable() first. */
function randr(): NonNullable<ReturnType<typeof declare>> {
  const functions = declared();
  if (!functions) throw new Error('libxcb-randr is not loaded: check randrAvailable() first');
  return functions;
}

/** RRQueryVersion, asking for 1.5: [major, minor] as the server supports. */
export function randrQueryVersion(conn: XConnection): [number, number] {
  const { major_version, minor_version } = conn.reply(randr().queryVersion(conn.ptr, 1, 5), (r) =>
    r.struct(xcb_randr_query_version_reply_t),
  );
  return [major_version, minor_version];
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
  return conn.reply(randr().getMonitors(conn.ptr, root, 1), (r) => {
    const { nMonitors } = r.struct(xcb_randr_get_monitors_reply_t);
    const monitors: RandrMonitor[] = [];
    for (let i = 0; i < nMonitors; i++) {
      const m = r.struct(xcb_randr_monitor_info_t);
      r.card32s(m.nOutput); // its outputs
      monitors.push({
        nameAtom: m.name,
        primary: m.primary !== 0,
        x: m.x,
        y: m.y,
        width: m.width,
        height: m.height,
      });
    }
    return monitors;
  });
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
  const read = current
    ? xcb_randr_get_screen_resources_current_reply_t
    : xcb_randr_get_screen_resources_reply_t;
  const request = current ? randr().getScreenResourcesCurrent : randr().getScreenResources;
  return conn.reply(request(conn.ptr, root), (r) => {
    const { config_timestamp, num_crtcs } = r.struct(read);
    return { configTimestamp: config_timestamp, crtcs: r.card32s(num_crtcs) };
  });
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
  return conn.reply(randr().getCrtcInfo(conn.ptr, crtc, timestamp), (r) => {
    const { x, y, width, height, num_outputs } = r.struct(xcb_randr_get_crtc_info_reply_t);
    return { x, y, width, height, outputs: r.card32s(num_outputs) };
  });
}

/** RRGetOutputInfo: only the output's name is used. */
export function randrGetOutputName(conn: XConnection, output: number, timestamp: number): string {
  return conn.reply(randr().getOutputInfo(conn.ptr, output, timestamp), (r) => {
    const info = r.struct(xcb_randr_get_output_info_reply_t);
    r.card32s(info.num_crtcs);
    r.card32s(info.num_modes);
    r.card32s(info.num_clones);
    return r.string8(info.name_len);
  });
}

/** RRGetOutputPrimary (1.3+): the primary output, 0 if none. */
export function randrGetOutputPrimary(conn: XConnection, root: number): number {
  return conn.reply(
    randr().getOutputPrimary(conn.ptr, root),
    (r) => r.struct(xcb_randr_get_output_primary_reply_t).output,
  );
}

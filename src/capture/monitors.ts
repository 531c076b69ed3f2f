// python-mss monitor semantics over RandR: [0] is the whole screen, [1..N] the monitors.

import {
  randrAvailable,
  randrGetCrtcInfo,
  randrGetMonitors,
  randrGetOutputName,
  randrGetOutputPrimary,
  randrGetScreenResources,
  randrQueryVersion,
} from '../native/randr.js';
import type { XConnection } from '../native/xcb.js';
import { getAtomName, queryExtension } from '../native/xcb.js';
import type { Region } from './region.js';

export interface Monitor extends Region {
  /** 0 for the whole screen, 1..N for each monitor. */
  index: number;
  /** The RandR monitor or output name ("HDMI-1"); "all" for index 0, "root" without RandR. */
  name: string;
  primary: boolean;
}

type Area = Omit<Monitor, 'index'>;

/**
 * The primary monitor of `monitors` (as MSS.monitors lists them): the one RandR marks primary,
 * else monitor 1, as desktops treat a display without a primary.
 */
export function primaryOf(monitors: readonly Monitor[]): Monitor {
  return monitors.find((m) => m.index > 0 && m.primary) ?? (monitors[1] as Monitor);
}

/** Monitors from RandR >= 1.5 GetMonitors. */
function fromGetMonitors(conn: XConnection, root: number): Area[] {
  return randrGetMonitors(conn, root).map((m) => ({
    name: m.nameAtom ? getAtomName(conn, m.nameAtom) : '',
    left: m.x,
    top: m.y,
    width: m.width,
    height: m.height,
    primary: m.primary,
  }));
}

/** Monitors from RandR 1.2-1.4: one per CRTC that drives at least one output. */
export function fromCrtcs(conn: XConnection, root: number, minor: number): Area[] {
  const resources = randrGetScreenResources(conn, root, minor >= 3);
  const primary = minor >= 3 ? randrGetOutputPrimary(conn, root) : 0;
  const areas: Area[] = [];
  for (const crtc of resources.crtcs) {
    const info = randrGetCrtcInfo(conn, crtc, resources.configTimestamp);
    const [output] = info.outputs;
    if (output === undefined || info.width === 0) continue;
    areas.push({
      name: randrGetOutputName(conn, output, resources.configTimestamp),
      left: info.x,
      top: info.y,
      width: info.width,
      height: info.height,
      primary: primary !== 0 && info.outputs.includes(primary),
    });
  }
  return areas;
}

function randrAreas(conn: XConnection, root: number): Area[] {
  if (!randrAvailable() || !queryExtension(conn, 'RANDR')) return [];
  const [major, minor] = randrQueryVersion(conn);
  if (major > 1 || minor >= 5) return fromGetMonitors(conn, root);
  if (minor >= 2) return fromCrtcs(conn, root, minor);
  return [];
}

/** Read the monitor list; `screen` is the root window's current geometry. */
export function readMonitors(conn: XConnection, root: number, screen: Region): Monitor[] {
  const whole = { ...screen, left: 0, top: 0 };
  let areas = randrAreas(conn, root);
  if (areas.length === 0) areas = [{ name: 'root', ...whole, primary: true }];
  return [
    { index: 0, name: 'all', ...whole, primary: false },
    ...areas.map((area, i) => ({ index: i + 1, ...area })),
  ];
}

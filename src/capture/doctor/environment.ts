// Checks that need no X server: the session type, the authority file, the pipe size limit.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type Check, check } from './check.js';

/** A Wayland session, from the variables a Wayland desktop sets. */
export function waylandCheck(env: NodeJS.ProcessEnv): Check {
  const signs = [
    env.WAYLAND_DISPLAY ? `WAYLAND_DISPLAY=${env.WAYLAND_DISPLAY}` : '',
    env.XDG_SESSION_TYPE === 'wayland' ? 'XDG_SESSION_TYPE=wayland' : '',
  ].filter(Boolean);
  if (signs.length === 0) return check('Wayland', 'ok', 'not a Wayland session');
  return check(
    'Wayland',
    'warn',
    `a Wayland session (${signs.join(', ')}): through XWayland the root window shows only X11 clients, and other windows come out black`,
    "capture Wayland windows with the desktop's own tool: grim (Sway and other wlroots desktops), gnome-screenshot or spectacle, or the xdg-desktop-portal Screenshot API",
  );
}

/** Where the X authority cookie is read from, for a display that refused the connection. */
export function xauthorityCheck(env: NodeJS.ProcessEnv): Check {
  const fix =
    'point XAUTHORITY at the authority file of the session that owns the display (xauth list shows its cookies), or allow this user with xhost +SI:localuser:$USER from inside that session';
  const path = env.XAUTHORITY || join(env.HOME || homedir(), '.Xauthority');
  const source = env.XAUTHORITY ? `XAUTHORITY=${path}` : `XAUTHORITY is unset, so ${path}`;
  const state = existsSync(path) ? 'exists' : 'does not exist';
  return check('XAUTHORITY', 'info', `${source} ${state}`, fix);
}

/** /proc/sys/fs/pipe-max-size: the largest buffer a pipe can be given; null if unreadable. */
export function readPipeMaxSize(file = PIPE_MAX_SIZE): number | null {
  try {
    const bytes = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isFinite(bytes) ? bytes : null;
  } catch {
    return null; // not Linux, or no /proc
  }
}

const PIPE_MAX_SIZE = '/proc/sys/fs/pipe-max-size';
/** The pipe size at which raw 1080p frames stop waiting on the pipe (see --fps). */
const WANTED_PIPE_SIZE = 1024 * 1024;

/** Whether raw frames streamed to a pipe can use a pipe buffer large enough not to wait on it. */
export function pipeSizeCheck(bytes: number | null): Check {
  if (bytes === null) return check('pipe size', 'info', `${PIPE_MAX_SIZE} cannot be read`);
  if (bytes >= WANTED_PIPE_SIZE) {
    return check('pipe size', 'ok', `raw streams to a pipe may use up to ${kib(bytes)} of buffer`);
  }
  return check(
    'pipe size',
    'warn',
    `pipes may hold at most ${kib(bytes)} (fs.pipe-max-size): raw streams to a pipe are slower than with ${kib(WANTED_PIPE_SIZE)}`,
    `sysctl -w fs.pipe-max-size=${WANTED_PIPE_SIZE} (as root)`,
  );
}

const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

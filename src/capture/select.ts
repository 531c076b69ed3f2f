// Interactive selection, as scrot -s and maim -s do it: the pointer and keyboard are grabbed,
// a drag draws a rectangle's outline on the root window (inverted pixels, over every window),
// a click takes the window under the pointer, Escape or the right button cancels.
//
// The outline is drawn with GXinvert, so drawing it a second time restores every pixel: it is
// erased before the function returns, and a grab made afterwards on the same connection comes
// after the erasing in the server's queue, so it never shows in the picture.

import { setTimeout as sleep } from 'node:timers/promises';
import {
  createFontCursor,
  createGcWith,
  drawRectangle,
  freeCursor,
  freeGc,
  GX_INVERT,
  SUBWINDOW_MODE_INCLUDE_INFERIORS,
  XC_CROSSHAIR,
} from '../native/draw.js';
import {
  BUTTON_PRESS,
  BUTTON_RELEASE,
  EVENT_MASK_BUTTON_PRESS,
  EVENT_MASK_BUTTON_RELEASE,
  EVENT_MASK_POINTER_MOTION,
  GRAB_STATUS,
  getKeyboardMapping,
  grabKeyboard,
  grabPointer,
  type InputEvent,
  inputEventOf,
  KEY_PRESS,
  MOTION_NOTIFY,
  ungrabKeyboard,
  ungrabPointer,
  warpPointerBy,
} from '../native/input.js';
import { translateOrigin } from '../native/windows.js';
import { getGeometry, type XConnection } from '../native/xcb.js';
import { ScreenShotError } from './errors.js';
import { intersect, type Region } from './region.js';
import { booleanOption, invalidOption, isDefined, optionsOf } from './validate.js';
import { clientWindow } from './windows.js';

export interface SelectOptions {
  /** Cancels the selection (it then resolves null). */
  signal?: AbortSignal | undefined;
  /** Called once the pointer and keyboard are grabbed: the user can start. */
  onReady?: (() => void) | undefined;
  /** A click takes the window with its border (and, under a window manager, its frame). */
  frame?: boolean | undefined;
}

const SELECT_OPTIONS = ['signal', 'onReady', 'frame'] as const;

/**
 * @internal `options` checked: only known keys, each of the right type.
 * @throws ScreenShotError (kind `argument`) naming the option, the value and what is expected.
 */
export function checkSelectOptions(options: unknown): SelectOptions {
  const given = optionsOf(options, 'SelectOptions', SELECT_OPTIONS);
  if (isDefined(given.signal) && !(given.signal instanceof AbortSignal)) {
    throw invalidOption('signal', 'AbortSignal', given.signal);
  }
  if (isDefined(given.onReady) && typeof given.onReady !== 'function') {
    throw invalidOption('onReady', 'function', given.onReady);
  }
  return {
    signal: given.signal as AbortSignal | undefined,
    onReady: given.onReady as (() => void) | undefined,
    frame: booleanOption('frame', given.frame),
  };
}

const LEFT_BUTTON = 1;
const RIGHT_BUTTON = 3;
const SHIFT_MASK = 1;
const XK_ESCAPE = 0xff1b;
/** XK_Left, XK_Up, XK_Right, XK_Down: the pointer moves by one pixel (ten with Shift). */
const ARROWS: Record<number, [number, number]> = {
  65361: [-1, 0],
  65362: [0, -1],
  65363: [1, 0],
  65364: [0, 1],
};
/** How often the event queue is read: often enough that the outline follows the pointer. */
const POLL_MS = 4;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const rectBetween = (x0: number, y0: number, x1: number, y1: number): Rect => ({
  x: Math.min(x0, x1),
  y: Math.min(y0, y1),
  width: Math.abs(x1 - x0),
  height: Math.abs(y1 - y0),
});

/** `r` cut to `screen`; null if nothing of it is on the screen. */
const clip = (r: Rect, screen: Region): Region | null =>
  intersect({ left: r.x, top: r.y, width: r.width, height: r.height }, screen);

/**
 * The area of the window a click picked, `top` being the child of the root under the pointer:
 * the client window inside its border, or with `frame`, `top` with its border (under a window
 * manager `top` is the frame it draws, decorations and all).
 */
function windowArea(conn: XConnection, top: number, screen: Region, frame: boolean): Region {
  let rect: Rect;
  if (frame) {
    const g = getGeometry(conn, top);
    const border = 2 * g.borderWidth;
    rect = { x: g.x, y: g.y, width: g.width + border, height: g.height + border };
  } else {
    const client = clientWindow(conn, top);
    const { width, height } = getGeometry(conn, client);
    const corner = translateOrigin(conn, client, conn.screen.root);
    rect = { ...corner, width, height };
  }
  return clip(rect, screen) ?? screen;
}

/**
 * Let the user select an area of the screen: drag with the left button for a rectangle, or
 * click for the window under the pointer (the whole screen if there is none). Arrow keys move
 * the pointer by a pixel, ten with Shift. Resolves null when cancelled: Escape, the right
 * button, or `signal`.
 * @throws ScreenShotError (kind `capture`) when another client has grabbed the pointer or the
 * keyboard.
 */
export async function selectRegion(
  conn: XConnection,
  screen: Region,
  options: SelectOptions = {},
): Promise<Region | null> {
  const root = conn.screen.root;
  const cursor = conn.generateId();
  createFontCursor(conn, cursor, XC_CROSSHAIR);
  const gc = conn.generateId();
  let drawn: Rect | null = null;
  let pointerGrabbed = false;
  let keyboardGrabbed = false;
  const outline = (rect: Rect | null) => {
    if (drawn) drawRectangle(conn, root, gc, drawn); // erases it
    drawn = rect && rect.width > 0 && rect.height > 0 ? rect : null;
    if (drawn) drawRectangle(conn, root, gc, drawn);
  };
  try {
    createGcWith(conn, gc, root, {
      function: GX_INVERT,
      lineWidth: 0,
      subwindowMode: SUBWINDOW_MODE_INCLUDE_INFERIORS,
    });
    const mask = EVENT_MASK_BUTTON_PRESS | EVENT_MASK_BUTTON_RELEASE | EVENT_MASK_POINTER_MOTION;
    const pointer = grabPointer(conn, root, mask, cursor);
    if (pointer !== 0) throw grabRefused('pointer', pointer);
    pointerGrabbed = true;
    const keyboard = grabKeyboard(conn, root);
    if (keyboard !== 0) throw grabRefused('keyboard', keyboard);
    keyboardGrabbed = true;
    options.onReady?.();

    let keysyms: number[][] | undefined;
    const keysymOf = (keycode: number) => {
      const { minKeycode, maxKeycode } = conn.setup;
      keysyms ??= getKeyboardMapping(conn, minKeycode, maxKeycode);
      return keysyms[keycode - minKeycode]?.[0] ?? 0;
    };
    let start: { x: number; y: number } | null = null;
    const handle = (e: InputEvent): Region | null | undefined => {
      if (e.type === KEY_PRESS) {
        const keysym = keysymOf(e.detail);
        if (keysym === XK_ESCAPE) return null;
        const step = ARROWS[keysym];
        const by = e.state & SHIFT_MASK ? 10 : 1;
        if (step) warpPointerBy(conn, step[0] * by, step[1] * by);
      } else if (e.type === BUTTON_PRESS) {
        if (e.detail === RIGHT_BUTTON) return null;
        if (e.detail === LEFT_BUTTON) start = { x: e.x, y: e.y };
      } else if (e.type === MOTION_NOTIFY && start) {
        outline(rectBetween(start.x, start.y, e.x, e.y));
      } else if (e.type === BUTTON_RELEASE && e.detail === LEFT_BUTTON && start) {
        const rect = rectBetween(start.x, start.y, e.x, e.y);
        if (rect.width > 0 && rect.height > 0) return clip(rect, screen) ?? screen;
        return e.child ? windowArea(conn, e.child, screen, Boolean(options.frame)) : screen;
      }
      return undefined;
    };
    for (;;) {
      for (let bytes = conn.pollEvent(); bytes; bytes = conn.pollEvent()) {
        const event = inputEventOf(bytes);
        const outcome = event ? handle(event) : undefined;
        if (outcome !== undefined) return outcome;
      }
      conn.flush();
      if (options.signal?.aborted) return null;
      await sleep(POLL_MS);
    }
  } finally {
    if (!conn.closed && conn.connectionError() === 0) {
      outline(null);
      if (keyboardGrabbed) ungrabKeyboard(conn);
      if (pointerGrabbed) ungrabPointer(conn);
      freeGc(conn, gc);
      freeCursor(conn, cursor);
      // A round trip: the server has erased the outline before this returns, so that no
      // client (the caller's next grab, another program) can see it afterwards.
      getGeometry(conn, root);
    }
  }
}

function grabRefused(device: 'pointer' | 'keyboard', status: number): ScreenShotError {
  const why = GRAB_STATUS[status] ?? `status ${status}`;
  const who =
    status === 1 ? `another client has grabbed the ${device}` : `the ${device} cannot be grabbed`;
  return new ScreenShotError(
    `cannot select an area: ${who} (Grab${device === 'pointer' ? 'Pointer' : 'Keyboard'}: ${why})`,
    'capture',
  );
}

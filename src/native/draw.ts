// Core drawing requests, one typed wrapper each: graphics contexts with values, rectangle
// outlines, and the glyph cursors of the standard cursor font.
import { requestFunction, xcbLib } from './lib.js';
import { xcb_rectangle_t } from './types.js';
import type { XConnection } from './xcb.js';

const lib = xcbLib();
const xcb_create_gc = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_create_gc_checked(void *c, uint32_t gc, uint32_t drawable, uint32_t mask, const uint32_t *values)',
);
const xcb_free_gc = requestFunction(lib, 'mss_xcb_cookie_t xcb_free_gc(void *c, uint32_t gc)');
// Declares xcb_rectangle_t to koffi (as mss_xcb_rectangle_t) before the prototype naming it.
void xcb_rectangle_t.type;
const xcb_poly_rectangle = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_poly_rectangle(void *c, uint32_t drawable, uint32_t gc, uint32_t rectangles_len, const mss_xcb_rectangle_t *rectangles)',
);
const xcb_open_font = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_open_font_checked(void *c, uint32_t fid, uint16_t name_len, const char *name)',
);
const xcb_close_font = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_close_font(void *c, uint32_t font)',
);
const xcb_create_glyph_cursor = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_create_glyph_cursor_checked(void *c, uint32_t cid, uint32_t source_font, uint32_t mask_font, uint16_t source_char, uint16_t mask_char, uint16_t fore_red, uint16_t fore_green, uint16_t fore_blue, uint16_t back_red, uint16_t back_green, uint16_t back_blue)',
);
const xcb_free_cursor = requestFunction(
  lib,
  'mss_xcb_cookie_t xcb_free_cursor(void *c, uint32_t cursor)',
);

/** GC functions (GXinvert: each pixel drawn becomes its complement, and twice restores it). */
export const GX_INVERT = 10;
/** Subwindow mode IncludeInferiors: drawing on the root shows over the windows on it. */
export const SUBWINDOW_MODE_INCLUDE_INFERIORS = 1;

export interface GcValues {
  function?: number;
  lineWidth?: number;
  subwindowMode?: number;
}

/** Each value's bit in CreateGC's value mask; the values go in the order of the bits. */
const GC_BITS: [keyof GcValues, number][] = [
  ['function', 0x1],
  ['lineWidth', 0x10],
  ['subwindowMode', 0x8000],
];

/** CreateGC (checked) with `values`; the others keep their defaults. */
export function createGcWith(
  conn: XConnection,
  gc: number,
  drawable: number,
  values: GcValues,
): void {
  let mask = 0;
  const list: number[] = [];
  for (const [key, bit] of GC_BITS) {
    const value = values[key];
    if (value === undefined) continue;
    mask |= bit;
    list.push(value);
  }
  conn.check(xcb_create_gc(conn.ptr, gc, drawable, mask, list));
}

/** FreeGC (unchecked). */
export function freeGc(conn: XConnection, gc: number): void {
  xcb_free_gc(conn.ptr, gc);
}

/**
 * PolyRectangle of one outline (unchecked): its pixels run from x,y to x+width,y+height
 * inclusive, and none is drawn twice, so drawing it again with GXinvert erases it exactly.
 */
export function drawRectangle(
  conn: XConnection,
  drawable: number,
  gc: number,
  rect: { x: number; y: number; width: number; height: number },
): void {
  xcb_poly_rectangle(conn.ptr, drawable, gc, 1, rect);
}

/** The crosshair of the standard cursor font (X11/cursorfont.h: XC_crosshair). */
export const XC_CROSSHAIR = 34;

/**
 * A glyph cursor from the server's "cursor" font: `glyph` drawn black on white, its mask the
 * next glyph (as Xlib's XCreateFontCursor does). The font is closed again; the cursor keeps it.
 */
export function createFontCursor(conn: XConnection, cursor: number, glyph: number): void {
  const font = conn.generateId();
  conn.check(xcb_open_font(conn.ptr, font, 'cursor'.length, 'cursor'));
  try {
    conn.check(
      xcb_create_glyph_cursor(
        conn.ptr,
        cursor,
        font,
        font,
        glyph,
        glyph + 1,
        0,
        0,
        0,
        0xffff,
        0xffff,
        0xffff,
      ),
    );
  } finally {
    xcb_close_font(conn.ptr, font);
  }
}

/** FreeCursor (unchecked). */
export function freeCursor(conn: XConnection, cursor: number): void {
  xcb_free_cursor(conn.ptr, cursor);
}

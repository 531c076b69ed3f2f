// A pointer of known pixels on a test's X server, defined through the project's own bindings
// (RENDER CreateCursor from an ARGB32 picture), and moved with xdotool (XTEST), as a user would.
import { execFileSync } from 'node:child_process';
import {
  PICT_OP_OVER,
  type PictFormat,
  renderComposite,
  renderCreateCursor,
  renderCreatePicture,
  renderDirectFormats,
  renderFreePicture,
  renderQueryVersion,
} from '../../src/native/render.js';
import {
  createGc,
  createPixmap,
  freeCursor,
  freePixmap,
  putImage,
  queryExtension,
  setWindowCursor,
  XConnection,
} from '../../src/native/xcb.js';

/** An ARGB32 image (0xAARRGGBB, premultiplied, as RENDER defines it) and its hotspot. */
export interface PointerImage {
  width: number;
  height: number;
  xhot: number;
  yhot: number;
  argb: Uint32Array;
}

const channels = (f: PictFormat) => [f.alpha, f.red, f.green, f.blue].flat().join();

/** The direct format of `depth` with the channels of 0xAARRGGBB (alpha mask 0: none). */
function formatOf(conn: XConnection, depth: number, alphaMask: number): number {
  const wanted = [alphaMask ? 24 : 0, alphaMask, 16, 255, 8, 255, 0, 255].join();
  const format = renderDirectFormats(conn).find((f) => f.depth === depth && channels(f) === wanted);
  if (!format) throw new Error(`the X server has no ${depth}-bit RENDER format like 0xAARRGGBB`);
  return format.id;
}

/** A RENDER picture of `image` on a pixmap of depth 32; the caller frees it. */
function argbPicture(conn: XConnection, image: PointerImage): number {
  const { width, height, argb } = image;
  const root = conn.screen.root;
  const pixmap = conn.generateId();
  createPixmap(conn, 32, pixmap, root, width, height);
  try {
    const gc = conn.generateId();
    createGc(conn, gc, pixmap);
    // ZPixmap, 32 bits per pixel in the client's byte order: the Uint32Array's own bytes.
    const bytes = Buffer.from(argb.buffer, argb.byteOffset, argb.byteLength);
    putImage(conn, pixmap, gc, 0, 0, width, height, 32, bytes);
    const picture = conn.generateId();
    renderCreatePicture(conn, picture, pixmap, formatOf(conn, 32, 255));
    return picture;
  } finally {
    freePixmap(conn, pixmap); // the picture keeps it
  }
}

function withRender<T>(display: string, use: (conn: XConnection) => T): T {
  const conn = new XConnection(display);
  try {
    if (!queryExtension(conn, 'RENDER')) throw new Error('the X server has no RENDER extension');
    renderQueryVersion(conn);
    return use(conn);
  } finally {
    conn.close();
  }
}

/**
 * Make `image` the pointer's shape over the root window (RENDER CreateCursor, then
 * ChangeWindowAttributes). The root window keeps the cursor after this client leaves.
 */
export function setRootPointer(display: string, image: PointerImage): void {
  withRender(display, (conn) => {
    const picture = argbPicture(conn, image);
    const cursor = conn.generateId();
    try {
      renderCreateCursor(conn, cursor, picture, image.xhot, image.yhot);
    } finally {
      renderFreePicture(conn, picture);
    }
    setWindowCursor(conn, conn.screen.root, cursor);
    freeCursor(conn, cursor);
  });
}

/**
 * Draw `image` onto the root window at x,y with RENDER's Over operator: the X server's own
 * blending of the same premultiplied pixels.
 */
export function compositeOnRoot(display: string, image: PointerImage, x: number, y: number): void {
  withRender(display, (conn) => {
    const source = argbPicture(conn, image);
    const root = conn.generateId();
    renderCreatePicture(conn, root, conn.screen.root, formatOf(conn, 24, 0));
    try {
      renderComposite(conn, PICT_OP_OVER, source, root, x, y, image.width, image.height);
    } finally {
      renderFreePicture(conn, root);
      renderFreePicture(conn, source);
    }
  });
}

/** RENDER's Over for a premultiplied source: src + dst * (1 - alpha), rounded, at most 255. */
export const over = (src: number, dst: number, alpha: number): number =>
  Math.min(255, src + Math.round((dst * (255 - alpha)) / 255));

/** What python-mss does: the source taken as straight (not premultiplied) alpha. */
export const straightOver = (src: number, dst: number, alpha: number): number =>
  Math.round((src * alpha + dst * (255 - alpha)) / 255);

/**
 * `bgrx` (the BGRX bytes of an area, `width` pixels a row, changed in place and returned) with
 * `image` blended in, its hotspot at x,y relative to the area, by `blend` for each channel.
 */
export function blendPointer(
  bgrx: Buffer,
  width: number,
  image: PointerImage,
  x: number,
  y: number,
  blend = over,
): Buffer {
  const height = bgrx.length / 4 / width;
  for (let iy = 0; iy < image.height; iy++) {
    for (let ix = 0; ix < image.width; ix++) {
      const sx = x - image.xhot + ix;
      const sy = y - image.yhot + iy;
      if (sx < 0 || sy < 0 || sx >= width || sy >= height) continue;
      const p = image.argb[iy * image.width + ix] as number;
      const a = p >>> 24;
      const i = (sy * width + sx) * 4;
      bgrx[i] = blend(p & 0xff, bgrx[i] as number, a);
      bgrx[i + 1] = blend((p >>> 8) & 0xff, bgrx[i + 1] as number, a);
      bgrx[i + 2] = blend((p >>> 16) & 0xff, bgrx[i + 2] as number, a);
    }
  }
  return bgrx;
}

/** Move the pointer to x,y (xdotool: XTEST, as real input arrives), and wait until it is there. */
export function movePointer(display: string, x: number, y: number): void {
  execFileSync('xdotool', ['mousemove', '--sync', String(x), String(y)], {
    env: { ...process.env, DISPLAY: display },
  });
}

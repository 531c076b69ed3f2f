// Known pixels on the root window, drawn with PutImage through the project's own xcb bindings
// (tests, benchmarks and the demo paint the screen with it).
import { createGc, putImage, XConnection } from '../src/native/xcb.js';

/** A deterministic BGRX pattern (padding byte 0) that differs at every pixel of a 1080p screen. */
export function pattern(width: number, height: number, seed = 1): Buffer {
  const b = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      b[i] = (x * 7 + seed) & 0xff;
      b[i + 1] = (y * 13 + (x >> 8) * 31 + seed) & 0xff;
      b[i + 2] = ((x ^ y) + (y >> 8) * 17 + seed * 3) & 0xff;
    }
  }
  return b;
}

/** The BGRX bytes of `area` cut out of a full-width image. */
export function cut(
  image: Buffer,
  imageWidth: number,
  area: { left: number; top: number; width: number; height: number },
): Buffer {
  const rows: Buffer[] = [];
  for (let y = area.top; y < area.top + area.height; y++) {
    const start = (y * imageWidth + area.left) * 4;
    rows.push(image.subarray(start, start + area.width * 4));
  }
  return Buffer.concat(rows);
}

/** Draw BGRX `pixels` (width x height) at x,y on the root window of `display`. */
export function paint(
  display: string,
  x: number,
  y: number,
  width: number,
  height: number,
  pixels: Buffer,
): void {
  const conn = new XConnection(display);
  try {
    const { root, rootDepth } = conn.screen;
    const gc = conn.generateId();
    createGc(conn, gc, root);
    // Strips well under the core request limit (256 KiB) so no BIG-REQUESTS is needed.
    const rows = Math.max(1, Math.floor(200_000 / (width * 4)));
    for (let top = 0; top < height; top += rows) {
      const h = Math.min(rows, height - top);
      const strip = pixels.subarray(top * width * 4, (top + h) * width * 4);
      putImage(conn, root, gc, x, y + top, width, h, rootDepth, strip);
    }
  } finally {
    conn.close();
  }
}

/** Paint a picture file (PNG, JPEG...) at the top-left of the root window; returns its size. */
export async function paintPicture(
  display: string,
  file: string,
): Promise<{ width: number; height: number }> {
  const { default: sharp } = await import('sharp');
  const { data, info } = await sharp(file)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const bgrx = Buffer.alloc(info.width * info.height * 4);
  for (let i = 0, o = 0; i < data.length; i += 3, o += 4) {
    bgrx[o] = data[i + 2] as number;
    bgrx[o + 1] = data[i + 1] as number;
    bgrx[o + 2] = data[i] as number;
  }
  paint(display, 0, 0, info.width, info.height, bgrx);
  return { width: info.width, height: info.height };
}

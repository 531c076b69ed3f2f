// mss-ts hands out the server's bytes as they are, so it must know they are BGRX before it starts.

import type { Screen, Setup } from '../native/xcb.js';
import { ScreenShotError } from './errors.js';

const LSB_FIRST = 0;
const TRUE_COLOR = 4;
const DIRECT_COLOR = 5;
const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

/** Throws a ScreenShotError naming what the server has when its images are not BGRX. */
export function checkPixelFormat(setup: Setup, screen: Screen): void {
  const unsupported = (what: string) =>
    new ScreenShotError(`${what}; mss-ts needs 24- or 32-bit TrueColor (BGRX) images`, 'display');
  if (setup.imageByteOrder !== LSB_FIRST) throw unsupported('the X server sends MSB-first images');
  const depth = screen.rootDepth;
  if (depth !== 24 && depth !== 32) {
    throw new ScreenShotError(
      `depth ${depth} is not supported; mss-ts needs depth 24 or 32`,
      'display',
    );
  }
  const format = setup.pixmapFormats.find((f) => f.depth === depth);
  if (format?.bitsPerPixel !== 32 || format.scanlinePad !== 32) {
    const got = format ? `${format.bitsPerPixel} bits per pixel` : 'no pixmap format';
    throw unsupported(`depth ${depth} has ${got}`);
  }
  const visual = screen.rootVisual;
  if (!visual || (visual.visualClass !== TRUE_COLOR && visual.visualClass !== DIRECT_COLOR)) {
    throw unsupported(`the root visual is of class ${visual?.visualClass ?? 'unknown'}`);
  }
  if (visual.redMask !== 0xff0000 || visual.greenMask !== 0xff00 || visual.blueMask !== 0xff) {
    throw unsupported(
      `the root visual has masks R=${hex(visual.redMask)} G=${hex(visual.greenMask)} B=${hex(visual.blueMask)}`,
    );
  }
}

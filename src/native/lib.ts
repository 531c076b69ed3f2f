// The only place that loads native libraries: everything else asks this module for a handle.
import koffi from 'koffi';
import { ScreenShotError } from '../capture/errors.js';
import { libcCandidates } from './libc-name.js';
import type { CookieValue, Pointer } from './types.js';
// Declares mss_xcb_cookie_t, the struct that the prototypes of every request function name.
import './types.js';

type Library = ReturnType<typeof koffi.load>;

const DEBIAN_PACKAGE: Record<string, string> = {
  'libxcb.so.1': 'libxcb1',
  'libxcb-shm.so.0': 'libxcb-shm0',
  'libxcb-randr.so.0': 'libxcb-randr0',
  'libxcb-xfixes.so.0': 'libxcb-xfixes0',
  'libxcb-damage.so.0': 'libxcb-damage0',
  'libxcb-composite.so.0': 'libxcb-composite0',
  'libxcb-render.so.0': 'libxcb-render0',
  'libz.so.1': 'zlib1g',
};

const loaded = new Map<string, { lib: Library | null; cause?: unknown }>();

/**
 * The library `soname`, loaded once. `required`: true, or what needs it (a sentence's subject,
 * "drawing the pointer"), makes a missing library an error naming its Debian package; otherwise
 * a missing one is null.
 */
function load(soname: string, required: boolean | string): Library | null {
  let entry = loaded.get(soname);
  if (!entry) {
    try {
      entry = { lib: koffi.load(soname) };
    } catch (cause) {
      entry = { lib: null, cause };
    }
    loaded.set(soname, entry);
  }
  if (entry.lib === null && required !== false) {
    const pkg = DEBIAN_PACKAGE[soname] ?? soname;
    const needs = typeof required === 'string' ? `, which ${required} needs` : '';
    throw new ScreenShotError(
      `cannot load ${soname}${needs}: install it (Debian/Ubuntu: apt-get install ${pkg})`,
      'display',
      { cause: entry.cause },
    );
  }
  return entry.lib;
}

/** libxcb itself (required). */
export const xcbLib = (): Library => load('libxcb.so.1', true) as Library;
/** MIT-SHM client library (required: mss-ts is built around it). */
export const shmLib = (): Library => load('libxcb-shm.so.0', true) as Library;
/** RandR client library (optional: without it the root window is monitor 1). */
export const randrLib = (): Library | null => load('libxcb-randr.so.0', false);
/**
 * XFixes client library: optional for damage tracking (which reads the changed area with it);
 * `neededFor` names a feature that cannot do without it, making its absence an error.
 */
export const xfixesLib = (neededFor?: string): Library | null =>
  load('libxcb-xfixes.so.0', neededFor ?? false);
/** DAMAGE client library (optional: without it every grab copies every pixel). */
export const damageLib = (): Library | null => load('libxcb-damage.so.0', false);
/** Composite client library (required once a window is captured through Composite). */
export const compositeLib = (): Library =>
  load('libxcb-composite.so.0', 'capturing a window through Composite') as Library;
/** RENDER client library (tests define a pointer of known pixels with it). */
export const renderLib = (): Library =>
  load('libxcb-render.so.0', 'defining a cursor from an ARGB picture') as Library;
/** zlib, for the Adler-32 of PNG data (optional: node:zlib can compute it, more slowly). */
export const libz = (): Library | null => load('libz.so.1', false);
/**
 * The C library, for memfd, mmap and free: the first of libcCandidates() that loads.
 * @throws ScreenShotError naming every name tried.
 */
export const libc = lazily((): Library => {
  const tried = libcCandidates();
  for (const name of tried) {
    const lib = load(name, false);
    if (lib) return lib;
  }
  throw new ScreenShotError(`cannot load the C library: tried ${tried.join(', ')}`, 'display');
});

/** `make()` once, on first use: optional bindings are declared only when a request needs them. */
export function lazily<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => {
    value ??= { made: make() };
    return value.made;
  };
}

/** An xcb request function: the connection first, the request's cookie back. */
export type RequestFunction = (c: Pointer, ...args: unknown[]) => CookieValue;

/** Declare a request function of `lib` from its C prototype (which returns mss_xcb_cookie_t). */
export const requestFunction = (lib: Library, prototype: string): RequestFunction =>
  lib.func(prototype) as RequestFunction;

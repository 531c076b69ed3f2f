// Real windows with known pixels, for tests and benchmarks, made through the project's own xcb
// bindings. Each window's background is a pixmap holding its picture: the X server itself
// repaints it whenever it is exposed (after being covered, moved or redirected), so no client
// has to redraw it.

import { internAtom } from '../src/native/properties.js';
import {
  changeProperty,
  configureWindow,
  createPixmap,
  createWindow,
  destroyWindow,
  freePixmap,
  mapWindow,
  reparentWindow,
  setInputFocus,
  unmapWindow,
} from '../src/native/windows.js';
import { createGc, putImage, XConnection } from '../src/native/xcb.js';

export interface WindowSpec {
  x: number;
  y: number;
  width: number;
  height: number;
  /** BGRX, width * height * 4 bytes; a flat grey when absent. */
  pixels?: Buffer;
  name?: string;
  /** Set as WM_NAME only (Latin-1), not _NET_WM_NAME. */
  legacyName?: string;
  wmClass?: [string, string];
  overrideRedirect?: boolean;
  border?: number;
  parent?: number;
  /** Mark it as a client window, as a window manager does (WM_STATE Normal). */
  managed?: boolean;
  /** Leave it unmapped. */
  unmapped?: boolean;
}

/** A BGRX picture where every pixel of a window up to 4096 wide differs from its neighbours. */
export function windowPicture(width: number, height: number, seed: number): Buffer {
  const b = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      b[i] = (x * 3 + seed * 40) & 0xff;
      b[i + 1] = (y * 5 + seed * 70) & 0xff;
      b[i + 2] = ((x + y) * 2 + seed * 90 + (x >> 8) * 13) & 0xff;
    }
  }
  return b;
}

/** One client connection that owns test windows: they vanish when it closes. */
export class TestWindows implements Disposable {
  readonly conn: XConnection;

  constructor(display: string) {
    this.conn = new XConnection(display);
  }

  get root(): number {
    return this.conn.screen.root;
  }

  atom(name: string): number {
    return internAtom(this.conn, name);
  }

  /** Create a window with `spec`'s picture as its background, named and mapped as asked. */
  create(spec: WindowSpec): number {
    const { conn } = this;
    const { width, height } = spec;
    const depth = conn.screen.rootDepth;
    const pixels = spec.pixels ?? Buffer.alloc(width * height * 4, 0x80);
    const pixmap = conn.generateId();
    createPixmap(conn, pixmap, this.root, depth, width, height);
    const gc = conn.generateId();
    createGc(conn, gc, pixmap);
    const rows = Math.max(1, Math.floor(200_000 / (width * 4)));
    for (let top = 0; top < height; top += rows) {
      const h = Math.min(rows, height - top);
      const strip = pixels.subarray(top * width * 4, (top + h) * width * 4);
      putImage(conn, pixmap, gc, 0, top, width, h, depth, strip);
    }
    const id = conn.generateId();
    createWindow(
      conn,
      id,
      spec.parent ?? this.root,
      { x: spec.x, y: spec.y, width, height, border: spec.border ?? 0 },
      { background: pixmap, overrideRedirect: spec.overrideRedirect ?? false },
    );
    freePixmap(conn, pixmap); // the window keeps its own reference
    if (spec.name !== undefined) this.setName(id, spec.name);
    if (spec.legacyName !== undefined) {
      changeProperty(
        conn,
        id,
        this.atom('WM_NAME'),
        this.atom('STRING'),
        8,
        Buffer.from(spec.legacyName, 'latin1'),
      );
    }
    if (spec.wmClass) {
      const value = Buffer.from(`${spec.wmClass[0]}\0${spec.wmClass[1]}\0`, 'latin1');
      changeProperty(conn, id, this.atom('WM_CLASS'), this.atom('STRING'), 8, value);
    }
    if (spec.managed) {
      const state = this.atom('WM_STATE');
      changeProperty(conn, id, state, state, 32, Buffer.from(new Uint32Array([1, 0]).buffer));
    }
    if (!spec.unmapped) mapWindow(conn, id);
    return id;
  }

  /** _NET_WM_NAME (UTF-8). */
  setName(id: number, name: string): void {
    changeProperty(
      this.conn,
      id,
      this.atom('_NET_WM_NAME'),
      this.atom('UTF8_STRING'),
      8,
      Buffer.from(name),
    );
  }

  move(id: number, x: number, y: number): void {
    configureWindow(this.conn, id, { x, y });
  }

  resize(id: number, width: number, height: number): void {
    configureWindow(this.conn, id, { width, height });
  }

  raise(id: number): void {
    configureWindow(this.conn, id, { raise: true });
  }

  map(id: number): void {
    mapWindow(this.conn, id);
  }

  unmap(id: number): void {
    unmapWindow(this.conn, id);
  }

  destroy(id: number): void {
    destroyWindow(this.conn, id);
  }

  reparent(id: number, parent: number, x: number, y: number): void {
    reparentWindow(this.conn, id, parent, x, y);
  }

  focus(id: number): void {
    setInputFocus(this.conn, id);
  }

  /** _NET_ACTIVE_WINDOW on the root, as a window manager sets it (0 removes the claim). */
  setActive(id: number): void {
    changeProperty(
      this.conn,
      this.root,
      this.atom('_NET_ACTIVE_WINDOW'),
      this.atom('WINDOW'),
      32,
      Buffer.from(new Uint32Array([id]).buffer),
    );
  }

  [Symbol.dispose](): void {
    this.conn.close();
  }
}

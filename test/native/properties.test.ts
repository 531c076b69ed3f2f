// InternAtom and GetProperty against a real server, with xprop (x11-utils) setting values.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProperty, internAtom } from '../../src/native/properties.js';
import { XConnection } from '../../src/native/xcb.js';
import { useScreen } from '../helpers/screen.js';

const screen = useScreen(64, 64);
let conn: XConnection;
beforeAll(() => {
  conn = new XConnection(screen.xvfb.display);
});
afterAll(() => conn?.close());

const xprop = (...args: string[]) =>
  execFileSync('xprop', ['-display', screen.xvfb.display, '-root', ...args]);

describe('internAtom', () => {
  it('gives the predefined atoms their numbers, and 0 for an unknown name only-if-exists', () => {
    expect(internAtom(conn, 'PRIMARY')).toBe(1);
    expect(internAtom(conn, 'ATOM')).toBe(4);
    expect(internAtom(conn, '_MSS_TS_NO_SUCH_ATOM', true)).toBe(0);
    const made = internAtom(conn, '_MSS_TS_MADE');
    expect(made).toBeGreaterThan(68); // after the predefined ones
    expect(internAtom(conn, '_MSS_TS_MADE', true)).toBe(made);
  });
});

describe('getProperty', () => {
  it('reads a whole value with its type and format, and null when unset', () => {
    const name = internAtom(conn, '_MSS_TS_TEST');
    expect(getProperty(conn, conn.screen.root, name)).toBeNull();
    xprop('-f', '_MSS_TS_TEST', '8s', '-set', '_MSS_TS_TEST', 'hello clipboard');
    expect(getProperty(conn, conn.screen.root, name)).toEqual({
      type: internAtom(conn, 'STRING'),
      format: 8,
      value: Buffer.from('hello clipboard'),
    });
    xprop('-f', '_MSS_TS_NUMBERS', '32c', '-set', '_MSS_TS_NUMBERS', '7,65536');
    const numbers = getProperty(conn, conn.screen.root, internAtom(conn, '_MSS_TS_NUMBERS'));
    expect(numbers?.format).toBe(32);
    expect([numbers?.value.readUInt32LE(0), numbers?.value.readUInt32LE(4)]).toEqual([7, 65536]);
  });
});

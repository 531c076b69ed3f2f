import { describe, expect, it } from 'vitest';
import { pad, ReplyReader, struct } from '../../src/native/struct.js';

const point = struct('test_point_t', { x: 'int16_t', y: 'int16_t' });
const sample = struct('test_sample_t', {
  kind: 'uint8_t',
  pad0: pad(1),
  count: 'uint16_t',
  id: 'uint32_t',
  at: point,
  flag: 'uint8_t',
});

/** Little- or big-endian as the host: what libxcb hands over. */
function bytes(...values: [number, 1 | 2 | 4][]): Buffer {
  const out = Buffer.alloc(values.reduce((n, [, size]) => n + size, 0));
  let offset = 0;
  for (const [value, size] of values) {
    if (size === 1) out.writeUInt8(value & 0xff, offset);
    else if (size === 2) out.writeUInt16LE(value & 0xffff, offset);
    else out.writeUInt32LE(value >>> 0, offset);
    offset += size;
  }
  return out;
}

describe('struct', () => {
  it('lays members out by the C rules, the size rounded to the strictest alignment', () => {
    expect(['kind', 'count', 'id', 'at', 'flag'].map((m) => sample.offsetOf(m as never))).toEqual([
      0, 2, 4, 8, 12,
    ]);
    expect([sample.size, sample.alignment]).toEqual([16, 4]);
    expect([sample.type.size, sample.type.name]).toEqual([16, 'mss_test_sample_t']);
  });

  it('reads every member but the pads, nested structs as objects, signed where declared', () => {
    const b = bytes(
      [7, 1],
      [0xee, 1],
      [513, 2],
      [0xfffffffe, 4],
      [-3, 2],
      [40, 2],
      [1, 1],
      [0, 1],
      [0, 2],
    );
    expect(sample.read(b)).toEqual({
      kind: 7,
      count: 513,
      id: 0xfffffffe,
      at: { x: -3, y: 40 },
      flag: 1,
    });
    expect(sample.readMember(b, 0, 'id')).toBe(0xfffffffe);
  });
});

describe('ReplyReader', () => {
  it('reads a struct, a list, CARD32s and text in order, aligning where asked', () => {
    const b = Buffer.concat([
      bytes([2, 2], [-1, 2], [5, 2]), // two points' worth of INT16s, then a count
      Buffer.from('abc'),
      Buffer.alloc(3), // to a multiple of 4
      bytes([10, 4], [20, 4]),
    ]);
    const r = new ReplyReader(b);
    expect(r.peek(point, 'x')).toBe(2);
    expect(r.struct(point)).toEqual({ x: 2, y: -1 });
    expect(r.list(point, 0)).toEqual([]);
    r.skip(2);
    expect(r.string8(3)).toBe('abc');
    r.align(4);
    expect(r.card32s(2)).toEqual([10, 20]);
  });

  it('refuses to read past the end of a reply', () => {
    const r = new ReplyReader(Buffer.alloc(6));
    expect(() => r.list(point, 2)).toThrow(RangeError);
  });
});

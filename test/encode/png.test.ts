import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/encode/png.js';
import { MSS } from '../../src/index.js';
import { crcByHand } from '../helpers/checksums.js';
import { expectedPixel } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 800;
const H = 700; // several strips
const painted = useScreen(W, H, { seed: 5 });

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

function chunksOf(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    chunks.push({
      type: typeAndData.toString('latin1', 0, 4),
      data: typeAndData.subarray(4),
      crcOk: png.readUInt32BE(at + 8 + length) === crcByHand(typeAndData),
    });
    at += 12 + length;
  }
  return chunks;
}

describe('encodePng (node:zlib in strips)', () => {
  it.each([0, 6, 9])(
    'writes a well-formed PNG at level %i: chunks, CRCs, one zlib stream',
    async (level) => {
      using sct = new MSS({ display: painted.xvfb.display });
      using frame = sct.grab(0);
      const png = await encodePng(frame, level);
      expect(png.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      const chunks = chunksOf(png);
      expect(chunks.map((c) => c.type)).toEqual([
        'IHDR',
        ...Array(chunks.length - 2).fill('IDAT'),
        'IEND',
      ]);
      expect(chunks.length).toBeGreaterThan(3); // more than one strip
      expect(chunks.every((c) => c.crcOk)).toBe(true);
      const ihdr = chunks[0]?.data as Buffer;
      expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ...ihdr.subarray(8)]).toEqual([
        W,
        H,
        8,
        2,
        0,
        0,
        0,
      ]);
      // The IDATs joined are one zlib stream (inflateSync checks its Adler-32) of the scanlines.
      const scanlines = inflateSync(
        Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)),
      );
      for (const y of [0, 1, H >> 1, H - 1]) {
        const row = scanlines.subarray(y * (1 + W * 3), (y + 1) * (1 + W * 3));
        expect(row[0]).toBe(0); // filter None
        for (const x of [0, 1, W - 1]) {
          expect([...row.subarray(1 + x * 3, 4 + x * 3)]).toEqual(expectedPixel(painted, x, y));
        }
      }
    },
  );
});

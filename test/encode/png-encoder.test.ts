import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { paint, pattern } from '../../scripts/paint.js';
import { createPngEncoder, encode, type Frame, MSS } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const W = 640;
const H = 400;
const ROWS = 16;
const STRIPS = Math.ceil(H / ROWS);
const painted = useScreen(W, H, { seed: 11 });
const execFileAsync = promisify(execFile);

/** A deterministic random number generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The frame's pixels as packed RGB: what any PNG of it must decode to. */
function rgbOf(frame: Frame): Buffer {
  const out = Buffer.alloc(frame.width * frame.height * 3);
  const data = frame.data;
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const i = y * frame.stride + x * 4;
      const o = (y * frame.width + x) * 3;
      out[o] = data[i + 2] as number;
      out[o + 1] = data[i + 1] as number;
      out[o + 2] = data[i] as number;
    }
  }
  return out;
}

async function decoded(png: Buffer): Promise<Buffer> {
  return (await sharp(png).raw().toBuffer({ resolveWithObject: true })).data;
}

/** Paint a rectangle of a fresh pattern: rows top..top+height, across the whole width or part. */
function paintRect(left: number, top: number, width: number, height: number, seed: number) {
  paint(painted.xvfb.display, left, top, width, height, pattern(width, height, seed));
}

/**
 * Encode `frame` with `png` and check the file against a whole-frame encode of the same frame:
 * both decode to the frame's pixels. Returns the file for pngcheck.
 */
async function checkFrame(png: ReturnType<typeof createPngEncoder>, frame: Frame, name: string) {
  const expected = rgbOf(frame);
  const whole = encode(frame, { pngEncoder: 'zlib' });
  const file = await png.encode(frame);
  frame.release();
  expect((await decoded(file)).equals(expected), name).toBe(true);
  expect((await decoded(await whole)).equals(expected)).toBe(true);
  const path = join(painted.dir, `${name}.png`);
  writeFileSync(path, file);
  return path;
}

describe('createPngEncoder', () => {
  it('decodes to the same pixels as a whole-frame encode through random changes, sizes and pngcheck', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const png = createPngEncoder({ level: 6, stripRows: ROWS });
    const next = random(13);
    const files: string[] = [];
    files.push(await checkFrame(png, sct.grab(0), 'first')); // every strip is new: whole
    expect(png.stats).toMatchObject({ frames: 1, wholeFrames: 1, deflatedStrips: 0 });

    // Nothing changed, nothing cached yet: every strip is deflated once; then every strip reused.
    files.push(await checkFrame(png, sct.grab(0), 'nothing-changed'));
    expect(png.stats).toMatchObject({ deflatedStrips: STRIPS, reusedStrips: 0 });
    files.push(await checkFrame(png, sct.grab(0), 'nothing-changed-again'));
    expect(png.stats).toMatchObject({ deflatedStrips: STRIPS, reusedStrips: STRIPS });

    for (let i = 0; i < 12; i++) {
      // Rectangles that start and end anywhere, often on either side of a strip boundary.
      for (let k = 1 + Math.floor(next() * 3); k > 0; k--) {
        const boundary = ROWS * Math.floor(next() * STRIPS);
        const top = Math.max(0, Math.min(H - 1, boundary - 1 - Math.floor(next() * 3)));
        const height = Math.min(H - top, 1 + Math.floor(next() * (ROWS * 2)));
        const left = Math.floor(next() * (W - 1));
        const width = Math.min(W - left, 1 + Math.floor(next() * 200));
        paintRect(left, top, width, height, 100 + i * 3 + k);
      }
      files.push(await checkFrame(png, sct.grab(0), `random-${i}`));
    }

    paintRect(0, 0, W, H, 77); // every row
    const wholeBefore = png.stats.wholeFrames;
    files.push(await checkFrame(png, sct.grab(0), 'all-changed'));
    expect(png.stats.wholeFrames - wholeBefore).toBe(1);

    // Another size, then back: nothing of another size is reused.
    const area = { left: 3, top: 5, width: 301, height: 77 };
    files.push(await checkFrame(png, sct.grab(area), 'smaller'));
    const grabbed = sct.grab(0);
    const crop = grabbed.crop(area); // stride wider than the rows: compared row by row
    grabbed.release();
    files.push(await checkFrame(png, crop, 'smaller-crop'));
    files.push(await checkFrame(png, sct.grab(0), 'whole-again'));
    expect(png.stats.frames).toBe(19);

    const { stdout } = await execFileAsync('pngcheck', files);
    expect(stdout.split('\n').filter((line) => line.startsWith('OK:'))).toHaveLength(files.length);
  });

  it('reuses strips that damage rules out, without comparing them', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    expect(sct.status.damageTracking).toBe(true);
    const png = createPngEncoder({ stripRows: ROWS });
    await checkFrame(png, sct.grab(0), 'damage-1');
    await checkFrame(png, sct.grab(0), 'damage-2'); // the tracker's first report: every row
    const compared = png.stats.comparedStrips;
    const reused = png.stats.reusedStrips;
    paintRect(10, ROWS * 3 + 4, 50, 4, 5); // inside strip 3
    await checkFrame(png, sct.grab(0), 'damage-3');
    expect(png.stats.comparedStrips - compared).toBe(1);
    expect(png.stats.reusedStrips - reused).toBe(STRIPS - 1);
  });

  it('reuses strips whose pixels compare equal, without damage tracking', async () => {
    using sct = new MSS({ display: painted.xvfb.display, damage: false });
    const png = createPngEncoder({ stripRows: ROWS });
    await checkFrame(png, sct.grab(0), 'compare-1');
    await checkFrame(png, sct.grab(0), 'compare-2');
    const before = png.stats;
    paintRect(0, ROWS * 7 - 2, W, 4, 6); // the last rows of strip 6 and the first of strip 7
    await checkFrame(png, sct.grab(0), 'compare-3');
    expect(png.stats.comparedStrips - before.comparedStrips).toBe(STRIPS);
    expect(png.stats.deflatedStrips - before.deflatedStrips).toBe(2);
    expect(png.stats.reusedStrips - before.reusedStrips).toBe(STRIPS - 2);
  });

  it('encodes a frame whole when most strips changed, and keeps the other strips for later', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const png = createPngEncoder({ stripRows: ROWS });
    await checkFrame(png, sct.grab(0), 'most-1');
    await checkFrame(png, sct.grab(0), 'most-2'); // every strip deflated and kept
    const changedRows = ROWS * (STRIPS - 5); // all strips but the last five
    paintRect(0, 0, W, changedRows, 9);
    const before = png.stats;
    await checkFrame(png, sct.grab(0), 'most-3');
    expect(png.stats.wholeFrames - before.wholeFrames).toBe(1);
    await checkFrame(png, sct.grab(0), 'most-4'); // nothing changed: the whole frame's strips again
    expect(png.stats.deflatedStrips - before.deflatedStrips).toBe(STRIPS - 5);
    expect(png.stats.reusedStrips - before.reusedStrips).toBe(5);
  });

  it('encodes every frame whole with reuse off', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    const png = createPngEncoder({ reuse: false, stripRows: ROWS });
    await checkFrame(png, sct.grab(0), 'no-reuse-1');
    await checkFrame(png, sct.grab(0), 'no-reuse-2');
    expect(png.stats).toMatchObject({ wholeFrames: 2, reusedStrips: 0, deflatedStrips: 0 });
  });

  it('refuses a level or strip height out of range, and an unknown option', () => {
    expect(() => createPngEncoder({ level: 10 })).toThrow(
      'Expected integer between 0 and 9 for level but received 10 of type number',
    );
    expect(() => createPngEncoder({ stripRows: 0 })).toThrow(
      'Expected integer between 1 and 65535 for stripRows but received 0 of type number',
    );
    expect(() => createPngEncoder({ reuse: 'yes' } as never)).toThrow(
      'Expected boolean for reuse but received "yes" of type string',
    );
    expect(() => createPngEncoder({ rows: 8 } as never)).toThrow(
      'for the name of an option of PngEncoderOptions',
    );
  });

  it('gives exact frames while the pointer moves over unchanged rows (--cursor)', async () => {
    using sct = new MSS({ display: painted.xvfb.display, cursor: true });
    const png = createPngEncoder({ stripRows: ROWS });
    for (const [x, y] of [
      [10, 10],
      [40, 30],
      [41, 30],
      [5, 50],
    ] as const) {
      execFileSync('xdotool', ['mousemove', '--sync', String(x), String(y)], {
        env: { ...process.env, DISPLAY: painted.xvfb.display },
      });
      await checkFrame(png, sct.grab(0), `cursor-${x}-${y}`);
    }
  });
});

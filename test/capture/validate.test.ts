// The options objects, checked as sharp checks its own: each option in a valid/invalid pair, and
// every refusal a ScreenShotError (kind argument) naming the option, the value and what is
// expected.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encode, MSS, type MSSOptions, ScreenShotError, save } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const painted = useScreen(64, 48, { seed: 11 });
const area = { left: 0, top: 0, width: 8, height: 4 };

/** What a refusal must be: a usage error (kind argument) with exactly this message. */
const refusal = (message: string) =>
  expect.objectContaining({ name: 'ScreenShotError', kind: 'argument', message });

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScreenShotError);
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('MSSOptions', () => {
  it.each<[string, unknown, string]>([
    ['display', { display: 1 }, 'Expected string for display but received 1 of type number'],
    [
      'backend',
      { backend: 'fast' },
      'Expected one of auto, shm, getimage for backend but received "fast" of type string',
    ],
    [
      'maxBuffers',
      { maxBuffers: 0 },
      'Expected integer of at least 1 for maxBuffers but received 0 of type number',
    ],
    [
      'maxBuffers',
      { maxBuffers: 2.5 },
      'Expected integer of at least 1 for maxBuffers but received 2.5 of type number',
    ],
    ['damage', { damage: 'no' }, 'Expected boolean for damage but received "no" of type string'],
    ['cursor', { cursor: 1 }, 'Expected boolean for cursor but received 1 of type number'],
    [
      'a key',
      { dispaly: ':0' },
      'Expected one of display, backend, maxBuffers, damage, cursor for the name of an option of MSSOptions but received "dispaly" of type string',
    ],
    ['the object', 'no', 'Expected an object for MSSOptions but received "no" of type string'],
  ])('refuses a wrong %s before connecting', (_, options, message) => {
    expect(thrown(() => new MSS(options as MSSOptions))).toEqual(refusal(message));
  });

  it.each<[string, MSSOptions]>([
    ['display', {}],
    ['backend', { backend: 'getimage' }],
    ['maxBuffers', { maxBuffers: 1 }],
    ['damage', { damage: false }],
    ['cursor', { cursor: true }],
    ['undefined, as not given', { backend: undefined, maxBuffers: undefined, damage: undefined }],
  ])('takes a valid %s', (_, options) => {
    using sct = new MSS({ display: painted.xvfb.display, ...options });
    using frame = sct.grab(area);
    expect(frame.width).toBe(8);
  });
});

describe('FramesOptions', () => {
  it.each<[string, unknown, string]>([
    [
      'interval',
      { interval: -1 },
      'Expected finite number of at least 0 for interval but received -1 of type number',
    ],
    [
      'interval',
      { interval: '10' },
      'Expected finite number of at least 0 for interval but received "10" of type string',
    ],
    [
      'count',
      { count: 1.5 },
      'Expected integer of at least 0 for count but received 1.5 of type number',
    ],
    [
      'duration',
      { duration: Number.POSITIVE_INFINITY },
      'Expected finite number of at least 0 for duration but received Infinity of type number',
    ],
    ['signal', { signal: {} }, 'Expected AbortSignal for signal but received {} of type object'],
    ['cursor', { cursor: 'yes' }, 'Expected boolean for cursor but received "yes" of type string'],
    [
      'a key',
      { fps: 30 },
      'Expected one of interval, count, duration, signal, cursor, skipUnchanged for the name of an option of FramesOptions but received "fps" of type string',
    ],
  ])('refuses a wrong %s when the loop is made', (_, options, message) => {
    using sct = new MSS({ display: painted.xvfb.display });
    expect(thrown(() => sct.frames(area, options as never))).toEqual(refusal(message));
  });

  it.each<[string, object]>([
    ['interval', { interval: 1 }],
    ['count', { count: 2 }],
    ['duration', { duration: 1000 }],
    ['signal', { signal: new AbortController().signal }],
    ['cursor', { cursor: true }],
  ])('takes a valid %s', async (_, options) => {
    using sct = new MSS({ display: painted.xvfb.display });
    let n = 0;
    const frames = sct.frames(area, { count: 2, ...options });
    for await (using frame of frames) {
      expect(frame.width).toBe(8);
      n++;
    }
    expect(n).toBeGreaterThan(0);
    expect(n + frames.stats.dropped).toBe(2); // a loaded machine may drop a tick
  });
});

describe('GrabOptions', () => {
  it.each<[string, unknown, string]>([
    ['cursor', { cursor: 'on' }, 'Expected boolean for cursor but received "on" of type string'],
    [
      'a key',
      { pointer: true },
      'Expected one of cursor for the name of an option of GrabOptions but received "pointer" of type string',
    ],
  ])('refuses a wrong %s before asking the server', (_, options, message) => {
    using sct = new MSS({ display: painted.xvfb.display });
    expect(thrown(() => sct.grab(area, options as never))).toEqual(refusal(message));
    expect(thrown(() => sct.startGrab(area, options as never))).toEqual(refusal(message));
  });

  it.each<[string, object]>([
    ['cursor', { cursor: true }],
    ['cursor', { cursor: false }],
    ['undefined, as not given', { cursor: undefined }],
  ])('takes a valid %s', (_, options) => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(area, options);
    expect(frame.width).toBe(8);
  });
});

describe('EncodeOptions', () => {
  it.each<[string, unknown, string]>([
    [
      'format',
      { format: 'gif' },
      'Expected one of png, jpeg, webp, raw for format but received "gif" of type string',
    ],
    [
      'level',
      { level: 12 },
      'Expected integer between 0 and 9 for level but received 12 of type number',
    ],
    [
      'level',
      { level: '6' },
      'Expected integer between 0 and 9 for level but received "6" of type string',
    ],
    [
      'quality',
      { format: 'jpeg', quality: 101 },
      'Expected integer between 1 and 100 for quality but received 101 of type number',
    ],
    [
      'pixelFormat',
      { format: 'raw', pixelFormat: 'rgb' },
      'Expected one of bgr0, bgra, rgba, rgb24 for pixelFormat but received "rgb" of type string',
    ],
    [
      'pngEncoder',
      { pngEncoder: 'libpng' },
      'Expected one of sharp, zlib for pngEncoder but received "libpng" of type string',
    ],
    [
      'scale',
      { scale: '0.5' },
      'Expected finite number of at least 0 for scale but received "0.5" of type string',
    ],
    [
      'resize',
      { resize: [4, 2] },
      'Expected an object for resize but received [ 4, 2 ] of type object',
    ],
    [
      'resize.width',
      { resize: { width: 2.5 } },
      'Expected integer of at least 1 for resize.width but received 2.5 of type number',
    ],
    [
      'kernel',
      { scale: 2, kernel: 'bilinear' },
      'Expected one of nearest, linear, cubic, mitchell, lanczos3 for kernel but received "bilinear" of type string',
    ],
    [
      'a key',
      { compressionLevel: 9 },
      'Expected one of format, level, quality, pixelFormat, pngEncoder, scale, resize, kernel for the name of an option of EncodeOptions but received "compressionLevel" of type string',
    ],
    ['the object', null, 'Expected an object for EncodeOptions but received null of type object'],
  ])('refuses a wrong %s', async (_, options, message) => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(area);
    await expect(encode(frame, options as never)).rejects.toEqual(refusal(message));
  });

  it('checks every option whatever the format (a JPEG quality given with PNG)', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(area);
    await expect(encode(frame, { format: 'png', quality: 0 })).rejects.toEqual(
      refusal('Expected integer between 1 and 100 for quality but received 0 of type number'),
    );
  });

  it.each<[string, object, number]>([
    ['format', { format: 'raw' }, 8 * 4 * 4],
    ['level', { format: 'raw', level: 0 }, 8 * 4 * 4],
    ['quality', { format: 'raw', quality: 100 }, 8 * 4 * 4],
    ['pixelFormat', { format: 'raw', pixelFormat: 'rgb24' }, 8 * 4 * 3],
    ['pngEncoder', { format: 'raw', pngEncoder: 'zlib' }, 8 * 4 * 4],
    ['scale', { format: 'raw', scale: 0.5 }, 4 * 2 * 4],
    ['resize', { format: 'raw', resize: { width: 4 } }, 4 * 2 * 4],
    ['kernel', { format: 'raw', scale: 0.5, kernel: 'nearest' }, 4 * 2 * 4],
  ])('takes a valid %s', async (_, options, length) => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(area);
    expect((await encode(frame, options)).length).toBe(length);
  });
});

describe('SaveOptions', () => {
  it.each<[string, unknown, string]>([
    [
      'overwrite',
      { overwrite: 'no' },
      'Expected boolean for overwrite but received "no" of type string',
    ],
    [
      'level',
      { level: -1 },
      'Expected integer between 0 and 9 for level but received -1 of type number',
    ],
    [
      'a key',
      { mode: 0o600 },
      'Expected one of format, level, quality, pixelFormat, pngEncoder, scale, resize, kernel, overwrite for the name of an option of SaveOptions but received "mode" of type string',
    ],
  ])('refuses a wrong %s and writes nothing', async (_, options, message) => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(area);
    const path = join(painted.dir, `refused-${String(_).replace(' ', '-')}.png`);
    await expect(save(frame, path, options as never)).rejects.toEqual(refusal(message));
    expect(existsSync(path)).toBe(false);
  });

  it('refuses an empty path', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(area);
    await expect(save(frame, '')).rejects.toEqual(
      refusal('Expected non-empty string for path but received "" of type string'),
    );
  });

  it('takes a valid overwrite', async () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(area);
    const path = join(painted.dir, 'overwrite.raw');
    expect(await save(frame, path, { overwrite: false })).toEqual({
      path,
      format: 'raw',
      bytes: 8 * 4 * 4,
    });
  });
});

describe('ShotOptions', () => {
  it.each<[string, unknown, string]>([
    [
      'monitor',
      { monitor: -2 },
      'Expected integer of at least -1 for monitor but received -2 of type number',
    ],
    [
      'monitor',
      { monitor: '1' },
      'Expected integer of at least -1 for monitor but received "1" of type string',
    ],
    [
      'output',
      { output: '' },
      'Expected non-empty string for output but received "" of type string',
    ],
    [
      'output',
      { monitor: -1, output: 'all.png' },
      'Expected a pattern with {mon} or {name} for monitor -1 for output but received "all.png" of type string',
    ],
    [
      'quality',
      { quality: 1.5 },
      'Expected integer between 1 and 100 for quality but received 1.5 of type number',
    ],
    [
      'a key',
      { mon: 1 },
      'Expected one of format, level, quality, pixelFormat, pngEncoder, scale, resize, kernel, overwrite, monitor, output for the name of an option of ShotOptions but received "mon" of type string',
    ],
  ])('refuses a wrong %s before capturing', async (_, options, message) => {
    using sct = new MSS({ display: painted.xvfb.display });
    await expect(sct.shot(options as never)).rejects.toEqual(refusal(message));
  });
});

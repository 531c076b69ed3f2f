import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { MSS } from '../../src/index.js';
import * as damage from '../../src/native/damage.js';
import { useScreen } from '../helpers/screen.js';

// DamageCreate is the only way a damage object comes to exist: watch for it.
vi.mock('../../src/native/damage.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/native/damage.js')>();
  return { ...original, damageCreate: vi.fn(original.damageCreate) };
});

const fixture = useScreen(640, 480);

/** Our shared-memory segments that a process has mapped (they are memfds named mss-ts). */
const segmentsMappedBy = (pid: number | string) =>
  readFileSync(`/proc/${pid}/maps`, 'utf8')
    .split('\n')
    .filter((line) => line.includes('memfd:mss-ts')).length;

describe('status', () => {
  it('answers without making a buffer or a damage tracker; the first grab makes them', () => {
    const server = fixture.xvfb.process.pid as number;
    vi.mocked(damage.damageCreate).mockClear();
    using sct = new MSS({ display: fixture.xvfb.display });
    expect(sct.status).toEqual({ backend: 'shm', damageTracking: true, reasons: [] });
    expect(segmentsMappedBy(server)).toBe(0);
    expect(segmentsMappedBy('self')).toBe(0);
    expect(damage.damageCreate).not.toHaveBeenCalled();

    // The same counts see what a grab makes: the pool's two segments, then (on the second
    // grab, which is the first to need it) one damage object.
    sct.grab(0).release();
    expect(segmentsMappedBy(server)).toBe(2);
    sct.grab(0).release();
    expect(damage.damageCreate).toHaveBeenCalledTimes(1);
    expect(sct.status).toEqual({ backend: 'shm', damageTracking: true, reasons: [] });
  });

  it('gives the same reasons before and after grabs, each once', () => {
    using sct = new MSS({ display: fixture.xvfb.display, damage: false });
    const before = sct.status;
    sct.grab(0).release();
    sct.grab(0).release();
    expect(sct.status).toEqual(before);
    expect(before).toEqual({
      backend: 'shm',
      damageTracking: false,
      reasons: ['every grab copies every pixel: damage tracking was turned off'],
    });
  });
});

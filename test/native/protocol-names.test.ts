import { describe, expect, it } from 'vitest';
import { errorName, requestName } from '../../src/native/protocol-names.js';

const shm = { name: 'MIT-SHM', majorOpcode: 130, firstError: 128 };
const randr = { name: 'RANDR', majorOpcode: 140, firstError: 147 };

describe('errorName', () => {
  it('names core errors as Xlib does', () => {
    expect(errorName(8, [])).toBe('BadMatch (invalid parameter attributes)');
    expect(errorName(11, [])).toBe('BadAlloc (insufficient resources for operation)');
  });
  it('names extension errors from their first error code', () => {
    expect(errorName(128, [shm, randr])).toBe('BadShmSeg (invalid shared segment parameter)');
    expect(errorName(148, [shm, randr])).toBe('BadRRCrtc');
  });
  it('falls back to the number', () => {
    expect(errorName(200, [shm])).toBe('X error 200');
  });
});

describe('requestName', () => {
  it('names core and extension requests', () => {
    expect(requestName(73, 0, [])).toBe('GetImage');
    expect(requestName(130, 4, [shm])).toBe('ShmGetImage');
    expect(requestName(140, 42, [randr])).toBe('RRGetMonitors');
  });
  it('falls back to numbers', () => {
    expect(requestName(130, 99, [shm])).toBe('MIT-SHM request 99');
    expect(requestName(150, 1, [shm])).toBe('request 150.1');
    expect(requestName(5, 0, [])).toBe('core request 5');
  });
});

// Finding the C library where it is not glibc's libc.so.6. musl could not be run here: these
// tests check the names tried and the reading of a process's memory map, with samples of both.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownLibcNames, libcCandidates, libcInMaps } from '../../src/native/libc-name.js';

const GLIBC_MAPS = `55d0c0000000-55d0c0001000 r--p 00000000 fe:00 1234 /usr/bin/node
7f14e7838000-7f14e785e000 r--p 00000000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7f14e785e000-7f14e79b4000 r-xp 00026000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7ffd1a2b3000-7ffd1a2d4000 rw-p 00000000 00:00 0 [stack]`;

const MUSL_MAPS = `5603a8a00000-5603a8a01000 r--p 00000000 08:01 4321 /usr/bin/node
7f6b9c2d0000-7f6b9c2e4000 r--p 00000000 08:01 1111 /usr/lib/libstdc++.so.6.0.32
7f6b9c400000-7f6b9c414000 r--p 00000000 08:01 2222 /lib/ld-musl-x86_64.so.1
7f6b9c414000-7f6b9c460000 r-xp 00014000 08:01 2222 /lib/ld-musl-x86_64.so.1`;

describe('the C library', () => {
  it('is tried as glibc names it, then as musl does, for the architecture Node runs on', () => {
    expect(knownLibcNames('x64')).toEqual([
      'libc.so.6',
      'libc.musl-x86_64.so.1',
      'ld-musl-x86_64.so.1',
      'libc.so',
    ]);
    expect(knownLibcNames('arm64')).toContain('ld-musl-aarch64.so.1');
  });

  it('is found in a process memory map, glibc or musl', () => {
    expect(libcInMaps(GLIBC_MAPS)).toBe('/usr/lib/x86_64-linux-gnu/libc.so.6');
    expect(libcInMaps(MUSL_MAPS)).toBe('/lib/ld-musl-x86_64.so.1');
    expect(libcInMaps('7ffd1a2b3000-7ffd1a2d4000 rw-p 00000000 00:00 0 [stack]')).toBeUndefined();
  });

  it('of this very process is among the candidates', () => {
    const mapped = libcInMaps(readFileSync('/proc/self/maps', 'utf8'));
    expect(mapped).toBeDefined();
    expect(libcCandidates().at(-1)).toBe(mapped);
  });
});

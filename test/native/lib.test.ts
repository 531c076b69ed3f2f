import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeLibrary } from '../../src/native/lib.js';

describe('probeLibrary', () => {
  it('names the file behind the soname and the version in its name', () => {
    const probe = probeLibrary('libxcb.so.1');
    expect(probe).toMatchObject({ soname: 'libxcb.so.1', debianPackage: 'libxcb1', error: null });
    const path = probe.path as string;
    // The soname is a link next to the real file; the probe reports where the link leads.
    expect(realpathSync(join(dirname(path), 'libxcb.so.1'))).toBe(path);
    expect(path.endsWith(`/libxcb.so.${probe.version}`)).toBe(true);
    expect(probe.version).toMatch(/^1\.\d+\.\d+$/);
  });

  it('reports a library that does not load, without throwing', () => {
    const probe = probeLibrary('libmss-ts-no-such-library.so.0');
    expect(probe).toMatchObject({ path: null, version: null });
    expect(probe.error).toBeTruthy(); // the dynamic loader's own words
  });
});

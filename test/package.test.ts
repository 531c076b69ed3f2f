import { describe, expect, it } from 'vitest';

describe('the package', () => {
  it("exports the library from its name, as users import it (import { MSS } from 'mss-ts')", async () => {
    const library = await import('mss-ts');
    expect(Object.keys(library).sort()).toEqual(
      [
        'BACKEND_CHOICES',
        'FrameLoop',
        'Frame',
        'IMAGE_FORMATS',
        'MSS',
        'PIXEL_FORMATS',
        'ScreenShotError',
        'XProtocolError',
        'encode',
        'save',
      ].sort(),
    );
  });
});

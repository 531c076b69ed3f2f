import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { desktopPicture } from '../../scripts/desktop-picture.js';

describe('desktopPicture', () => {
  it('is the same picture on every machine and every run (its SHA-256 is pinned)', () => {
    const picture = desktopPicture(1920, 1080);
    expect(picture.length).toBe(1920 * 1080 * 4);
    expect(createHash('sha256').update(picture).digest('hex').slice(0, 16)).toBe(
      '979bf3e501c7aea0',
    );
  });

  it('looks like a desktop: many colours, and a light window with dark text-like marks', () => {
    const picture = desktopPicture(1920, 1080);
    const colours = new Set<number>();
    for (let i = 0; i < picture.length; i += 4) colours.add(picture.readUInt32LE(i));
    expect(colours.size).toBeGreaterThan(10_000);
    // The terminal window's first text row, left to right: paper and ink alternate.
    const row = 40 + 26 + 10 + 8;
    const shades = new Set<number>();
    for (let x = 760; x < 1200; x++) shades.add(picture[(row * 1920 + x) * 4] as number);
    expect(shades).toContain(250);
    expect([...shades].some((shade) => shade < 100)).toBe(true);
  });

  it('fits any screen size, padding bytes 0', () => {
    for (const [width, height] of [
      [320, 200],
      [64, 48],
      [3840, 1080],
    ] as const) {
      const picture = desktopPicture(width, height);
      expect(picture.length).toBe(width * height * 4);
      for (let i = 3; i < picture.length; i += 4 * 97) expect(picture[i]).toBe(0);
    }
  });
});

import { statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type sharpType from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopPicture } from '../../scripts/desktop-picture.js';
import { npm, withoutNpmBanner } from '../helpers/npm.js';
import { copyProject, type ProjectCopy } from '../helpers/project-copy.js';

const sharp = createRequire(import.meta.url)('sharp') as typeof sharpType;

/** The absolute paths a message mentions. */
const pathsIn = (text: string) => text.match(/(?<![\w.])\/[\w.@+-][\w./@+-]*/g) ?? [];

describe('npm run demo, in a copy of the project outside the development tree, no DISPLAY', () => {
  let copy: ProjectCopy;
  beforeAll(() => {
    copy = copyProject();
  });
  afterAll(() => copy?.remove());

  it('builds quietly, grabs the generated desktop and names no path outside the project', async () => {
    const { code, stdout, stderr } = await npm(['run', 'demo'], copy.dir);
    const shot = join(copy.dir, 'demo/screenshot-monitor-1.png');
    expect({ code, stdout: withoutNpmBanner(stdout) }).toEqual({ code: 0, stdout: shot });
    expect(stderr).toMatch(/^demo: DISPLAY is not set: starting a private Xvfb\n/);
    expect(stderr).toMatch(/showing a generated desktop picture\n$/);
    for (const line of stderr.trimEnd().split('\n')) expect(line).toMatch(/^demo: /);
    for (const path of pathsIn(stdout + stderr)) expect(path.startsWith(copy.dir), path).toBe(true);

    const { data, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([1920, 1080, 3]);
    const picture = desktopPicture(1920, 1080);
    let differing = 0;
    for (let p = 0; p < 1920 * 1080; p++) {
      const [r, g, b] = [data[p * 3], data[p * 3 + 1], data[p * 3 + 2]];
      if (r !== picture[p * 4 + 2] || g !== picture[p * 4 + 1] || b !== picture[p * 4]) differing++;
    }
    expect(differing).toBe(0);
  }, 120_000);

  it('does not build again while the build is newer than its sources, and does once one changes', async () => {
    const built = () => statSync(join(copy.dir, 'dist/.built')).mtimeMs;
    const bundle = () => statSync(join(copy.dir, 'dist/cli/main.cjs')).mtimeMs;
    const before = { built: built(), bundle: bundle() };
    const again = await npm(['run', 'demo'], copy.dir);
    expect(again.code).toBe(0);
    expect({ built: built(), bundle: bundle() }).toEqual(before);

    const later = new Date(Date.now() + 2000);
    utimesSync(join(copy.dir, 'src/capture/frame.ts'), later, later);
    const edited = await npm(['run', 'demo'], copy.dir);
    expect({ code: edited.code, stdout: withoutNpmBanner(edited.stdout) }).toEqual({
      code: 0,
      stdout: join(copy.dir, 'demo/screenshot-monitor-1.png'),
    });
    expect(built()).toBeGreaterThan(before.built);
  }, 120_000);
});

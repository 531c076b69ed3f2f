import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npm, withoutNpmBanner } from '../helpers/npm.js';
import { copyProject, type ProjectCopy } from '../helpers/project-copy.js';

describe('npm run build, in a copy of the project', () => {
  let copy: ProjectCopy;
  beforeAll(() => {
    copy = copyProject();
  });
  afterAll(() => copy?.remove());

  it("prints nothing but npm's own lines, and builds the library and the command", async () => {
    const { code, stdout, stderr } = await npm(['run', 'build'], copy.dir);
    expect({ code, stdout: withoutNpmBanner(stdout), stderr }).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    for (const file of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/cli/main.cjs']) {
      expect(existsSync(join(copy.dir, file)), file).toBe(true);
    }
  }, 120_000);

  it('says what is wrong when the TypeScript does not compile, and fails', async () => {
    appendFileSync(join(copy.dir, 'src/index.ts'), '\nexport const broken: number = "text";\n');
    const { code, stdout, stderr } = await npm(['run', 'build'], copy.dir);
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/src\/index\.ts\(\d+,\d+\): error TS2322/);
    expect(stderr).toMatch(/tsc exited with 2/);
  }, 120_000);
});

import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npm, withoutNpmBanner } from '../helpers/npm.js';
import { copyProject, type ProjectCopy } from '../helpers/project-copy.js';

describe('the build, in a copy of the project', () => {
  let copy: ProjectCopy;
  beforeAll(() => {
    copy = copyProject();
  });
  afterAll(() => copy?.remove());

  it('has not happened after npm install: the command says to build', () => {
    const { status, stdout, stderr } = spawnSync(
      process.execPath,
      ['bin/mss-ts.cjs', '--version'],
      {
        cwd: copy.dir,
        encoding: 'utf8',
      },
    );
    expect({ status, stdout, stderr }).toEqual({
      status: 1,
      stdout: '',
      stderr: `mss-ts: ${copy.dir} is not built: run \`npm run build\` there\n`,
    });
  });

  it('is done by npm pack first (prepack), quietly', async () => {
    const { code, stdout, stderr } = await npm(['pack', '--dry-run', '--json'], copy.dir);
    expect(code, stderr).toBe(0);
    expect(withoutNpmBanner(stderr)).toBe('');
    const [{ files }] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const packed = files.map((file) => file.path);
    expect(packed).toEqual(expect.arrayContaining(['dist/cli/main.cjs', 'dist/cjs/index.cjs']));
  }, 120_000);

  it("npm run build prints nothing but npm's own lines, and builds the library and the command", async () => {
    const { code, stdout, stderr } = await npm(['run', 'build'], copy.dir);
    expect({ code, stdout: withoutNpmBanner(stdout), stderr }).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    for (const file of ['dist/src/index.js', 'dist/cjs/index.cjs', 'dist/cli/main.cjs']) {
      expect(existsSync(join(copy.dir, file)), file).toBe(true);
    }
  }, 120_000);

  it('npm run build says what is wrong when the TypeScript does not compile, and fails', async () => {
    appendFileSync(join(copy.dir, 'src/index.ts'), '\nexport const broken: number = "text";\n');
    const { code, stdout, stderr } = await npm(['run', 'build'], copy.dir);
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/src\/index\.ts\(\d+,\d+\): error TS2322/);
    expect(stderr).toMatch(/tsc exited with 2/);
  }, 120_000);
});

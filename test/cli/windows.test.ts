// `mss-ts windows` and `grab -w`, on real windows with known pixels.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { TestWindows, windowPicture } from '../../scripts/windows.js';
import { run, runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

const W = 800;
const H = 600;
const painted = useScreen(W, H, { seed: 9 });
let windows: TestWindows;
let env: NodeJS.ProcessEnv;
let dir: string;

beforeAll(() => {
  ({ env, dir } = painted);
  windows = new TestWindows(painted.xvfb.display);
});
afterAll(() => windows?.[Symbol.dispose]());

const hex = (id: number) => `0x${id.toString(16)}`;

/** The BGRX pixels of a PNG file. */
async function bgrxOf(file: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const out = Buffer.alloc(info.width * info.height * 4);
  for (let i = 0, o = 0; i < data.length; i += info.channels, o += 4) {
    out[o] = data[i + 2] as number;
    out[o + 1] = data[i + 1] as number;
    out[o + 2] = data[i] as number;
  }
  return { data: out, width: info.width, height: info.height };
}

/** Run a test with windows that are destroyed afterwards, whatever happens. */
async function withWindows(
  specs: Parameters<TestWindows['create']>[0][],
  body: (ids: number[]) => Promise<void>,
): Promise<void> {
  const ids: number[] = [];
  try {
    for (const spec of specs) ids.push(windows.create(spec));
    await body(ids);
  } finally {
    for (const id of ids.reverse()) {
      try {
        windows.destroy(id);
      } catch {
        // the test closed it
      }
    }
  }
}

describe('mss-ts windows', () => {
  it('lists nothing, exit 0, on a display without windows', async () => {
    const json = await run(['windows', '--json'], { env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout.toString()).windows).toEqual([]);
    const table = await run(['windows'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout.toString().trim().split('\n')).toHaveLength(1);
  });

  it('lists client windows with name, class, geometry, mapped and the active one', async () => {
    await withWindows(
      [
        {
          x: 10,
          y: 20,
          width: 120,
          height: 80,
          name: 'Éditeur — notes',
          wmClass: ['ed', 'Editor'],
        },
        { x: 200, y: 30, width: 100, height: 50, legacyName: 'old style' },
        { x: 0, y: 0, width: 50, height: 50, overrideRedirect: true, name: 'tooltip' },
      ],
      async ([editor, legacy]) => {
        windows.focus(legacy as number);
        const { code, stdout } = await run(['windows', '--json'], { env });
        expect(code).toBe(0);
        const listed = JSON.parse(stdout.toString()).windows;
        expect(listed).toEqual([
          {
            id: hex(editor as number),
            name: 'Éditeur — notes',
            instance: 'ed',
            class: 'Editor',
            left: 10,
            top: 20,
            width: 120,
            height: 80,
            mapped: true,
            active: false,
            frame: hex(editor as number),
          },
          expect.objectContaining({ id: hex(legacy as number), name: 'old style', active: true }),
        ]);
        const table = (await run(['windows'], { env })).stdout.toString().split('\n');
        expect(table[0]).toMatch(/^\s+ID\s+NAME\s+CLASS\s+GEOMETRY\s+MAPPED$/);
        expect(table[1]).toMatch(
          new RegExp(
            `^\\s+${hex(editor as number)}\\s+Éditeur — notes\\s+Editor\\s+120x80\\+10\\+20\\s+yes$`,
          ),
        );
        expect(table[2]).toMatch(new RegExp(`^\\*\\s+${hex(legacy as number)}\\s+old style`));
      },
    );
  });
});

describe('grab -w', () => {
  it('captures a window by hex id, by decimal id and by name, exactly', async () => {
    const picture = windowPicture(160, 90, 1);
    await withWindows(
      [{ x: 40, y: 50, width: 160, height: 90, pixels: picture, name: 'Unique Name' }],
      async ([id]) => {
        for (const spec of [hex(id as number), String(id), 'unique n']) {
          const out = join(dir, 'by.png');
          const { code, stderr } = await run(['grab', '-w', spec, '--json', out], { env });
          expect([code, stderr]).toEqual([0, '']);
          const shot = await bgrxOf(out);
          expect([shot.width, shot.height]).toEqual([160, 90]);
          expect(shot.data.equals(picture)).toBe(true);
        }
        const json = await run(['grab', '-w', 'unique', '--json', join(dir, 'j.png')], { env });
        expect(JSON.parse(json.stdout.toString())).toMatchObject({
          window: hex(id as number),
          left: 40,
          top: 50,
          width: 160,
          height: 90,
        });
      },
    );
  });

  it('refuses an ambiguous name, listing the matches with ids, and an unknown one (exit 2)', async () => {
    await withWindows(
      [
        { x: 0, y: 0, width: 50, height: 50, name: 'Terminal 1' },
        { x: 60, y: 0, width: 50, height: 50, name: 'terminal 2' },
      ],
      async ([a, b]) => {
        const two = await run(['grab', '-w', 'TERMINAL', join(dir, 'x.png')], { env });
        expect(two.code).toBe(2);
        expect(two.stderr).toContain("option '-w, --window' 2 windows");
        expect(two.stderr).toContain(`${hex(a as number)} "Terminal 1"`);
        expect(two.stderr).toContain(`${hex(b as number)} "terminal 2"`);
        const none = await run(['grab', '-w', 'xterm', join(dir, 'x.png')], { env });
        expect(none.code).toBe(2);
        expect(none.stderr).toBe(
          `mss-ts: option '-w, --window' no window whose name contains "xterm"\n`,
        );
        expect(existsSync(join(dir, 'x.png'))).toBe(false);
        const badId = await run(['grab', '-w', '0x7fffff0', join(dir, 'x.png')], { env });
        expect([badId.code, badId.stderr]).toEqual([
          2,
          "mss-ts: option '-w, --window' no window 0x7fffff0 on this display\n",
        ]);
      },
    );
  });

  it('captures the active window: _NET_ACTIVE_WINDOW, else the input focus', async () => {
    const pictures = [windowPicture(64, 48, 2), windowPicture(64, 48, 3)];
    await withWindows(
      pictures.map((pixels, i) => ({ x: 100 + i * 100, y: 100, width: 64, height: 48, pixels })),
      async ([a, b]) => {
        windows.focus(a as number);
        const out = join(dir, 'active.png');
        expect((await run(['grab', '-w', 'active', out], { env })).code).toBe(0);
        expect((await bgrxOf(out)).data.equals(pictures[0] as Buffer)).toBe(true);
        windows.setActive(b as number); // a window manager's claim wins over the focus
        try {
          expect((await run(['grab', '-w', 'active', out], { env })).code).toBe(0);
          expect((await bgrxOf(out)).data.equals(pictures[1] as Buffer)).toBe(true);
        } finally {
          windows.setActive(0);
        }
      },
    );
  });

  it('clips a window half off the screen to the screen, and applies --region inside it', async () => {
    const picture = windowPicture(200, 100, 4);
    await withWindows(
      [{ x: W - 100, y: 300, width: 200, height: 100, pixels: picture, name: 'half' }],
      async ([id]) => {
        const out = join(dir, 'half.png');
        expect((await run(['grab', '-w', hex(id as number), out], { env })).code).toBe(0);
        const shot = await bgrxOf(out);
        expect([shot.width, shot.height]).toEqual([100, 100]);
        expect(
          shot.data.equals(cut(picture, 200, { left: 0, top: 0, width: 100, height: 100 })),
        ).toBe(true);
        const region = await run(['grab', '-w', 'half', '-r', '30x20+10+5', '--json', out], {
          env,
        });
        expect(JSON.parse(region.stdout.toString())).toMatchObject({
          left: W - 90,
          top: 305,
          width: 30,
          height: 20,
        });
        expect(
          (await bgrxOf(out)).data.equals(
            cut(picture, 200, { left: 10, top: 5, width: 30, height: 20 }),
          ),
        ).toBe(true);
        const outside = await run(['grab', '-w', 'half', '-r', '300x20', out], { env });
        expect(outside.code).toBe(2);
        expect(outside.stderr).toContain('reaches outside window');
      },
    );
  });

  it("captures a covered window's own pixels through Composite, the screen with --no-composite", async () => {
    const picture = windowPicture(240, 160, 5);
    const coverPicture = windowPicture(100, 60, 6);
    await withWindows(
      [
        { x: 300, y: 200, width: 240, height: 160, pixels: picture, name: 'covered' },
        { x: 350, y: 250, width: 100, height: 60, pixels: coverPicture, name: 'cover' },
      ],
      async () => {
        const out = join(dir, 'covered.png');
        const own = await run(['grab', '-w', 'covered', '--verbose', out], { env });
        expect(own.code).toBe(0);
        expect(own.stderr).toContain('its own contents through Composite');
        expect((await bgrxOf(out)).data.equals(picture)).toBe(true);
        const area = await run(['grab', '-w', 'covered', '--no-composite', '--verbose', out], {
          env,
        });
        expect(area.code).toBe(0);
        expect(area.stderr).toContain('where other windows may cover it (asked by --no-composite)');
        const shot = (await bgrxOf(out)).data;
        expect(
          cut(shot, 240, { left: 50, top: 50, width: 100, height: 60 }).equals(coverPicture),
        ).toBe(true);
      },
    );
  });

  it('--frame includes the frame window that a window manager put around the client', async () => {
    const framePicture = windowPicture(220, 140, 7);
    const clientPicture = windowPicture(200, 110, 8);
    await withWindows(
      [{ x: 100, y: 100, width: 220, height: 140, pixels: framePicture }],
      async ([frame]) => {
        const client = windows.create({
          x: 0,
          y: 0,
          width: 200,
          height: 110,
          pixels: clientPicture,
          name: 'framed client',
          managed: true,
          unmapped: true,
        });
        windows.reparent(client, frame as number, 10, 25);
        windows.map(client);
        const out = join(dir, 'frame.png');
        const inner = await run(['grab', '-w', 'framed', '--json', out], { env });
        expect(JSON.parse(inner.stdout.toString())).toMatchObject({
          window: hex(client),
          left: 110,
          top: 125,
          width: 200,
          height: 110,
        });
        expect((await bgrxOf(out)).data.equals(clientPicture)).toBe(true);
        const outer = await run(['grab', '-w', 'framed', '--frame', '--json', out], { env });
        expect(JSON.parse(outer.stdout.toString())).toMatchObject({
          left: 100,
          top: 100,
          width: 220,
          height: 140,
        });
        const expected = Buffer.from(framePicture);
        for (let y = 0; y < 110; y++) {
          clientPicture.copy(expected, ((25 + y) * 220 + 10) * 4, y * 200 * 4, (y + 1) * 200 * 4);
        }
        expect((await bgrxOf(out)).data.equals(expected)).toBe(true);
        const listed = JSON.parse(
          (await run(['windows', '--json'], { env })).stdout.toString(),
        ).windows;
        expect(listed).toEqual([
          expect.objectContaining({ id: hex(client), frame: hex(frame as number) }),
        ]);
      },
    );
  });

  it('refuses -w with -m, and --frame or --no-composite without -w (exit 2)', async () => {
    const out = join(dir, 'no.png');
    const both = await run(['grab', '-w', 'root', '-m', '1', out], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      "option '-w, --window <id|name|active|root>' cannot be used with option '-m, --monitor <sel>'",
    );
    const frame = await run(['grab', '--frame', out], { env });
    expect([frame.code, frame.stderr]).toEqual([
      2,
      "mss-ts: option '--frame' needs '-w, --window'\n",
    ]);
    const composite = await run(['grab', '--no-composite', out], { env });
    expect([composite.code, composite.stderr]).toEqual([
      2,
      "mss-ts: option '--no-composite' needs '-w, --window'\n",
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('-w root captures the whole screen, and --region inside it', async () => {
    // Windows closed by earlier tests left the root's background where they were: the screen
    // is compared with a grab of monitor 0, not with the painted pattern.
    const out = join(dir, 'root.png');
    const whole = join(dir, 'm0.png');
    expect((await run(['grab', '-m', '0', whole], { env })).code).toBe(0);
    const screen = (await bgrxOf(whole)).data;
    expect((await run(['grab', '-w', 'root', out], { env })).code).toBe(0);
    const shot = await bgrxOf(out);
    expect([shot.width, shot.height]).toEqual([W, H]);
    expect(shot.data.equals(screen)).toBe(true);
    const part = await run(['grab', '-w', 'root', '-r', '10x20+30+40', out], { env });
    expect(part.code).toBe(0);
    const expected = cut(screen, W, { left: 30, top: 40, width: 10, height: 20 });
    expect((await bgrxOf(out)).data.equals(expected)).toBe(true);
  });

  it('refuses an unmapped window with exit 1, naming it', async () => {
    await withWindows(
      [{ x: 0, y: 0, width: 30, height: 30, name: 'hidden one', unmapped: true }],
      async ([id]) => {
        const { code, stderr } = await run(['grab', '-w', hex(id as number), join(dir, 'u.png')], {
          env,
        });
        expect(code).toBe(1);
        expect(stderr).toBe(
          `mss-ts: window ${hex(id as number)} ("hidden one") is not mapped (minimised or hidden): nothing of it shows\n`,
        );
      },
    );
  });

  it('names files with {window} and {title}, the title made safe', async () => {
    await withWindows(
      [{ x: 0, y: 0, width: 30, height: 30, name: '../a/b\u0007c' }],
      async ([id]) => {
        const { code, stdout } = await run(
          ['grab', '-w', hex(id as number), '-o', join(dir, '{window}-{title}.png')],
          { env },
        );
        expect(code).toBe(0);
        expect(stdout.toString()).toBe(`${join(dir, `${hex(id as number)}-.._a_b_c.png`)}\n`);
        const without = await run(['grab', '-o', join(dir, '{title}.png')], { env });
        expect(without.code).toBe(2);
        expect(without.stderr).toContain("add '-w, --window'");
      },
    );
  });

  it('follows a window that moves during a loop, and ends with exit 1 when it is closed', async () => {
    const picture = windowPicture(80, 60, 9);
    await withWindows(
      [{ x: 10, y: 10, width: 80, height: 60, pixels: picture, name: 'mover' }],
      async ([id]) => {
        const w = id as number;
        // Moved once a frame is written where it started, closed once two more are written.
        const written = (n: number) =>
          existsSync(join(dir, `loop-${String(n).padStart(4, '0')}.png`));
        const until = async (done: () => boolean) => {
          while (!done()) await sleep(10);
        };
        void (async () => {
          await until(() => written(1));
          windows.move(w, 400, 300);
          const after = readdirSync(dir).filter((f) => f.startsWith('loop-')).length;
          await until(() => written(after + 2));
          windows.destroy(w);
        })();
        const { code, stdout, stderr } = await run(
          [
            'grab',
            '-w',
            'mover',
            '--interval',
            '50ms',
            '--count',
            '1000',
            '--json',
            '-o',
            join(dir, 'loop-{n:04}.png'),
          ],
          { env },
        );
        expect(code).toBe(1);
        expect(stderr).toContain(`window ${hex(w)} ("mover") was closed`);
        const records = stdout
          .toString()
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        const places = new Set(records.map((r) => `${r.left},${r.top}`));
        expect(places).toEqual(new Set(['10,10', '400,300']));
        for (const r of [records[0], records.at(-1)]) {
          expect((await bgrxOf(r.path)).data.equals(picture)).toBe(true);
        }
      },
    );
  });

  it('ends a raw stream when the window changes size, saying why', async () => {
    await withWindows([{ x: 10, y: 10, width: 80, height: 60, name: 'grower' }], async ([id]) => {
      // The real binary, so that the window changes size once the first frame is out.
      const spawned = runBinary(
        ['grab', '-w', 'grower', '--interval', '50ms', '--count', '200', '-f', 'raw', '-'],
        env,
      );
      spawned.child.stdout?.once('data', () => windows.resize(id as number, 120, 60));
      const { code, stdout, stderr } = await spawned;
      expect(code).toBe(1);
      expect(stderr).toContain(
        `window ${hex(id as number)} ("grower") changed size from 80x60 to 120x60, and a raw stream's frames keep one size`,
      );
      expect(stdout.length % (80 * 60 * 4)).toBe(0);
      expect(stdout.length).toBeGreaterThan(0);
    });
  });
});

describe('without libxcb-composite0', () => {
  it('exits 69 naming the package only when Composite is needed', async () => {
    // A file by the library's name that is no library: the dynamic loader finds it first.
    const fake = join(dir, 'nolib');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'libxcb-composite.so.0'), '');
    const broken = { ...env, LD_LIBRARY_PATH: fake };
    await withWindows(
      [{ x: 0, y: 0, width: 40, height: 30, name: 'needs composite' }],
      async () => {
        const out = join(dir, 'nolib.png');
        const needed = await runBinary(['grab', '-w', 'needs composite', out], broken);
        expect(needed.code).toBe(69);
        expect(needed.stderr).toBe(
          'mss-ts: cannot load libxcb-composite.so.0, which capturing a window through Composite needs: install it (Debian/Ubuntu: apt-get install libxcb-composite0)\n',
        );
        for (const args of [
          ['-w', 'needs composite', '--no-composite'],
          ['-w', 'root'],
          ['-m', '0'],
        ]) {
          const fine = await runBinary(['grab', ...args, out], broken);
          expect([args, fine.code, fine.stderr]).toEqual([args, 0, '']);
        }
      },
    );
  });
});

describe('a client that draws its own window (ImageMagick display)', () => {
  it("captures its pixels where another window covers it, through Composite's redirect", async () => {
    const picture = windowPicture(200, 120, 12);
    const file = join(dir, 'shown.png');
    const rgb = Buffer.alloc(200 * 120 * 3);
    for (let i = 0, o = 0; i < picture.length; i += 4, o += 3) {
      rgb[o] = picture[i + 2] as number;
      rgb[o + 1] = picture[i + 1] as number;
      rgb[o + 2] = picture[i] as number;
    }
    await sharp(rgb, { raw: { width: 200, height: 120, channels: 3 } })
      .png()
      .toFile(file);
    // display draws on Expose, so whatever the redirect exposes, it repaints itself.
    const child = spawn('display', ['-geometry', '+420+40', '-title', 'shown by display', file], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    try {
      const shown = async () => {
        const { stdout } = await run(['windows', '--json'], { env });
        const list = JSON.parse(stdout.toString()).windows as { name: string; mapped: boolean }[];
        return list.some((w) => w.name === 'shown by display' && w.mapped);
      };
      while (!(await shown())) await sleep(50);
      const out = join(dir, 'display.png');
      await sleep(300); // its first paint
      expect(
        (await run(['grab', '-w', 'shown by display', '--no-composite', out], { env })).code,
      ).toBe(0);
      const reference = await bgrxOf(out);
      expect([reference.width, reference.height]).toEqual([200, 120]);
      expect(reference.data.equals(picture)).toBe(true);
      const cover = windows.create({
        x: 470,
        y: 70,
        width: 60,
        height: 40,
        pixels: windowPicture(60, 40, 13),
        overrideRedirect: true,
      });
      try {
        expect((await run(['grab', '-w', 'shown by display', out], { env })).code).toBe(0);
        expect((await bgrxOf(out)).data.equals(reference.data)).toBe(true);
        const onScreen = join(dir, 'display-covered.png');
        await run(['grab', '-w', 'shown by display', '--no-composite', onScreen], { env });
        expect((await bgrxOf(onScreen)).data.equals(reference.data)).toBe(false);
      } finally {
        windows.destroy(cover);
      }
    } finally {
      child.kill();
    }
  });
});

describe('without Composite', () => {
  const screen = useScreen(W, H, { seed: 3, without: ['Composite'] });
  const plain = {
    get display() {
      return screen.xvfb.display;
    },
  };

  it('captures the screen area and says so with --verbose', async () => {
    using local = new TestWindows(plain.display);
    const picture = windowPicture(100, 80, 10);
    const cover = windowPicture(40, 30, 11);
    local.create({ x: 100, y: 100, width: 100, height: 80, pixels: picture, name: 'under' });
    local.create({ x: 120, y: 110, width: 40, height: 30, pixels: cover, overrideRedirect: true });
    const out = join(dir, 'plain.png');
    const result = await run(['grab', '-w', 'under', '--verbose', out], {
      env: { DISPLAY: plain.display },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('(the X server has no Composite extension)');
    const shot = (await bgrxOf(out)).data;
    expect(cut(shot, 100, { left: 20, top: 10, width: 40, height: 30 }).equals(cover)).toBe(true);
    expect(readFileSync(out).length).toBeGreaterThan(0);
  });
});

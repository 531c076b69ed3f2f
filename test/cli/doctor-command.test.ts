// `mss-ts doctor` on real servers: a normal one, one reached over TCP, one without DAMAGE and
// Composite, a black one, one that wants a cookie, and none at all.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paint } from '../../scripts/paint.js';
import { authorityFile, startXvfb, type Xvfb } from '../../scripts/xvfb.js';
import type { Check } from '../../src/capture/doctor/check.js';
import type { Diagnosis } from '../../src/capture/doctor/diagnose.js';
import { type CliResult, run, runBinary } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

const painted = useScreen(320, 200, { seed: 5 });
const tcp = useScreen(320, 200, { seed: 6, tcp: true });
const bare = useScreen(320, 200, { without: ['DAMAGE', 'Composite'] });

const diagnosisOf = (result: CliResult) => JSON.parse(result.stdout.toString()) as Diagnosis;
const checkNamed = (d: Diagnosis, name: string) => d.checks.find((c) => c.name === name) as Check;

describe('mss-ts doctor', () => {
  it('on a normal display: one line per check, then a verdict that capture works (exit 0)', async () => {
    const result = await run(['doctor'], { env: painted.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.toString().trimEnd().split('\n');
    const names = lines
      .slice(0, -1)
      .map((line) => /^(ok|warn|fail|info) +(\S+(?: \S+)?) {2}/.exec(line)?.[2]);
    expect(names).toEqual([
      'DISPLAY',
      'Wayland',
      'libxcb',
      'libxcb-shm',
      'libxcb-randr',
      'libxcb-damage',
      'libxcb-xfixes',
      'libxcb-composite',
      'pixel format',
      'MIT-SHM',
      'RANDR',
      'DAMAGE',
      'XFIXES',
      'Composite',
      'speed',
      'sample grab',
      'pipe size',
    ]);
    expect(lines.at(-1)).toMatch(
      /^verdict: capture works through MIT-SHM, \d+ full-screen grabs\/s$/,
    );
    expect(lines.filter((line) => !line.startsWith('ok '))).toEqual([
      expect.stringMatching(
        /^info {2}speed +full-screen 320x200 grabs: MIT-SHM \d+ grabs\/s, GetImage \d+ grabs\/s$/,
      ),
      lines.at(-1),
    ]);
  });

  it('--json: one object with the checks, libraries, extensions, monitors and speeds', async () => {
    const result = await run(['doctor', '--json', '-D', painted.xvfb.display]);
    expect(result.code).toBe(0);
    const d = diagnosisOf(result);
    expect(result.stdout.toString().trimEnd().split('\n')).toHaveLength(1);
    expect(d).toMatchObject({
      works: true,
      display: painted.xvfb.display,
      backend: 'shm',
      reasons: [],
      blackSample: false,
      screen: { width: 320, height: 200, depth: 24 },
      extensions: {
        'MIT-SHM': { present: true, version: '1.2' },
        RANDR: { present: true, version: '1.5' },
        DAMAGE: { present: true },
        XFIXES: { present: true },
        Composite: { present: true },
      },
    });
    expect(d.monitors.map((m) => m.index)).toEqual([0, 1]);
    expect(d.speed.map((s) => s.backend)).toEqual(['shm', 'getimage']);
    for (const s of d.speed) expect(s.grabsPerSecond).toBeGreaterThan(0);
    // Each library with the file the soname's link resolves to, and that file's version.
    expect(d.libraries.map((l) => l.soname)).toContain('libxcb-composite.so.0');
    const xcb = d.libraries.find((l) => l.soname === 'libxcb.so.1');
    expect(xcb?.path).toMatch(/\/libxcb\.so\.1\.\d+\.\d+$/);
    expect(xcb?.path?.endsWith(`libxcb.so.${xcb.version}`)).toBe(true);
  });

  it('over TCP: MIT-SHM is reported unusable, why, and that GetImage is used instead', async () => {
    const display = tcp.xvfb.tcpDisplay.replace('localhost', '127.0.0.1');
    const result = await run(['doctor', '--json'], { env: { DISPLAY: display } });
    expect(result.code).toBe(0);
    const d = diagnosisOf(result);
    expect(d.backend).toBe('getimage');
    const shm = checkNamed(d, 'MIT-SHM');
    expect(shm.status).toBe('warn');
    expect(shm.detail).toContain('version 1.2, not used');
    expect(shm.detail).toContain('is not a local Unix socket (TCP or ssh-forwarded)');
    expect(shm.detail).toContain('GetImage is used instead');
    expect(shm.fix).toContain(`local display such as :${display.split(':')[1]}`);
    expect(checkNamed(d, 'DISPLAY').detail).toContain('reached over TCP');
    expect(d.speed.map((s) => s.backend)).toEqual(['getimage']);
    expect(d.verdict).toMatch(
      /^capture works through GetImage, \d+ full-screen grabs\/s; look at: MIT-SHM$/,
    );
  });

  it('--backend getimage times GetImage only and calls it a choice, not a problem', async () => {
    const result = await run(['doctor', '--json', '--backend', 'getimage'], { env: painted.env });
    const d = diagnosisOf(result);
    expect(d.speed.map((s) => s.backend)).toEqual(['getimage']);
    expect(checkNamed(d, 'MIT-SHM').status).toBe('info');
  });

  it('on a display where no server runs: says so and exits 69', async () => {
    const result = await run(['doctor', '--json', '-D', ':65000']);
    expect(result.code).toBe(69);
    const display = checkNamed(diagnosisOf(result), 'DISPLAY');
    expect(display.status).toBe('fail');
    expect(display.fix).toBe(
      'start the X server, or name one that runs: no server listens on /tmp/.X11-unix/X65000',
    );
  });

  it('without DISPLAY: says so and exits 69', async () => {
    const result = await run(['doctor'], { env: {} });
    expect(result.code).toBe(69);
    const text = result.stdout.toString();
    expect(text).toMatch(/^fail {2}DISPLAY +DISPLAY is unset; fix: set DISPLAY/m);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'verdict: capture cannot work: there is no X display to connect to',
    );
    const json = diagnosisOf(await run(['doctor', '--json'], { env: {} }));
    expect(json).toMatchObject({ works: false, display: null, speed: [], blackSample: null });
  });

  it('in a Wayland session: warns that other windows come out black and what to use', async () => {
    const env = { ...painted.env, XDG_SESSION_TYPE: 'wayland' };
    const result = await run(['doctor', '--json'], { env });
    expect(result.code).toBe(0);
    const d = diagnosisOf(result);
    const wayland = checkNamed(d, 'Wayland');
    expect(wayland).toMatchObject({ status: 'warn' });
    expect(wayland.detail).toContain('XDG_SESSION_TYPE=wayland');
    expect(wayland.detail).toContain('other windows come out black');
    expect(wayland.fix).toContain('grim');
    expect(d.verdict).toMatch(/look at: Wayland$/);
    const both = { ...env, WAYLAND_DISPLAY: 'wayland-0' };
    expect(
      checkNamed(diagnosisOf(await run(['doctor', '--json'], { env: both })), 'Wayland').detail,
    ).toContain('WAYLAND_DISPLAY=wayland-0, XDG_SESSION_TYPE=wayland');
  });

  it('without DAMAGE and Composite, on a black screen: says what each costs, and that black is suspicious', async () => {
    paint(bare.xvfb.display, 0, 0, 320, 200, Buffer.alloc(320 * 200 * 4)); // black
    const result = await run(['doctor', '--json'], { env: bare.env });
    expect(result.code).toBe(0);
    const d = diagnosisOf(result);
    expect(d.extensions).toMatchObject({
      DAMAGE: { present: false },
      Composite: { present: false },
    });
    expect(checkNamed(d, 'DAMAGE')).toMatchObject({
      status: 'warn',
      detail:
        'the X server has no DAMAGE extension: every grab copies every pixel, even of a still screen',
    });
    expect(checkNamed(d, 'XFIXES')).toMatchObject({ status: 'warn' });
    expect(checkNamed(d, 'XFIXES').detail).toContain(
      'the X server has no DAMAGE or XFIXES extension',
    );
    expect(checkNamed(d, 'Composite').detail).toContain(
      'a window covered by others cannot be captured',
    );
    expect(d.blackSample).toBe(true);
    const sample = checkNamed(d, 'sample grab');
    expect(sample.status).toBe('warn');
    expect(sample.detail).toMatch(/^the whole screen came out black, which is suspicious/);
    expect(d.verdict).toMatch(/look at: DAMAGE, XFIXES, Composite, sample grab$/);
  });
});

describe('mss-ts doctor on a server without MIT-SHM and RANDR', () => {
  const plain = useScreen(320, 200, { seed: 7, without: ['MIT-SHM', 'RANDR'] });

  it('says what each costs, and that GetImage is used', async () => {
    const result = await run(['doctor', '--json'], { env: plain.env });
    expect(result.code).toBe(0);
    const d = diagnosisOf(result);
    expect(d.backend).toBe('getimage');
    expect(checkNamed(d, 'MIT-SHM')).toEqual({
      name: 'MIT-SHM',
      status: 'warn',
      detail:
        'not used: the X server has no MIT-SHM extension; GetImage is used instead (slower: every pixel travels through the socket)',
      fix: 'enable the MIT-SHM extension in the X server configuration',
    });
    expect(checkNamed(d, 'RANDR')).toMatchObject({
      status: 'warn',
      detail:
        'the X server has no RANDR extension: monitors are not listed; monitor 1 is the whole screen (1 root 320x200+0+0 (primary))',
    });
    expect(d.speed.map((s) => s.backend)).toEqual(['getimage']);
    expect(d.verdict).toMatch(
      /^capture works through GetImage, \d+ full-screen grabs\/s; look at: MIT-SHM, RANDR$/,
    );
  });
});

describe('mss-ts doctor on a display that wants a cookie', () => {
  let guarded: Xvfb;
  let authFile: string;
  // useScreen has no -auth: this server is started by hand.
  beforeAll(async () => {
    authFile = join(painted.dir, 'Xauthority');
    writeFileSync(authFile, authorityFile(randomBytes(16)));
    guarded = await startXvfb({ screen: '320x200x24', auth: authFile });
  });
  afterAll(() => guarded?.stop());

  it('refused: names XAUTHORITY and exits 69; with the cookie it works', async () => {
    const missing = join(painted.dir, 'no-such-file');
    const env = { DISPLAY: guarded.display, XAUTHORITY: missing };
    const refused = await runBinary(['doctor'], env);
    expect(refused.code).toBe(69);
    const text = refused.stdout.toString();
    expect(text).toMatch(
      /^fail {2}DISPLAY +cannot open display ".*": the X server refused the connection/m,
    );
    expect(text).toMatch(
      /fix: an X server listens on \/tmp\/.X11-unix\/X\d+ but refused this client/,
    );
    expect(text).toContain(`XAUTHORITY=${missing} does not exist; fix: point XAUTHORITY at`);
    const allowed = await runBinary(['doctor'], { ...env, XAUTHORITY: authFile });
    expect(allowed.code).toBe(0);
  });
});

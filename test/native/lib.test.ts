// A library that a feature cannot do without, when it is not installed: libxcb-xfixes0 and
// --cursor. The one library load that fails is simulated (the X server is real, and a system
// library cannot be hidden from dlopen otherwise).
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MSS, ScreenShotError } from '../../src/index.js';
import { run } from '../helpers/cli.js';
import { useScreen } from '../helpers/screen.js';

vi.mock('koffi', async (importOriginal) => {
  const koffi = (await importOriginal<{ default: typeof import('koffi') }>()).default;
  const load = (name: string, ...rest: unknown[]) => {
    if (name === 'libxcb-xfixes.so.0') {
      throw new Error(`Failed to load shared library: ${name}: cannot open shared object file`);
    }
    return (koffi.load as (...args: unknown[]) => unknown)(name, ...rest);
  };
  return {
    default: new Proxy(koffi, { get: (t, k) => (k === 'load' ? load : Reflect.get(t, k)) }),
  };
});

const painted = useScreen(320, 240, { seed: 3 });
const MESSAGE =
  'cannot load libxcb-xfixes.so.0, which drawing the pointer needs: install it (Debian/Ubuntu: apt-get install libxcb-xfixes0)';

describe('without libxcb-xfixes0', () => {
  it('refuses cursor: true, naming the Debian package', () => {
    let error: unknown;
    try {
      new MSS({ display: painted.xvfb.display, cursor: true }).close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScreenShotError);
    expect((error as ScreenShotError).kind).toBe('display');
    expect((error as Error).message).toBe(MESSAGE);
  });

  it('grabs without the pointer as before (damage tracking says why it is off)', () => {
    using sct = new MSS({ display: painted.xvfb.display });
    using frame = sct.grab(0);
    expect(Buffer.from(frame.data).equals(painted.screen)).toBe(true);
    expect(sct.status.reasons).toEqual([
      'every grab copies every pixel: libxcb-damage0 or libxcb-xfixes0 is not installed',
    ]);
  });

  it('makes grab --cursor exit 69 with that message', async () => {
    const file = join(painted.dir, 'shot.png');
    const { code, stdout, stderr } = await run(['grab', '--cursor', file], { env: painted.env });
    expect([code, stdout.length, stderr]).toEqual([69, 0, `mss-ts: ${MESSAGE}\n`]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { cut, paint, pattern } from '../../scripts/paint.js';
import { startXvfb, type Xvfb } from '../../scripts/xvfb.js';
import { MSS } from '../../src/index.js';

let xvfb: Xvfb | undefined;
afterEach(async () => {
  await xvfb?.stop();
  xvfb = undefined;
});

const screen = pattern(320, 200, 12);
const area = { left: 30, top: 40, width: 50, height: 20 };

async function serverWithout(...extensions: string[]): Promise<Xvfb> {
  xvfb = await startXvfb({ screen: '320x200x24', without: extensions });
  paint(xvfb.display, 0, 0, 320, 200, screen);
  return xvfb;
}

describe('servers without an extension', () => {
  it('without RANDR, monitor 1 is the root window', async () => {
    const { display } = await serverWithout('RANDR');
    using sct = new MSS({ display });
    expect(sct.monitors).toEqual([
      { index: 0, name: 'all', left: 0, top: 0, width: 320, height: 200, primary: false },
      { index: 1, name: 'root', left: 0, top: 0, width: 320, height: 200, primary: true },
    ]);
  });

  it('without MIT-SHM, grabs through GetImage and says why', async () => {
    const { display } = await serverWithout('MIT-SHM');
    using sct = new MSS({ display });
    using frame = sct.grab(area);
    expect(Buffer.from(frame.data).equals(cut(screen, 320, area))).toBe(true);
    expect(sct.status).toMatchObject({
      backend: 'getimage',
      reasons: ['the X server has no MIT-SHM extension'],
    });
    using strict = new MSS({ display, backend: 'shm' });
    expect(() => strict.grab(area)).toThrow(
      'MIT-SHM cannot be used: the X server has no MIT-SHM extension',
    );
  });

  it('without DAMAGE, copies every pixel and stays exact', async () => {
    const { display } = await serverWithout('DAMAGE');
    using sct = new MSS({ display });
    sct.grab(area).release();
    paint(display, area.left, area.top, 4, 4, Buffer.alloc(64, 0x7f));
    using frame = sct.grab(area);
    const expected = cut(screen, 320, area);
    for (let y = 0; y < 4; y++) expected.fill(0x7f, y * area.width * 4, y * area.width * 4 + 16);
    expect(Buffer.from(frame.data).equals(expected)).toBe(true);
    expect(sct.status).toMatchObject({
      damageTracking: false,
      reasons: ['every grab copies every pixel: the X server has no DAMAGE or XFIXES extension'],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { cut, paint } from '../../scripts/paint.js';
import { MSS } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const area = { left: 30, top: 40, width: 50, height: 20 };

describe('servers without an extension', () => {
  describe('without RANDR', () => {
    const server = useScreen(320, 200, { seed: 12, without: ['RANDR'] });

    it('monitor 1 is the root window', () => {
      using sct = new MSS({ display: server.xvfb.display });
      expect(sct.monitors).toEqual([
        { index: 0, name: 'all', left: 0, top: 0, width: 320, height: 200, primary: false },
        { index: 1, name: 'root', left: 0, top: 0, width: 320, height: 200, primary: true },
      ]);
    });
  });

  describe('without MIT-SHM', () => {
    const server = useScreen(320, 200, { seed: 12, without: ['MIT-SHM'] });

    it('grabs through GetImage and says why', () => {
      const { display } = server.xvfb;
      using sct = new MSS({ display });
      using frame = sct.grab(area);
      expect(Buffer.from(frame.data).equals(cut(server.screen, 320, area))).toBe(true);
      expect(sct.status).toMatchObject({
        backend: 'getimage',
        reasons: ['the X server has no MIT-SHM extension'],
      });
      using strict = new MSS({ display, backend: 'shm' });
      expect(() => strict.grab(area)).toThrow(
        'MIT-SHM cannot be used: the X server has no MIT-SHM extension',
      );
    });
  });

  describe('without DAMAGE', () => {
    const server = useScreen(320, 200, { seed: 12, without: ['DAMAGE'] });

    it('copies every pixel and stays exact', () => {
      const { display } = server.xvfb;
      using sct = new MSS({ display });
      sct.grab(area).release();
      paint(display, area.left, area.top, 4, 4, Buffer.alloc(64, 0x7f));
      using frame = sct.grab(area);
      const expected = cut(server.screen, 320, area);
      for (let y = 0; y < 4; y++) expected.fill(0x7f, y * area.width * 4, y * area.width * 4 + 16);
      expect(Buffer.from(frame.data).equals(expected)).toBe(true);
      expect(sct.status).toMatchObject({
        damageTracking: false,
        reasons: ['every grab copies every pixel: the X server has no DAMAGE or XFIXES extension'],
      });
    });
  });
});

import { describe, expect, it } from 'vitest';
import { cut } from '../../scripts/paint.js';
import { MSS } from '../../src/index.js';
import { packedBgrx } from '../helpers/pixels.js';
import { useScreen } from '../helpers/screen.js';

const W = 1920;
const H = 1080;
const server = useScreen(W, H, { seed: 5 });
const { screen } = server;

describe('Frame.crop', () => {
  it('is a zero-copy view of the parent with the parent stride', () => {
    using sct = new MSS({ display: server.xvfb.display });
    using frame = sct.grab(0);
    const area = { left: 960, top: 100, width: 101, height: 7 };
    using crop = frame.crop(area);
    expect(crop.stride).toBe(W * 4);
    expect(crop.data.buffer).toBe(frame.data.buffer);
    expect(packedBgrx(crop).equals(cut(screen, W, area))).toBe(true);
  });

  it('refuses an area outside the frame, naming both', () => {
    using sct = new MSS({ display: server.xvfb.display });
    using frame = sct.grab({ left: 0, top: 0, width: 100, height: 100 });
    expect(() => frame.crop({ left: 50, top: 50, width: 51, height: 10 })).toThrow(
      'region 51x10+50+50 reaches outside the frame (100x100+0+0)',
    );
  });
});

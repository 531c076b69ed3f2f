import { describe, expect, it } from 'vitest';
import { cut, paint } from '../../scripts/paint.js';
import { type Frame, MSS, type Region } from '../../src/index.js';
import { useScreen } from '../helpers/screen.js';

const W = 400;
const H = 300;
const server = useScreen(W, H, { seed: 8 });
const model = Buffer.from(server.screen); // what the screen shows

/** Paint a rectangle of one colour on the screen and in the model. */
function fill(area: Region, seed: number): void {
  const pixels = Buffer.alloc(area.width * area.height * 4);
  for (let i = 0; i < pixels.length; i += 4)
    pixels.set([seed & 0xff, (seed * 7) & 0xff, (seed * 13) & 0xff, 0], i);
  paint(server.xvfb.display, area.left, area.top, area.width, area.height, pixels);
  for (let y = 0; y < area.height; y++) {
    pixels.copy(
      model,
      ((area.top + y) * W + area.left) * 4,
      y * area.width * 4,
      (y + 1) * area.width * 4,
    );
  }
}

const exact = (frame: Frame) => Buffer.from(frame.data).equals(cut(model, W, frame.region));
const whole = { left: 0, top: 0, width: W, height: H };

describe('damage tracking', () => {
  it('is on where the server has DAMAGE, and grabs stay exact after changes', () => {
    using sct = new MSS({ display: server.xvfb.display });
    expect(sct.status.damageTracking).toBe(true);
    sct.grab(whole).release();
    fill({ left: 0, top: 0, width: 5, height: 2 }, 1);
    fill({ left: 390, top: 290, width: 10, height: 10 }, 2);
    using frame = sct.grab(whole);
    expect(exact(frame)).toBe(true);
  });

  it('brings a buffer that was held during changes up to date when it is reused', () => {
    using sct = new MSS({ display: server.xvfb.display });
    const first = sct.grab(whole); // buffer A, held
    fill({ left: 10, top: 50, width: 30, height: 3 }, 3);
    const second = sct.grab(whole); // buffer B sees that change; A must remember it
    expect(exact(second)).toBe(true);
    const [bufferA, bufferB] = [first.data.buffer, second.data.buffer];
    first.release();
    fill({ left: 100, top: 200, width: 3, height: 40 }, 4);
    second.release(); // B is now the most recently released
    const third = sct.grab(whole);
    expect(third.data.buffer).toBe(bufferB);
    expect(exact(third)).toBe(true);
    const fourth = sct.grab(whole); // both changes since it was filled
    expect(fourth.data.buffer).toBe(bufferA);
    expect(exact(fourth)).toBe(true);
    third.release();
    fourth.release();
  });

  it('copies everything when the same buffer serves another area', () => {
    using sct = new MSS({ display: server.xvfb.display });
    const a = { left: 3, top: 4, width: 50, height: 60 };
    const b = { left: 7, top: 4, width: 50, height: 60 };
    sct.grab(a).release();
    using frame = sct.grab(b);
    expect(exact(frame)).toBe(true);
  });

  it('stays exact through random changes, holds and areas', () => {
    using sct = new MSS({ display: server.xvfb.display });
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const held: Frame[] = [];
    const areas = [whole, { left: 20, top: 30, width: 100, height: 100 }];
    for (let step = 0; step < 120; step++) {
      const action = random(4);
      if (action === 0) {
        const left = random(W - 1);
        const top = random(H - 1);
        fill(
          { left, top, width: 1 + random(W - left), height: 1 + random(Math.min(40, H - top)) },
          step,
        );
      } else if (action === 1 && held.length > 0) {
        held.splice(random(held.length), 1)[0]?.release();
      } else {
        const frame = sct.grab(areas[random(2)] as Region);
        expect(exact(frame)).toBe(true);
        if (held.length < 3 && random(2) === 0) held.push(frame);
        else frame.release();
      }
    }
    for (const frame of held) frame.release();
  });

  it('can be turned off, and says so', () => {
    using sct = new MSS({ display: server.xvfb.display, damage: false });
    expect(sct.status).toMatchObject({
      damageTracking: false,
      reasons: ['every grab copies every pixel: damage tracking was turned off'],
    });
    fill({ left: 1, top: 1, width: 2, height: 2 }, 99);
    using frame = sct.grab(whole);
    expect(exact(frame)).toBe(true);
  });
});

// Suite "capture": full-screen grabs per second, ours against ffmpeg's x11grab and a memcpy floor.
import { TestWindows, windowPicture } from '../scripts/windows.js';
import { type FrameTarget, MSS } from '../src/index.js';
import { type Desktop, HEIGHT, type Suite, WIDTH } from './desktop.js';
import { hasFfmpeg, x11grabRate } from './ffmpeg.js';
import { type Competitor, duration, fmt, interleave, rateFor, resultsTable } from './stats.js';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 5);
const GRAB_SECONDS = 2;
const FFMPEG_SECONDS = 3;
const BAR = 1.5; // pooled grabs must beat ffmpeg's x11grab by this factor
const FRAME_BYTES = WIDTH * HEIGHT * 4; // 8,294,400
const WINDOW_BAR = 1.2; // a covered window's grab may cost at most this many plain grabs of its area
/** The window captured, and the window that covers part of it. */
const WINDOW = { x: 300, y: 200, width: 800, height: 450 };
const COVER = { x: 500, y: 300, width: 300, height: 200 };

/**
 * A competitor that runs a frames() loop on `target` as fast as it goes: frames per second,
 * with what a loop costs per frame (a window is located on every tick, and stays redirected).
 */
function looper(name: string, sct: MSS, target: FrameTarget): Competitor {
  return {
    name,
    run: async () => {
      const start = performance.now();
      let count = 0;
      for await (const frame of sct.frames(target, { duration: GRAB_SECONDS * 1000 })) {
        frame.release();
        count++;
      }
      return (count * 1e3) / (performance.now() - start);
    },
  };
}

/** A competitor that grabs `target` and releases it in a loop, after a warm-up. */
function grabber(name: string, sct: MSS, target: Parameters<MSS['grab']>[0]): Competitor {
  // Warm-up: the pool's first slots are created and their pages faulted in here, not in round 1.
  for (let i = 0; i < 20; i++) sct.grab(target).release();
  return {
    name,
    run: () =>
      rateFor(GRAB_SECONDS, () => {
        sct.grab(target).release();
      }),
  };
}

/**
 * The median extra time of a grab through `b` over one through `a`, from grabs taken in
 * alternation: a load that changes during the run weighs on both halves of each pair alike.
 */
function pairedExtra(a: MSS, b: MSS, target: Parameters<MSS['grab']>[0], pairs: number): number {
  const timed = (sct: MSS) => {
    const start = performance.now();
    sct.grab(target).release();
    return performance.now() - start;
  };
  const extra: number[] = [];
  for (let i = 0; i < pairs; i++) extra.push(timed(b) - timed(a));
  extra.sort((x, y) => x - y);
  return (extra[pairs >> 1] as number) / 1000;
}

/** Whether the frame shows the painted desktop rather than a black screen (a broken setup). */
function showsDesktop(sct: MSS): boolean {
  const frame = sct.grab(0);
  try {
    return frame.width === WIDTH && frame.height === HEIGHT && frame.data.some((b) => b !== 0);
  } finally {
    frame.release();
  }
}

async function run({ display, picture }: Desktop): Promise<void> {
  const pooled = new MSS({ display, backend: 'auto' });
  // Every pixel on every grab: what a screen that changes everywhere all the time costs.
  const everyPixel = new MSS({ display, backend: 'auto', damage: false });
  const getimage = new MSS({ display, backend: 'getimage', damage: false });
  const windows = new TestWindows(display);
  // The pointer drawn into every frame (--cursor): Xvfb's default cursor, at the screen's centre.
  const withCursor = new MSS({ display, backend: 'auto', cursor: true });
  try {
    const windowId = windows.create({
      ...WINDOW,
      pixels: windowPicture(WINDOW.width, WINDOW.height, 1),
      name: 'bench window',
    });
    windows.create({ ...COVER, overrideRedirect: true });
    const windowArea = {
      left: WINDOW.x,
      top: WINDOW.y,
      width: WINDOW.width,
      height: WINDOW.height,
    };
    const plainLoop = looper(
      `${WINDOW.width}x${WINDOW.height} region loop (every pixel)`,
      everyPixel,
      windowArea,
    );
    // With damage tracking, a still area is one round trip and no copy: the floor of a loop.
    const stillLoop = looper(
      `${WINDOW.width}x${WINDOW.height} region loop (damage tracking, still)`,
      pooled,
      windowArea,
    );
    const windowLoop = looper(
      `covered ${WINDOW.width}x${WINDOW.height} window loop (${pooled.compositeProblem ?? 'Composite'})`,
      pooled,
      { window: windowId },
    );
    const status = pooled.status;
    console.log(`display ${display}, ${WIDTH}x${HEIGHT}x24, showing ${picture}`);
    console.log(
      `pooled backend: ${status.backend}${status.reasons.length ? ` (${status.reasons.join('; ')})` : ''}`,
    );
    if (!showsDesktop(pooled)) throw new Error('the full-screen grab is not the painted desktop');

    const src = Buffer.alloc(FRAME_BYTES, 0x5a); // filled, so every page is really there
    const dst = Buffer.alloc(FRAME_BYTES);
    const full = grabber(`pooled grab (${status.backend}, damage tracking)`, pooled, 0);
    const copyAll = grabber(`pooled grab (${status.backend}, every pixel)`, everyPixel, 0);
    const cursor = grabber(`pooled grab + cursor (${status.backend}, damage)`, withCursor, 0);
    const tinyArea = { left: 0, top: 0, width: 1, height: 1 };
    const around = { left: WIDTH / 2 - 32, top: HEIGHT / 2 - 32, width: 64, height: 64 };
    const competitors: Competitor[] = [
      full,
      copyAll,
      grabber('GetImage grab (every pixel)', getimage, 0),
      cursor,
      grabber('1x1 pooled grab', pooled, tinyArea),
      grabber('64x64 pooled grab around the pointer', pooled, around),
      grabber('64x64 pooled grab + cursor', withCursor, around),
      { name: 'memcpy 8 MB', run: () => rateFor(GRAB_SECONDS / 2, () => src.copy(dst)) },
      plainLoop,
      stillLoop,
      windowLoop,
    ];
    const ffmpeg = hasFfmpeg();
    if (ffmpeg) {
      competitors.splice(2, 0, {
        name: 'ffmpeg x11grab',
        run: () => x11grabRate(display, WIDTH, HEIGHT, FFMPEG_SECONDS),
      });
    } else {
      console.log('ffmpeg is not installed (apt-get install ffmpeg): its x11grab is skipped');
    }

    // Progress on a terminal only: a log file would fill with carriage returns.
    const progress = process.stderr.isTTY
      ? (round: number) => process.stderr.write(`round ${round}/${ROUNDS}...\r`)
      : undefined;
    const results = await interleave(competitors, ROUNDS, progress);
    console.log(`\n${ROUNDS} interleaved rounds, ${WIDTH}x${HEIGHT} unless named:\n`);
    console.log(resultsTable(results, '/s'));
    console.log();

    const rate = (name: string) => results.find((r) => r.name === name)?.median ?? Number.NaN;
    const ours = rate(full.name);
    if (ffmpeg) {
      const ratio = ours / rate('ffmpeg x11grab');
      const verdict = ratio >= BAR ? 'met' : 'NOT met';
      console.log(`pooled / ffmpeg x11grab: ${fmt(ratio)}x  (bar >= ${BAR}x: ${verdict})`);
      const worst = rate(copyAll.name) / rate('ffmpeg x11grab');
      console.log(
        `  every pixel / ffmpeg:   ${fmt(worst)}x  (a screen changing everywhere: no damage to skip)`,
      );
    } else {
      console.log(`pooled / ffmpeg x11grab: skipped, no ffmpeg (bar >= ${BAR}x: not checked)`);
    }
    console.log(
      `every pixel, SHM / GetImage: ${fmt(rate(copyAll.name) / rate('GetImage grab (every pixel)'))}x`,
    );
    // A 1x1 grab moves no pixels to speak of: its time is the X round trip plus our overhead.
    const tiny = 1 / rate('1x1 pooled grab');
    console.log(
      `per-grab overhead (1x1 grab: round trip + library): ${duration(tiny)}; ` +
        `full-screen grab ${duration(1 / ours)}, memcpy floor ${duration(1 / rate('memcpy 8 MB'))}`,
    );
    const windowCost = rate(plainLoop.name) / rate(windowLoop.name);
    console.log(
      `covered window / plain grab of its area, per frame: ${fmt(windowCost)}x  ` +
        `(${duration(1 / rate(windowLoop.name))} vs ${duration(1 / rate(plainLoop.name))}; ` +
        `bar <= ${WINDOW_BAR}x: ${windowCost <= WINDOW_BAR ? 'met' : 'NOT met'})`,
    );
    console.log(
      `  against a still area with damage tracking (no copy at all): ` +
        `${fmt(rate(stillLoop.name) / rate(windowLoop.name))}x; the window is copied whole every frame`,
    );
    // The pointer costs one more request in the same round trip, its reply and the blend.
    const pairs = 2000;
    console.log(
      `--cursor per frame (median of ${pairs} paired grabs): ` +
        `${duration(pairedExtra(pooled, withCursor, 0, pairs))} on a full-screen grab, ` +
        `${duration(pairedExtra(pooled, withCursor, around, pairs))} on a 64x64 grab around the pointer`,
    );
  } finally {
    windows[Symbol.dispose]();
    pooled.close();
    everyPixel.close();
    getimage.close();
    withCursor.close();
  }
}

export const capture: Suite = {
  description: 'full-screen grabs/s: pooled MIT-SHM vs GetImage vs ffmpeg x11grab vs memcpy',
  run,
};

// The capture loop behind --interval/--fps/--count/--duration: frames on a fixed grid, to
// files or a stream, with drops and unchanged frames counted and reported.
import type { Frame } from '../capture/frame.js';
import type { MSS } from '../capture/mss.js';
import type { Region } from '../capture/region.js';
import { hexId } from '../capture/window-id.js';
import { loadEncoder } from '../encode/encode.js';
import type { DataOut } from './data-out.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { FileSink, type Sink, type SinkOptions } from './file-sink.js';
import { followLayout } from './follow-layout.js';
import { isExistingFile, loopWouldOverwrite } from './frame-output.js';
import type { Interruption } from './interruption.js';
import type { Reporter } from './io.js';
import type { LoopPlan } from './loop-plan.js';
import { checkExistingOutput } from './output-name.js';
import type { OutputPlan } from './output-plan.js';
import { PacedStreamSink } from './paced-stream-sink.js';
import type { MonitorSelector } from './parse.js';
import { type LoopCounts, LoopProgress } from './progress.js';
import { StreamSink } from './stream-sink.js';
import { type Target, targetValues } from './targets.js';

export interface LoopContext {
  sct: MSS;
  targets: Target[];
  each: boolean;
  plan: OutputPlan;
  loop: LoopPlan;
  options: SinkOptions & {
    skipUnchanged?: boolean;
    monitor: MonitorSelector;
    region?: Region | undefined;
    select?: boolean | undefined;
  };
  reporter: Reporter;
  out: DataOut;
  interruption: Interruption;
}

/** Whether two frames of the same area hold the same pixels (memcmp of each row). */
export function samePixels(a: Frame, b: Frame): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  const rowBytes = a.width * 4;
  const rows = a.stride === rowBytes && b.stride === rowBytes ? 1 : a.height;
  const length = rows === 1 ? rowBytes * a.height : rowBytes;
  const da = a.data;
  const db = b.data;
  for (let y = 0; y < rows; y++) {
    const x = Buffer.from(da.buffer, da.byteOffset + y * a.stride, length);
    const z = Buffer.from(db.buffer, db.byteOffset + y * b.stride, length);
    if (!x.equals(z)) return false;
  }
  return true;
}

/**
 * A loop never overwrites by accident: refuse before capturing if the first name is a file.
 * A device or FIFO there is written into, as every later one is.
 */
async function refuseExistingFirstFile(context: LoopContext): Promise<void> {
  const { plan, targets, options } = context;
  if (!plan.pattern || options.overwrite) return;
  for (const target of targets) {
    const values = {
      ...target.area,
      ...targetValues(target),
      n: 1,
      date: new Date(),
      ext: plan.ext,
    };
    const path = plan.pattern.render(values);
    checkExistingOutput(path); // a directory is a usage error, as for a plain name
    if (await isExistingFile(path)) throw loopWouldOverwrite(path);
  }
}

/**
 * A raw stream's frames keep the size of the first: a check that throws, naming the window,
 * once one does not.
 */
function sameSizeAs(id: number, title: string): (frame: Frame) => void {
  let first: Frame['region'] | undefined;
  return (frame) => {
    first ??= frame.region;
    if (frame.width === first.width && frame.height === first.height) return;
    const name = title ? ` ("${title}")` : '';
    throw new Error(
      `window ${hexId(id)}${name} changed size from ${first.width}x${first.height} to ${frame.width}x${frame.height}, and a raw stream's frames keep one size`,
    );
  };
}

export async function runLoop(context: LoopContext): Promise<ExitCode> {
  const { sct, targets, each, plan, loop, options, reporter, out, interruption } = context;
  await refuseExistingFirstFile(context);
  if (plan.format !== 'raw') {
    // Now, not in the middle of the first tick. libvips caches recent operations (up to 50 MB)
    // for reuse; no two frames are alike, so in a long loop the cache is only memory held. The
    // command owns its process, so it may change this setting, which the library leaves alone.
    loadEncoder().cache(false);
  }
  const sink: Sink = plan.pattern
    ? new FileSink(
        plan.pattern,
        plan,
        targets,
        each,
        options,
        out,
        reporter,
        interruption.abandoned,
      )
    : loop.pace === 'frames'
      ? new PacedStreamSink(plan, options, out, reporter, interruption.signal)
      : new StreamSink(plan, options, out, reporter);
  const window = targets[0]?.window;
  // A window is looked up on every tick (it moves, it changes size); monitors follow the layout;
  // a selection is made once, and the loop keeps its area whatever the layout does.
  const target = options.select
    ? (targets[0] as Target).area
    : (window?.target ??
      followLayout(targets, {
        monitor: options.monitor,
        region: options.region,
        each,
        fixedSize: plan.pattern === null,
      }));
  const checkSize =
    window && plan.pattern === null ? sameSizeAs(window.target.window, window.title) : () => {};
  const frames = sct.frames(target, {
    interval: loop.intervalMs,
    ...(loop.count !== undefined && { count: loop.count }),
    ...(loop.durationMs !== undefined && { duration: loop.durationMs }),
    signal: interruption.signal,
    // Damage first: a tick with nothing drawn since the last grab costs neither grab nor compare.
    ...(options.skipUnchanged && { skipUnchanged: true }),
  });
  const progress = await LoopProgress.start(reporter);
  let compared = 0; // frames grabbed and found equal to the last one written
  const unchangedSoFar = () => compared + frames.stats.skipped;
  let droppedSeen = 0;
  let lastWritten: Frame | undefined; // a crop that keeps the last written frame's buffer
  // Every tick is written, unchanged, repeated (a stream paced by frames) or dropped: dropped
  // counts what is left, ticks the loop missed and frames that never went out alike.
  const counts = (): LoopCounts => {
    const { ticks } = frames.stats;
    const { written, repeated } = sink;
    const unchanged = unchangedSoFar();
    return {
      ...frames.stats,
      written,
      unchanged,
      repeated,
      dropped: Math.max(0, ticks - written - unchanged - repeated),
    };
  };
  let failure: unknown;
  try {
    for await (const frame of frames) {
      droppedSeen = frame.timing.droppedSoFar;
      try {
        checkSize(frame);
      } catch (error) {
        frame.release();
        throw error;
      }
      if (options.skipUnchanged) {
        if (lastWritten && samePixels(frame, lastWritten)) {
          compared++;
          frame.release();
          progress.update(counts());
          continue;
        }
        lastWritten?.release();
        lastWritten = frame.crop(frame.region);
      }
      await sink.accept(frame, unchangedSoFar());
      progress.update(counts());
      if (sink.closed) break; // the reader of stdout is gone
    }
    if (!interruption.signal.aborted) sink.pad(frames.stats.dropped - droppedSeen);
  } catch (error) {
    failure = error;
  }
  lastWritten?.release();
  try {
    await sink.drain();
  } catch (error) {
    failure ??= error;
  }
  const encoded = sink.encoder.summary();
  if (encoded) reporter.debug(encoded);
  // A failed run says one thing, its error; the account is for a run that ended as asked,
  // which includes printing every path it wrote.
  await out.settled();
  progress.finish(failure || interruption.failed ? undefined : counts());
  if (failure) throw failure;
  return EXIT.ok;
}

// A single grab: every target from one moment, encoded side by side, written atomically.
import type { Frame } from '../capture/frame.js';
import type { MSS } from '../capture/mss.js';
import type { PendingFrame } from '../capture/pending-frame.js';
import type { Region } from '../capture/region.js';
import type { WindowTarget } from '../capture/window-source.js';
import type { DataOut } from './data-out.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { GrabEncoding } from './frame-output.js';
import type { Reporter } from './io.js';
import type { OutputPlan } from './output-plan.js';
import { type GrabRecord, recordOf } from './records.js';
import { grabTargetOf, type Target, targetValues } from './targets.js';

export interface GrabContext {
  sct: MSS;
  targets: Target[];
  each: boolean;
  plan: OutputPlan;
  options: GrabEncoding & { json?: boolean; clipboard?: boolean | undefined };
  /** The display's name, for the clipboard's owner process. */
  display: string;
  reporter: Reporter;
  out: DataOut;
}

// process.hrtime, not performance.now(): the first use of `performance` loads perf_hooks.
const now = () => Number(process.hrtime.bigint()) / 1e6;
const since = (start: number) => Math.round((now() - start) * 100) / 100;

/**
 * Ask for every area, run `load` while the X server copies them, then collect the frames: the
 * copy of the screen and loading the encoder (node:zlib, the PNG code) overlap.
 */
async function grabWhile<T>(
  sct: MSS,
  areas: (Region | number | WindowTarget)[],
  load: () => Promise<T>,
): Promise<[Frame[], T]> {
  const pending: PendingFrame[] = [];
  const frames: Frame[] = [];
  try {
    for (const area of areas) pending.push(sct.startGrab(area));
    const loaded = await load();
    for (const p of pending) frames.push(p.wait());
    return [frames, loaded];
  } catch (error) {
    for (const p of pending) p.release();
    for (const frame of frames) frame.release();
    throw error;
  }
}

export async function grabOnce({
  sct,
  targets,
  each,
  plan,
  options,
  reporter,
  out,
  display,
}: GrabContext): Promise<ExitCode> {
  const started = now();
  const date = new Date();
  // Started first: its start-up overlaps the capture and the encoding.
  using clipboard = options.clipboard
    ? (await import('./clipboard.js')).startClipboardOwner(plan.format, display, reporter.io.env)
    : undefined;
  if (clipboard) reporter.debug(`started the clipboard's owner, process ${clipboard.pid}`);
  // -m each: one grab of the whole screen, cropped, so that every file shows the same instant.
  const [grabbed, encoder] = await grabWhile(
    sct,
    each ? [0] : targets.map(grabTargetOf),
    () => import('./frame-output.js'),
  );
  const { startEncoding, writeOutput } = encoder;
  using whole = each ? grabbed[0] : undefined;
  const frames = whole ? targets.map((t) => whole.crop(t.area)) : grabbed;
  const captureMs = since(started);
  if (reporter.verbose) {
    const { backend, reasons } = sct.status; // costs round trips: only when asked
    const why = reasons.length ? ` (${reasons.join('; ')})` : '';
    reporter.debug(`captured in ${captureMs} ms through ${backend}${why}`);
  }
  try {
    const records = await Promise.all(
      frames.map(async (frame, i): Promise<GrabRecord | null> => {
        const target = targets[i] as Target;
        const encodeStart = now();
        // One screenshot and exit: zlib on several threads beats loading sharp.
        const bytes = await startEncoding(frame, plan, { ...options, pngEncoder: 'zlib' });
        const encodeMs = since(encodeStart);
        reporter.debug(`encoded ${plan.format} in ${encodeMs} ms`);
        let path = '-';
        if (plan.clipboardOnly) {
          // nothing but the clipboard, below
        } else if (!plan.pattern) {
          if (!(await out.bytes(bytes))) return null;
        } else {
          const name = plan.pattern.render({
            ...frame.region,
            ...targetValues(target),
            n: 1,
            date,
            ext: plan.ext,
          });
          // A name the user gave is replaced, as scrot -o and maim do; a default name never is:
          // two screenshots in one second get -1, -2... instead.
          path = await writeOutput(name, bytes, { overwrite: !plan.defaultName });
        }
        if (clipboard) {
          const pid = await clipboard.offer(bytes);
          reporter.debug(`the clipboard is served by process ${pid} until another client takes it`);
          if (plan.clipboardOnly) return null;
        }
        return recordOf({
          path,
          target,
          frame,
          format: plan.format,
          bytes: bytes.length,
          captureMs,
          encodeMs,
        });
      }),
    );
    for (const record of records) {
      if (!record || record.path === '-') continue;
      if (options.json) out.json(record);
      else out.line(record.path);
    }
  } finally {
    for (const frame of frames) frame.release();
  }
  return EXIT.ok;
}

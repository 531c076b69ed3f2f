// ffmpeg's own x11grab rate, the reference the capture suite is measured against.
import { spawn, spawnSync } from 'node:child_process';

export function hasFfmpeg(): boolean {
  return !spawnSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore' }).error;
}

/**
 * x11grab as fast as it goes: -framerate 10000 asks for no pacing, and -fps_mode passthrough
 * (an output option, valid anywhere after -i) keeps every grabbed frame; without it ffmpeg's
 * frame-rate logic drops most of them ("frame duplication too large, skipping").
 */
export function x11grabInput(display: string, width: number, height: number): string[] {
  return [
    ...['-f', 'x11grab', '-draw_mouse', '0', '-framerate', '10000'],
    ...['-video_size', `${width}x${height}`, '-i', display, '-fps_mode', 'passthrough'],
  ];
}

/** Last value of `key=` in ffmpeg's -progress output (it prints one block per update). */
export function lastValue(progress: string, key: string): number {
  const values = [...progress.matchAll(new RegExp(`^${key}=\\s*(\\S+)$`, 'gm'))];
  return Number(values.at(-1)?.[1]);
}

/**
 * Grab `width`x`height` from `display` as fast as x11grab goes for `seconds`; returns frames per
 * second. The -progress block is machine-readable, unlike the stderr summary line; its out_time
 * is the grab's wall-clock span, so ffmpeg's start-up does not count.
 */
export async function x11grabRate(
  display: string,
  width: number,
  height: number,
  seconds: number,
): Promise<number> {
  const args = ['-hide_banner', '-nostats', '-progress', 'pipe:1', '-f', 'x11grab'];
  args.push('-draw_mouse', '0', '-framerate', '10000', '-video_size', `${width}x${height}`);
  args.push('-i', display, '-t', String(seconds), '-f', 'null', '-');
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  // Output frames = grabbed + duplicated - dropped: undo the frame-rate logic to count grabs.
  const grabbed =
    lastValue(out, 'frame') - lastValue(out, 'dup_frames') + lastValue(out, 'drop_frames');
  const elapsed = lastValue(out, 'out_time_us') / 1e6;
  if (code !== 0 || !(grabbed > 0) || !(elapsed > 0)) {
    const tail = err.trim().split('\n').slice(-3).join('\n');
    throw new Error(`ffmpeg x11grab failed (exit ${code}):\n${tail}`);
  }
  return grabbed / elapsed;
}

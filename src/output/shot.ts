// python-mss's shot(): monitors to files named by an output pattern, written by save().
import type { Frame } from '../capture/frame.js';
import type { Monitor } from '../capture/monitors.js';
import type { MSS, ShotOptions } from '../capture/mss.js';
import { integerOption, invalidOption, optionsOf, stringOption } from '../capture/validate.js';
import { checkEncodeOptions } from '../encode/encode.js';
import { extensionOf, formatOfPath } from '../encode/formats.js';
import { OutputPattern } from './pattern.js';
import { SAVE_OPTIONS, save } from './save.js';

const SHOT_OPTIONS = [...SAVE_OPTIONS, 'monitor', 'output'] as const;

/** MSS.shot(): capture, name each file from the pattern, save; resolves to the paths. */
export async function shot(sct: MSS, options: ShotOptions): Promise<string[]> {
  const given = optionsOf(options, 'ShotOptions', SHOT_OPTIONS);
  const monitor = integerOption('monitor', given.monitor, -1) ?? 1;
  const output = stringOption('output', given.output, true) ?? 'monitor-{mon}.png';
  checkEncodeOptions(given);
  const pattern = new OutputPattern(output);
  const every = monitor === -1;
  if (every && !pattern.uses.has('mon') && !pattern.uses.has('name')) {
    throw invalidOption('output', 'a pattern with {mon} or {name} for monitor -1', output);
  }
  const { monitor: _, output: __, ...saving } = options;
  const format = saving.format ?? formatOfPath(output)?.format ?? 'png';
  const ext = extensionOf(format, saving.pixelFormat);
  const date = new Date();
  // Every monitor: one capture of the whole screen, cut up, so that the files show one moment.
  const whole = every ? sct.grab(0) : undefined;
  const targets: Monitor[] = every ? sct.monitors.slice(1) : [];
  const frames: Frame[] = [];
  try {
    if (whole) {
      for (const m of targets) frames.push(whole.crop(m));
      whole.release();
    } else {
      frames.push(sct.grab(monitor));
      targets.push(sct.monitors[monitor] as Monitor);
    }
    return await Promise.all(
      frames.map(async (frame, i) => {
        const { index, name } = targets[i] as Monitor;
        const path = pattern.render({ ...frame.region, mon: index, name, n: 1, date, ext });
        return (await save(frame, path, saving)).path;
      }),
    );
  } finally {
    whole?.release();
    for (const frame of frames) frame.release();
  }
}

// Suite "resize": what --scale / --resize cost per 1080p frame: encode() of the same captured
// frame at full size and resized, in this process (the command's loop calls the same encode()).
import { type EncodeOptions, encode, MSS } from '../src/index.js';
import { type Desktop, HEIGHT, type Suite, WIDTH } from './desktop.js';
import { type Competitor, fmt, interleave, resultsTable } from './stats.js';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS) || 5);
const SECONDS = 1.5;

/** encode() of `frame` back to back for about SECONDS, after a warm-up; frames per second. */
function encoder(name: string, sct: MSS, options: EncodeOptions): Competitor {
  return {
    name,
    async run() {
      using frame = sct.grab(0);
      for (let i = 0; i < 2; i++) await encode(frame, options); // sharp, its threads, scratch
      const start = performance.now();
      let count = 0;
      do {
        await encode(frame, options);
        count++;
      } while (performance.now() - start < SECONDS * 1e3);
      return (count * 1e3) / (performance.now() - start);
    },
  };
}

async function run({ display, picture }: Desktop): Promise<void> {
  using sct = new MSS({ display });
  console.log(`display ${display}, ${WIDTH}x${HEIGHT}x24, showing ${picture}`);
  const half = { scale: 0.5 } as const;
  const competitors = [
    encoder('JPEG q80', sct, { format: 'jpeg', quality: 80 }),
    encoder('JPEG q80, --scale 0.5', sct, { format: 'jpeg', quality: 80, ...half }),
    encoder('PNG level 6', sct, { format: 'png' }),
    encoder('PNG level 6, --scale 0.5', sct, { format: 'png', ...half }),
    encoder('raw bgr0, --scale 0.5', sct, { format: 'raw', ...half }),
    encoder('raw bgr0, --resize 1280x720', sct, {
      format: 'raw',
      resize: { width: 1280, height: 720 },
    }),
    encoder('raw bgr0, --scale 2', sct, { format: 'raw', scale: 2 }),
  ];
  const progress = process.stderr.isTTY
    ? (round: number) => process.stderr.write(`round ${round}/${ROUNDS}...\r`)
    : undefined;
  const results = await interleave(competitors, ROUNDS, progress);
  console.log(
    `\n${ROUNDS} interleaved rounds, one ${WIDTH}x${HEIGHT} frame encoded again and again:\n`,
  );
  console.log(resultsTable(results, 'frames/s'));
  const perFrame = (name: string) => 1e3 / (results.find((r) => r.name === name)?.median ?? NaN);
  console.log(
    `\nJPEG at half size: ${fmt(perFrame('JPEG q80, --scale 0.5'))} ms a frame against ` +
      `${fmt(perFrame('JPEG q80'))} ms at full size; PNG: ${fmt(perFrame('PNG level 6, --scale 0.5'))} ` +
      `against ${fmt(perFrame('PNG level 6'))} ms. Resizing is sharp's lanczos3 on three bands.`,
  );
}

export const resize: Suite = {
  description: 'encode() cost per 1080p frame with --scale / --resize against full size',
  run,
};

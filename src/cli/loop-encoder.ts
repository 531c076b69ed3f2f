// Encoding in a loop: PNG goes through one strip encoder per target (with -m each, per
// monitor), which deflates again only the strips that changed since that target's previous
// frame. JPEG and WebP encode every frame whole, as a single grab does.
import type { Frame } from '../capture/frame.js';
import { createPngEncoder, type PngEncoder } from '../encode/png-encoder.js';
import { type GrabEncoding, startEncoding } from './frame-output.js';
import type { OutputPlan } from './output-plan.js';

/**
 * Whether PNG loops reuse unchanged strips: `MSS_TS_PNG_REUSE=0` turns it off (each frame is
 * then encoded whole, through sharp), to compare the two.
 */
export const pngReuseEnabled = (env: NodeJS.ProcessEnv): boolean => env.MSS_TS_PNG_REUSE !== '0';

export class LoopEncoder {
  readonly #png = new Map<number, PngEncoder>();
  readonly #reuse: boolean;

  constructor(
    readonly plan: OutputPlan,
    readonly options: GrabEncoding,
    env: NodeJS.ProcessEnv,
  ) {
    // A resized frame is a new image every time: strips of the captured rows cannot be reused.
    const resized = options.scale !== undefined || options.resize !== undefined;
    this.#reuse = plan.format === 'png' && !resized && pngReuseEnabled(env);
  }

  /**
   * Start encoding `frame`, the `part`-th file of its tick; frames of one part must be started
   * in capture order. As startEncoding(): encoded formats copy the pixels before returning.
   */
  start(frame: Frame, part = 0): Promise<Uint8Array> {
    if (!this.#reuse) return startEncoding(frame, this.plan, this.options);
    let png = this.#png.get(part);
    if (!png) {
      png = createPngEncoder({ level: this.options.level });
      this.#png.set(part, png);
    }
    return png.encode(frame);
  }

  /** What the PNG strip encoders did (for --verbose), or undefined when there were none. */
  summary(): string | undefined {
    if (this.#png.size === 0) return undefined;
    const total = { frames: 0, wholeFrames: 0, reusedStrips: 0, deflatedStrips: 0 };
    for (const png of this.#png.values()) {
      const stats = png.stats;
      total.frames += stats.frames;
      total.wholeFrames += stats.wholeFrames;
      total.reusedStrips += stats.reusedStrips;
      total.deflatedStrips += stats.deflatedStrips;
    }
    return (
      `PNG: ${total.frames} frames, ${total.wholeFrames} encoded whole; ` +
      `${total.reusedStrips} strips reused, ${total.deflatedStrips} deflated`
    );
  }
}

// A captured image: a zero-copy view of a pool slot, valid until released.
import { toPixelFormat, toRgb } from '../encode/pixels.js';
import type { Band } from './bands.js';
import { ScreenShotError } from './errors.js';
import type { FrameTiming } from './frame-loop.js';
import type { Slot, SlotPool } from './pool.js';
import { checkRegion, type Region } from './region.js';
import { invalidOption, isIntegerBetween } from './validate.js';

/**
 * @internal Which rows of a frame can differ from the frame its session grabbed just before it
 * (the grab whose serial is one less) when that frame showed the same area: the rows this grab
 * copied, in root-window coordinates, or `all` when it copied every row. A loop's encoder uses
 * it to skip rows it already encoded.
 */
export interface GrabRecord {
  /** The capture session (compared by identity). */
  readonly session: object;
  /** The session's grabs, counted from 0. */
  readonly serial: number;
  readonly rows: readonly Band[] | 'all';
}

interface Lease {
  pool: SlotPool;
  slot: Slot;
  returned: boolean;
}

function giveBack(lease: Lease): void {
  if (lease.returned) return;
  lease.returned = true;
  lease.pool.release(lease.slot);
}

// A safety net for frames dropped without release(); prompt release() is still the contract.
const releaseForgotten = new FinalizationRegistry<Lease>(giveBack);

/**
 * BGRX pixels of a screen area (byte 3 of each pixel is padding, not alpha), `stride` bytes per
 * row. `data` is the capture buffer itself: it is valid until `release()`, after which the
 * buffer is reused by later grabs and `data` throws. Copy what you keep (`data.slice()`).
 * Treat `data` as read-only: with damage tracking, a later grab into the same buffer copies only
 * the rows that changed on screen, so a pixel written here would show in later frames.
 */
export class Frame implements Disposable {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Bytes from the start of one row to the next (width * 4 unless the frame is a crop). */
  readonly stride: number;
  /** Set on frames from MSS.frames(): the tick and how late it was taken. */
  readonly timing: FrameTiming | undefined = undefined;
  /** @internal What the grab copied, when a session grab made this frame's buffer. */
  readonly grabRecord: GrabRecord | undefined;
  #data: Uint8Array | null;
  #lease: Lease;

  /** Frames come from MSS.grab() and Frame.crop(). */
  private constructor(
    pool: SlotPool,
    slot: Slot,
    region: Region,
    offset: number,
    stride: number,
    grabRecord: GrabRecord | undefined,
  ) {
    this.grabRecord = grabRecord;
    this.left = region.left;
    this.top = region.top;
    this.width = region.width;
    this.height = region.height;
    this.stride = stride;
    const length = (region.height - 1) * stride + region.width * 4;
    this.#data = slot.bytes.subarray(offset, offset + length);
    this.#lease = { pool, slot, returned: false };
    releaseForgotten.register(this, this.#lease, this);
  }

  /**
   * @internal A frame of `region` held in `slot` from byte `offset`, rows `stride` bytes apart;
   * the caller has acquired (or retained) the slot for it.
   */
  static create(
    pool: SlotPool,
    slot: Slot,
    region: Region,
    offset: number,
    stride: number,
    grabRecord?: GrabRecord,
  ): Frame {
    return new Frame(pool, slot, region, offset, stride, grabRecord);
  }

  /** The pixels, row after row, `stride` bytes apart. Throws once the frame is released. */
  get data(): Uint8Array {
    if (this.#data === null) {
      throw new ScreenShotError(
        'this frame was released and its buffer reused: copy data before release() to keep it',
        'capture',
      );
    }
    return this.#data;
  }

  get released(): boolean {
    return this.#data === null;
  }

  /** The frame's area in root-window coordinates. */
  get region(): Region {
    return { left: this.left, top: this.top, width: this.width, height: this.height };
  }

  /**
   * A frame for part of this one (root-window coordinates), sharing its buffer without a copy.
   * Each crop must be released too; the buffer returns to the pool when all are.
   * @throws ScreenShotError if the area is not inside this frame, or this frame is released.
   */
  crop(area: Region): Frame {
    const data = this.data;
    const r = checkRegion(area, this.region, 'the frame');
    const offset = data.byteOffset + (r.top - this.top) * this.stride + (r.left - this.left) * 4;
    this.#lease.pool.retain(this.#lease.slot);
    return new Frame(this.#lease.pool, this.#lease.slot, r, offset, this.stride, this.grabRecord);
  }

  /**
   * The colour of one pixel, `[red, green, blue]` from 0 to 255, at `x`, `y` counted from the
   * frame's top left corner (python-mss's `ScreenShot.pixel()`).
   * @throws ScreenShotError (kind `argument`) for a position outside the frame; (kind `capture`)
   *   once the frame is released.
   *
   * @example
   * using frame = sct.grab({ left: 0, top: 0, width: 10, height: 10 });
   * const [red, green, blue] = frame.pixel(9, 0); // the top right pixel
   * console.log(red, green, blue);
   */
  pixel(x: number, y: number): [red: number, green: number, blue: number] {
    const data = this.data;
    if (!isIntegerBetween(x, 0, this.width - 1)) {
      throw invalidOption('x', `integer between 0 and ${this.width - 1}`, x);
    }
    if (!isIntegerBetween(y, 0, this.height - 1)) {
      throw invalidOption('y', `integer between 0 and ${this.height - 1}`, y);
    }
    const i = y * this.stride + x * 4;
    return [data[i + 2] as number, data[i + 1] as number, data[i] as number];
  }

  /**
   * The pixels as packed RGB, three bytes a pixel, row after row without gaps, in a new Buffer
   * that stays valid after release() (python-mss's `ScreenShot.rgb`).
   * @throws ScreenShotError (kind `capture`) once the frame is released.
   *
   * @example
   * using frame = sct.grab(1);
   * const rgb = frame.toRgb(); // frame.width * frame.height * 3 bytes
   * console.log(rgb.length === frame.width * frame.height * 3);
   */
  toRgb(): Buffer {
    return toRgb(this);
  }

  /**
   * The pixels as packed RGBA, four bytes a pixel with alpha 255, row after row without gaps, in
   * a new Buffer that stays valid after release() (what canvas `ImageData` and many image
   * libraries take).
   * @throws ScreenShotError (kind `capture`) once the frame is released.
   *
   * @example
   * using frame = sct.grab(1);
   * const rgba = frame.toRgba(); // frame.width * frame.height * 4 bytes
   * console.log(rgba[3]); // 255
   */
  toRgba(): Buffer {
    const rgba = toPixelFormat(this, 'rgba');
    return Buffer.from(rgba.buffer, rgba.byteOffset, rgba.length);
  }

  /** Give the buffer back to the pool. Safe to call more than once, and after MSS.close(). */
  release(): void {
    if (this.#data === null) return;
    this.#data = null;
    releaseForgotten.unregister(this);
    giveBack(this.#lease);
  }

  [Symbol.dispose](): void {
    this.release();
  }
}

// A grab the X server is still working on: the pixels are being copied while the caller works on.
import { ScreenShotError } from './errors.js';
import type { Frame } from './frame.js';

/**
 * From MSS.startGrab(): wait() returns the frame once the X server has copied it. A pending
 * frame that is never waited for still holds a capture buffer: release() it (or `using`).
 */
export class PendingFrame implements Disposable {
  #finish: (() => Frame) | null;

  /** Pending frames come from MSS.startGrab(). */
  private constructor(finish: () => Frame) {
    this.#finish = finish;
  }

  /** @internal `finish` waits for the replies and wraps the buffer in a Frame. */
  static create(finish: () => Frame): PendingFrame {
    return new PendingFrame(finish);
  }

  /**
   * Block until the pixels are in and return the frame (once).
   * @throws ScreenShotError if called twice, or if the capture failed.
   */
  wait(): Frame {
    const finish = this.#finish;
    if (!finish) throw new ScreenShotError('wait() was already called on this grab', 'capture');
    this.#finish = null;
    return finish();
  }

  /**
   * Give the buffer back if wait() was never called (the reply is still read off the wire);
   * nothing once it was: the frame is then released on its own. Safe to call twice.
   */
  release(): void {
    if (!this.#finish) return;
    try {
      this.wait().release();
    } catch {
      // the capture failed: its buffer went back to the pool with the error
    }
  }

  [Symbol.dispose](): void {
    this.release();
  }
}

// Loop frames to stdout, one per tick (--pace frames): a video made of them keeps the wall
// clock's timing. A tick whose own frame is missing (the loop was late, or the reader was slow
// and capture waited) is filled with the newest frame captured, so a slow reader gets the
// freshest pictures there are, never a run of old ones.
import type { Frame } from '../capture/frame.js';
import type { TimedFrame } from '../capture/frame-loop.js';
import type { DataOut } from './data-out.js';
import type { Sink } from './file-sink.js';
import type { GrabEncoding } from './frame-output.js';
import type { Reporter } from './io.js';
import { LoopEncoder } from './loop-encoder.js';
import type { OutputPlan } from './output-plan.js';
import { stdoutFrameWriter, wroteToStdout } from './stream-sink.js';
import type { Writer } from './stream-writer.js';

/** A captured frame's bytes, shared by the writes that send it. */
interface Shot {
  /** The capture buffer, held while its bytes are the buffer itself (raw bgr0); else null. */
  frame: Frame | null;
  bytes: Uint8Array;
  /** Writes under way. */
  users: number;
  /** Writes done. */
  sent: number;
}

export class PacedStreamSink implements Sink {
  written = 0;
  repeated = 0;
  closed = false;
  readonly #write: Writer;
  readonly encoder: LoopEncoder;
  #newest: Shot | undefined;
  /** Ticks still to be sent. */
  #owed = 0;
  #pumping: Promise<void> | undefined;
  #failure: unknown;
  #wake: () => void = () => {};

  /** @param stopped once aborted, only the frame in hand is still sent, not the ticks owed. */
  constructor(
    readonly plan: OutputPlan,
    readonly options: GrabEncoding,
    out: DataOut,
    reporter: Reporter,
    readonly stopped: AbortSignal,
  ) {
    this.#write = stdoutFrameWriter(out, reporter);
    this.encoder = new LoopEncoder(plan, options, reporter.io.env);
  }

  async accept(frame: TimedFrame, _unchangedSoFar: number): Promise<void> {
    const bytes = await this.encoder.start(frame);
    const shot: Shot = {
      frame: bytes.buffer === frame.data.buffer ? frame : null,
      bytes,
      users: 0,
      sent: 0,
    };
    if (!shot.frame) frame.release();
    const previous = this.#newest;
    this.#newest = shot;
    if (previous) this.#retire(previous);
    this.#owed += frame.timing.droppedBefore + 1;
    this.#pump();
    // Capture waits while this frame waits for the writer: what the writer takes next is then
    // as fresh as can be, and at most two frames are held.
    while (shot.users === 0 && shot.sent === 0 && this.#pumping) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    this.#throwFailure();
  }

  pad(dropped: number): void {
    this.#owed += dropped;
    this.#pump();
  }

  async drain(): Promise<void> {
    if (this.stopped.aborted) {
      const inHand = this.#newest;
      this.#owed = inHand && inHand.sent === 0 && inHand.users === 0 ? 1 : 0; // the frame in hand
    }
    while (this.#pumping) await this.#pumping;
    if (this.#newest) this.#retire(this.#newest, true);
    this.#newest = undefined;
    this.#throwFailure();
  }

  #pump(): void {
    if (this.#pumping || this.closed) return;
    this.#pumping = (async () => {
      while (this.#owed > 0 && !this.closed && this.#failure === undefined && this.#newest) {
        const shot = this.#newest;
        this.#owed--;
        shot.users++;
        this.#wake();
        const error = await this.#write(shot.bytes);
        shot.users--;
        try {
          if (!wroteToStdout(error)) this.closed = true;
          else if (shot.sent++ === 0) this.written++;
          else this.repeated++;
        } catch (failure) {
          this.#failure = failure;
        }
        if (shot !== this.#newest) this.#retire(shot);
      }
      this.#pumping = undefined;
      this.#wake();
    })();
  }

  /** Let go of a shot's buffer once it is neither the newest nor being written. */
  #retire(shot: Shot, last = false): void {
    if (shot.users > 0 || (shot === this.#newest && !last)) return;
    shot.frame?.release();
    shot.frame = null;
  }

  #throwFailure(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}

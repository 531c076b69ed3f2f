// Capture buffers, reused across frames so that a grab never allocates.
//
// Who owns a slot, at each moment:
// - free: on the pool's stack, referenced by no Frame; the next acquire() takes the most
//   recently released one (its pages are warm; an unused slot's pages are never touched).
// - held: by one or more Frames (a frame and its crops, counted in `holders`); the pool does
//   not hand it out until every holder has released it. A grab that draws the pointer draws it
//   into its held slot, which no other grab can see, and records the pixels it overwrote in
//   `patch`: the last release puts them back, so the slot again holds exactly what the X server
//   copied (later grabs copy only the rows that changed on screen, and must not find a pointer).
// - retired: the pool was closed. It is never handed out again; a held slot stays mapped, and
//   so does every slot that JavaScript can still reach.
// Memory is unmapped only when the slot's one ArrayBuffer view is garbage-collected (or at
// exit), so no sequence of JavaScript calls can read unmapped memory: a `data` array kept past
// release() at worst shows pixels of a later grab.

import { closeFd, mapMemory, memfdOfSize, unmapMemory, viewOf } from '../native/libc.js';
import { shmAttachFd, shmDetach } from '../native/shm.js';
import type { Pointer } from '../native/types.js';
import type { XConnection } from '../native/xcb.js';
import { ALL, mergeBands, type Stale } from './bands.js';
import { type Patch, restorePatch } from './cursor.js';
import { ScreenShotError } from './errors.js';
import type { Region } from './region.js';

export interface Slot {
  readonly ptr: Pointer;
  readonly size: number;
  /** The slot's only view; frames hand out subarrays of it. */
  readonly bytes: Uint8Array;
  /** The MIT-SHM segment id, or 0 for a slot that GetImage copies into. */
  readonly segment: number;
  holders: number;
  /** The area of the screen whose pixels the slot holds (packed from offset 0), if any. */
  copiedArea: Region | undefined;
  /** Rows of the screen that changed since copiedArea was copied. */
  stale: Stale;
  /** Pixels overwritten while held (the pointer), put back when the last holder releases. */
  patch: Patch | undefined;
}

const unmapWhenUnreachable = new FinalizationRegistry<{ ptr: Pointer; size: number }>(
  ({ ptr, size }) => unmapMemory(ptr, size),
);

export interface PoolOptions {
  /** Bytes per slot: the root window's size, so any region fits. */
  slotSize: number;
  /** Share slots with the X server through MIT-SHM (this connection), or keep them private. */
  shm: XConnection | null;
  initialSlots?: number;
  maxSlots?: number;
}

export class SlotPool {
  readonly slotSize: number;
  readonly maxSlots: number;
  #shm: XConnection | null;
  #all: Slot[] = [];
  #free: Slot[] = [];
  #closed = false;

  constructor({ slotSize, shm, initialSlots = 2, maxSlots = 32 }: PoolOptions) {
    this.slotSize = slotSize;
    this.maxSlots = maxSlots;
    this.#shm = shm;
    try {
      const count = Math.min(initialSlots, maxSlots);
      for (let i = 0; i < count; i++) this.#free.push(this.#create());
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Slots in existence (free or held). */
  get size(): number {
    return this.#all.length;
  }

  /** Take the most recently released slot, growing the pool when every slot is held. */
  acquire(): Slot {
    if (this.#closed) throw new ScreenShotError('the capture session is closed', 'capture');
    const slot = this.#free.pop() ?? this.#grow();
    slot.holders = 1;
    return slot;
  }

  /** Rows changed on screen: every slot, free or held, must copy them again when next filled. */
  markStale(bands: Stale): void {
    for (const slot of this.#all) slot.stale = mergeBands(slot.stale, bands);
  }

  /** One more holder (a crop of a held frame). */
  retain(slot: Slot): void {
    slot.holders++;
  }

  /** Drop one holder; the last one gives the slot back (or, after close, lets it go). */
  release(slot: Slot): void {
    if (slot.holders <= 0) return;
    slot.holders--;
    if (slot.holders > 0) return;
    if (slot.patch) restorePatch(slot.bytes, slot.patch);
    slot.patch = undefined;
    if (!this.#closed) this.#free.push(slot);
  }

  /**
   * Retire every slot. Held slots stay valid until their frames are released; the X server lets
   * go of every segment now (it copies into none of them again), instead of when the connection
   * closes: a session that outlives many layout changes would otherwise keep them all.
   */
  close(): void {
    if (this.#shm && !this.#shm.closed) {
      for (const slot of this.#all) shmDetach(this.#shm, slot.segment);
    }
    this.#closed = true;
    this.#all = [];
    this.#free = [];
    this.#shm = null;
  }

  #grow(): Slot {
    if (this.#all.length >= this.maxSlots) {
      throw new ScreenShotError(
        `all ${this.maxSlots} capture buffers are held by unreleased frames: call frame.release() (or use \`using\`) when done with a frame, or raise maxBuffers`,
        'resource',
      );
    }
    try {
      return this.#create();
    } catch (cause) {
      const mb = (this.slotSize / 1048576).toFixed(1);
      throw new ScreenShotError(
        `could not add a capture buffer of ${mb} MB (${this.#all.length} held): ${(cause as Error).message}`,
        'resource',
        { cause },
      );
    }
  }

  #create(): Slot {
    const size = this.slotSize;
    let segment = 0;
    let ptr: Pointer;
    if (this.#shm) {
      const fd = memfdOfSize('mss-ts', size);
      try {
        ptr = mapMemory(size, fd);
      } catch (error) {
        closeFd(fd);
        throw error;
      }
      segment = this.#shm.generateId();
      try {
        shmAttachFd(this.#shm, segment, fd); // libxcb closes fd, whatever the outcome
      } catch (error) {
        unmapMemory(ptr, size);
        throw error;
      }
    } else {
      ptr = mapMemory(size, -1);
    }
    const bytes = viewOf(ptr, size);
    unmapWhenUnreachable.register(bytes.buffer, { ptr, size });
    const slot: Slot = {
      ptr,
      size,
      bytes,
      segment,
      holders: 0,
      copiedArea: undefined,
      stale: ALL,
      patch: undefined,
    };
    this.#all.push(slot);
    return slot;
  }
}

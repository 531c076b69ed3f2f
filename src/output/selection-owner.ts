// An X selection owner for one image, by the ICCCM's rules: it answers SelectionRequest events
// with the image, the list of its targets or the time it took ownership, sends large images in
// INCR chunks, and stops when another client takes the selection.

import { ScreenShotError } from '../capture/errors.js';
import { internAtom } from '../native/properties.js';
import {
  card32Bytes,
  changeProperty,
  EVENT_MASK_PROPERTY_CHANGE,
  getSelectionOwner,
  PROP_MODE_APPEND,
  PROP_MODE_REPLACE,
  PROPERTY_DELETED,
  type SelectionRequest,
  sendSelectionNotify,
  setSelectionOwner,
  waitForSelectionEvent,
} from '../native/selection.js';
import { createHiddenWindow } from '../native/windows.js';
import { EVENT_MASK_STRUCTURE_NOTIFY, selectEvents, type XConnection } from '../native/xcb.js';

/** Atoms that every server predefines (xproto.xml). */
const ATOM = 4;
const INTEGER = 19;
/** CurrentTime in a request: "whenever the server gets this". */
const CURRENT_TIME = 0;
/** ChangeProperty's fixed part: what a chunk leaves of the maximum request length. */
const CHANGE_PROPERTY_HEADER = 24;

/** An INCR transfer under way: the requestor deletes the property, the next chunk follows. */
interface Transfer {
  requestor: number;
  property: number;
  type: number;
  sent: number;
}

export interface OwnerOptions {
  /** The selection to own: CLIPBOARD (PRIMARY for a middle click). */
  selection: string;
  /** The image's MIME type, the target that returns it (image/png). */
  mime: string;
  bytes: Uint8Array;
  /** Told what happens (a debug log). */
  log?: (line: string) => void;
}

/**
 * Owns a selection for one image through a window of its own: `take()` then `serve()`, which
 * blocks until another client owns the selection. The window goes with the connection.
 *
 * @example
 * const owner = new SelectionOwner(conn, { selection: 'CLIPBOARD', mime: 'image/png', bytes });
 * owner.take();
 * owner.serve();
 */
export class SelectionOwner {
  readonly window: number;
  readonly selection: number;
  readonly #atoms: {
    targets: number;
    timestamp: number;
    multiple: number;
    incr: number;
    image: number;
  };
  readonly #chunk: number;
  readonly #transfers = new Map<string, Transfer>();
  readonly #log: (line: string) => void;
  #since = CURRENT_TIME;

  constructor(
    readonly conn: XConnection,
    readonly options: OwnerOptions,
  ) {
    this.#log = options.log ?? (() => {});
    this.window = createHiddenWindow(conn, EVENT_MASK_PROPERTY_CHANGE);
    this.selection = internAtom(conn, options.selection);
    this.#atoms = {
      targets: internAtom(conn, 'TARGETS'),
      timestamp: internAtom(conn, 'TIMESTAMP'),
      multiple: internAtom(conn, 'MULTIPLE'),
      incr: internAtom(conn, 'INCR'),
      image: internAtom(conn, options.mime),
    };
    // Whole 4-byte units below the largest request the server takes without BIG-REQUESTS.
    this.#chunk = (conn.setup.maximumRequestBytes - CHANGE_PROPERTY_HEADER) & ~3;
  }

  /**
   * Take the selection, with a server timestamp as the ICCCM asks (not CurrentTime), and check
   * that the server made this window its owner.
   * @throws ScreenShotError when another client kept it.
   */
  take(): void {
    this.#since = this.#serverTime();
    setSelectionOwner(this.conn, this.window, this.selection, this.#since);
    if (getSelectionOwner(this.conn, this.selection) !== this.window) {
      throw new ScreenShotError(
        `could not take the ${this.options.selection} selection: another client kept it`,
        'capture',
      );
    }
    this.#log(`owner of ${this.options.selection} since ${this.#since}: window ${this.window}`);
  }

  /**
   * Serve requests (blocking) until another client owns the selection or the connection ends.
   * Returns why it stopped.
   */
  serve(): 'cleared' | 'disconnected' {
    for (;;) {
      const event = waitForSelectionEvent(this.conn);
      if (!event) return 'disconnected';
      switch (event.kind) {
        case 'request':
          this.#answer(event.event);
          break;
        case 'property':
          if (event.state === PROPERTY_DELETED) this.#continue(event.window, event.atom);
          break;
        case 'clear':
          if (event.selection === this.selection) {
            this.#log(`lost ${this.options.selection} at ${event.time}`);
            return 'cleared';
          }
          break;
        case 'destroyed':
          this.#dropTransfers(event.window, 'its window was destroyed');
          break;
        case 'error':
          // A chunk sent to a requestor window destroyed meanwhile (BadWindow).
          this.#log(
            `X error ${event.errorCode} (request ${event.majorCode}) for ${event.resourceId}`,
          );
          this.#dropTransfers(event.resourceId, 'an X error');
          break;
      }
    }
  }

  /** Give up the INCR transfers to `requestor`, which went away. */
  #dropTransfers(requestor: number, why: string): void {
    for (const [key, t] of this.#transfers) {
      if (t.requestor !== requestor) continue;
      this.#transfers.delete(key);
      this.#log(`INCR to ${requestor} dropped after ${t.sent} bytes: ${why}`);
    }
  }

  /** A server timestamp: the time of a PropertyNotify for a zero-length append to our window. */
  #serverTime(): number {
    changeProperty(
      this.conn,
      PROP_MODE_APPEND,
      this.window,
      this.#atoms.timestamp,
      INTEGER,
      32,
      new Uint8Array(0),
    );
    this.conn.flush();
    for (;;) {
      const event = waitForSelectionEvent(this.conn);
      if (!event) throw new ScreenShotError('lost the connection to the X server', 'capture');
      if (event.kind === 'property' && event.window === this.window) return event.time;
    }
  }

  #answer(request: SelectionRequest): void {
    const { requestor, selection, target, time } = request;
    // An obsolete client names no property: the target is the property (ICCCM 2.2).
    const property = request.property || target;
    const refusal = this.#refusal(request) ?? this.#write(requestor, property, target);
    if (refusal) this.#log(`refused target ${target} to ${requestor}: ${refusal}`);
    // The answer, with no property (None) for a refusal.
    sendSelectionNotify(this.conn, {
      time,
      requestor,
      selection,
      target,
      property: refusal ? 0 : property,
    });
    this.conn.flush();
  }

  /** Why a request must be refused whatever its target, or null. */
  #refusal({ selection, owner, time }: SelectionRequest): string | null {
    if (selection !== this.selection || owner !== this.window) return 'not our selection';
    if (time !== CURRENT_TIME && time < this.#since) return 'a request from before we owned it';
    return null;
  }

  /** Put `target` on the requestor's property; returns why not, or null once it is there. */
  #write(requestor: number, property: number, target: number): string | null {
    const { targets, timestamp, image, incr, multiple } = this.#atoms;
    const { bytes, mime } = this.options;
    const put = (type: number, format: 8 | 32, data: Uint8Array) =>
      changeProperty(this.conn, PROP_MODE_REPLACE, requestor, property, type, format, data);
    if (target === targets) {
      put(ATOM, 32, card32Bytes([targets, timestamp, image]));
      this.#log(`served TARGETS to ${requestor}`);
    } else if (target === timestamp) {
      put(INTEGER, 32, card32Bytes([this.#since]));
    } else if (target === image && bytes.length <= this.#chunk) {
      put(image, 8, bytes);
      this.#log(`served ${mime} to ${requestor}: ${bytes.length} bytes at once`);
    } else if (target === image) {
      // INCR: the size first; each deletion of the property by the requestor asks for a chunk.
      // PropertyNotify asks for the next chunk; DestroyNotify says the requestor went away.
      selectEvents(this.conn, requestor, EVENT_MASK_PROPERTY_CHANGE | EVENT_MASK_STRUCTURE_NOTIFY);
      put(incr, 32, card32Bytes([bytes.length]));
      this.#transfers.set(`${requestor}:${property}`, {
        requestor,
        property,
        type: image,
        sent: 0,
      });
      this.#log(
        `serving ${mime} to ${requestor} by INCR: ${bytes.length} bytes in chunks of ${this.#chunk}`,
      );
    } else {
      return target === multiple ? 'MULTIPLE is not supported' : 'no such target';
    }
    return null;
  }

  /** The requestor deleted a property: send the next chunk of its INCR transfer, if any. */
  #continue(window: number, property: number): void {
    const key = `${window}:${property}`;
    const transfer = this.#transfers.get(key);
    if (!transfer) return;
    const { bytes } = this.options;
    const chunk = bytes.subarray(transfer.sent, transfer.sent + this.#chunk);
    // The last chunk is empty: it tells the requestor that the transfer is complete.
    changeProperty(this.conn, PROP_MODE_REPLACE, window, property, transfer.type, 8, chunk);
    transfer.sent += chunk.length;
    if (chunk.length === 0) {
      this.#transfers.delete(key);
      if (![...this.#transfers.values()].some((t) => t.requestor === window)) {
        selectEvents(this.conn, window, 0);
      }
      this.#log(`INCR to ${window} complete: ${transfer.sent} bytes`);
    }
    this.conn.flush();
  }
}

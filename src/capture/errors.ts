/**
 * What went wrong, in terms a caller can act on:
 * - `display`: no usable X server (cannot connect, unsupported pixel format, missing library
 *   or extension). The CLI exits with EX_UNAVAILABLE (69).
 * - `region`: the requested area or monitor does not exist on this screen.
 * - `capture`: the server refused a request or the connection broke while capturing.
 * - `resource`: memory for capture buffers could not be had.
 * - `argument`: an option of the wrong type or value, or an unknown one; a
 *   pixel outside a frame; image data too short for its size. The CLI exits with 2.
 */
export type ScreenShotErrorKind = 'display' | 'region' | 'capture' | 'resource' | 'argument';

/** The one error type the library throws; `cause` keeps the underlying error when there is one. */
export class ScreenShotError extends Error {
  override name = 'ScreenShotError';
  readonly kind: ScreenShotErrorKind;

  constructor(message: string, kind: ScreenShotErrorKind, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

/** An X protocol error, worded like Xlib's: "BadMatch (invalid parameter attributes), request ShmGetImage". */
export class XProtocolError extends ScreenShotError {
  override name = 'XProtocolError';

  constructor(
    readonly errorCode: number,
    readonly majorOpcode: number,
    readonly minorOpcode: number,
    readonly errorName: string,
    readonly requestName: string,
    readonly sequence: number,
  ) {
    super(`${errorName}, request ${requestName}`, 'capture');
  }
}

// The library's public surface: `import { MSS } from 'mss-ts'`.

export { BACKEND_CHOICES, type Backend, type BackendChoice } from './capture/backend.js';
export { ScreenShotError, type ScreenShotErrorKind, XProtocolError } from './capture/errors.js';
export { Frame } from './capture/frame.js';
export {
  FrameLoop,
  type FramesOptions,
  type FrameTiming,
  type LoopStats,
  type TimedFrame,
} from './capture/frame-loop.js';
export type { Monitor } from './capture/monitors.js';
export {
  type CaptureStatus,
  type FrameTarget,
  type GrabOptions,
  type GrabTarget,
  MSS,
  type MSSOptions,
  type ShotOptions,
} from './capture/mss.js';
export { PendingFrame } from './capture/pending-frame.js';
export type { Region } from './capture/region.js';
export type { SelectOptions } from './capture/select.js';
export type { WindowTarget } from './capture/window-source.js';
export type { WindowInfo } from './capture/windows.js';
export { type EncodeOptions, encode } from './encode/encode.js';
export {
  IMAGE_FORMATS,
  type ImageFormat,
  PIXEL_FORMATS,
  type PixelFormat,
} from './encode/formats.js';
export type { BgrxImage } from './encode/image.js';
export {
  createPngEncoder,
  type PngEncoder,
  type PngEncoderOptions,
  type PngEncoderStats,
} from './encode/png-encoder.js';
export type { ResizeKernel, ResizeTo } from './encode/resize.js';
export { type SavedFile, type SaveOptions, save } from './output/save.js';

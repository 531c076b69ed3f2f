// Output formats, their file extensions, and the raw pixel layouts.

export const IMAGE_FORMATS = ['png', 'jpeg', 'webp', 'raw'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Byte layouts for raw output; `bgr0` is the captured bytes (byte 3 is padding). */
export const PIXEL_FORMATS = ['bgr0', 'bgra', 'rgba', 'rgb24'] as const;
export type PixelFormat = (typeof PIXEL_FORMATS)[number];

/** What a file extension says about the output (lower-case, without the dot). */
export interface ExtensionMeaning {
  format: ImageFormat;
  pixelFormat?: PixelFormat;
}

const EXTENSIONS: Record<string, ExtensionMeaning> = {
  png: { format: 'png' },
  jpg: { format: 'jpeg' },
  jpeg: { format: 'jpeg' },
  webp: { format: 'webp' },
  raw: { format: 'raw' },
  bgr0: { format: 'raw', pixelFormat: 'bgr0' },
  bgra: { format: 'raw', pixelFormat: 'bgra' },
  rgba: { format: 'raw', pixelFormat: 'rgba' },
  rgb: { format: 'raw', pixelFormat: 'rgb24' },
  rgb24: { format: 'raw', pixelFormat: 'rgb24' },
};

/** The extensions mss-ts writes, as a usage message lists them. */
export const KNOWN_EXTENSIONS = Object.keys(EXTENSIONS);

/** A path's extension (lower-case, without the dot), if its last part has one. */
export function extensionOfPath(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^[^.].*\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
}

/** The meaning of a path's extension, or undefined when it says nothing we know. */
export function formatOfPath(path: string): ExtensionMeaning | undefined {
  const extension = extensionOfPath(path);
  return extension === undefined ? undefined : EXTENSIONS[extension];
}

/** The usual extension for a format (used by `{ext}` in output patterns). */
export function extensionOf(format: ImageFormat, pixelFormat: PixelFormat = 'bgr0'): string {
  if (format === 'jpeg') return 'jpg';
  if (format === 'raw') return pixelFormat === 'bgr0' ? 'raw' : pixelFormat;
  return format;
}

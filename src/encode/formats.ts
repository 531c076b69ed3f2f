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

/** The meaning of a path's extension, or undefined when it says nothing we know. */
export function formatOfPath(path: string): ExtensionMeaning | undefined {
  const match = /\.([A-Za-z0-9]+)$/.exec(path);
  return match ? EXTENSIONS[(match[1] as string).toLowerCase()] : undefined;
}

/** The usual extension for a format (used by `{ext}` in output patterns). */
export function extensionOf(format: ImageFormat, pixelFormat: PixelFormat = 'bgr0'): string {
  if (format === 'jpeg') return 'jpg';
  if (format === 'raw') return pixelFormat === 'bgr0' ? 'raw' : pixelFormat;
  return format;
}

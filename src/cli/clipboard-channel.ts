// What the command and the clipboard's background process say to each other on file
// descriptor 3: the image's length (8 bytes, little-endian) and the image one way, a line
// ("ready", or "error: why") the other.

/** The image's length goes first, so that an image cut short is never offered. */
export const LENGTH_BYTES = 8;

/** The length header for an image of `length` bytes. */
export function lengthHeader(length: number): Buffer {
  const header = Buffer.alloc(LENGTH_BYTES);
  header.writeBigUInt64LE(BigInt(length));
  return header;
}

/** The length a header announces. */
export const announcedLength = (header: Buffer): number => Number(header.readBigUInt64LE());

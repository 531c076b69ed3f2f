// Text from outside (a monitor's name as any X client may set it) that ends up in a file name
// or on a terminal. It never chooses where a file goes, nor what a terminal does.

/** Longest a name from outside may be in a file name, in UTF-8 bytes (NAME_MAX is 255). */
export const SAFE_NAME_BYTES = 100;

// Control characters (Unicode category Cc: C0, DEL and C1) and the path separator.
const UNSAFE_IN_NAME = /[\p{Cc}/]/gu;

/** Cut `text` to at most `max` UTF-8 bytes without splitting a character. */
function truncateUtf8(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > max) break;
    out += char;
  }
  return out;
}

/**
 * One path component made from outside text: `/`, NUL and control characters become `_`, the
 * result is at most SAFE_NAME_BYTES bytes, and it is never empty, `.` or `..` (all dots become
 * underscores), so it cannot name a directory above or below the one the pattern chose.
 */
export function safeComponent(text: string): string {
  const cleaned = truncateUtf8(text.replace(UNSAFE_IN_NAME, '_'), SAFE_NAME_BYTES);
  if (cleaned === '') return '_';
  return /^\.+$/.test(cleaned) ? cleaned.replace(/\./g, '_') : cleaned;
}

/** Outside text for a terminal: control characters shown as \xNN instead of acted upon. */
export function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

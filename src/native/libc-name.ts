// Where the C library is. glibc calls it libc.so.6; musl (Alpine) installs itself as
// ld-musl-<arch>.so.1 with libc.musl-<arch>.so.1 beside it, and others differ again. The
// library this very process runs on is the one to use: its name is tried first among the known
// ones, then looked up in the process's own memory map.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** musl's architecture names, where they differ from Node's. */
const MUSL_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i386' };

/** The names to try, in order, on `arch` (Node's process.arch). */
export function knownLibcNames(arch: string = process.arch): string[] {
  const musl = MUSL_ARCH[arch] ?? arch;
  return ['libc.so.6', `libc.musl-${musl}.so.1`, `ld-musl-${musl}.so.1`, 'libc.so'];
}

/** The path of the C library mapped into a process, from its /proc/PID/maps text. */
export function libcInMaps(maps: string): string | undefined {
  for (const line of maps.split('\n')) {
    const slash = line.indexOf('/');
    if (slash < 0) continue;
    const path = line.slice(slash);
    const name = basename(path);
    if (/^(libc[.-]|ld-musl-)/.test(name) && name.includes('.so')) return path;
  }
  return undefined;
}

/** Every candidate for this process: the known names, then what its memory map shows. */
export function libcCandidates(): string[] {
  let mapped: string | undefined;
  try {
    mapped = libcInMaps(readFileSync('/proc/self/maps', 'utf8'));
  } catch {
    // no /proc: the known names are all there is
  }
  return [...knownLibcNames(), ...(mapped ? [mapped] : [])];
}

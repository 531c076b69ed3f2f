import { readFileSync } from 'node:fs';

/** The package's version, read from the package.json above this module (src or dist). */
export function packageVersion(): string {
  for (let up = 1; up <= 4; up++) {
    try {
      const url = new URL(`${'../'.repeat(up)}package.json`, import.meta.url);
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mss-ts') return pkg.version ?? 'unknown';
    } catch {
      // not at this level: look further up
    }
  }
  return 'unknown';
}

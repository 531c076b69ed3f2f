// A file system with almost no room (tmpfs), for what happens when the disk fills up. Mounting
// needs root (or CAP_SYS_ADMIN); where it is not permitted, `mount()` says why and tests skip.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TinyFs {
  /** The mount point. */
  readonly dir: string;
  unmount(): void;
}

/** A tmpfs of `kib` KiB, or a reason why none can be mounted here. */
export function mountTinyFs(kib: number): TinyFs | string {
  const dir = mkdtempSync(join(tmpdir(), 'mss-ts-tiny-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

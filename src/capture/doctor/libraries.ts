// The shared libraries mss-ts loads: found or not, which file and version, and what a missing
// one costs.
import { type LibraryProbe, probeLibrary } from '../../native/lib.js';
import { type Check, check } from './check.js';

interface Wanted {
  soname: string;
  /** Without it nothing can be captured. */
  required: boolean;
  /** What is lost without it. */
  cost: string;
}

const WANTED: Wanted[] = [
  { soname: 'libxcb.so.1', required: true, cost: 'mss-ts cannot talk to an X server' },
  { soname: 'libxcb-shm.so.0', required: true, cost: 'mss-ts cannot start' },
  {
    soname: 'libxcb-randr.so.0',
    required: false,
    cost: 'monitors are not listed: monitor 1 is the whole screen',
  },
  {
    soname: 'libxcb-damage.so.0',
    required: false,
    cost: 'every grab copies every pixel, even of a still screen',
  },
  {
    soname: 'libxcb-xfixes.so.0',
    required: false,
    cost: 'every grab copies every pixel, even of a still screen, and --cursor cannot draw the pointer',
  },
  {
    soname: 'libxcb-composite.so.0',
    required: false,
    cost: 'a window covered by others cannot be captured on its own',
  },
];

export interface LibraryReport {
  checks: Check[];
  libraries: LibraryProbe[];
  /** Whether every required library loaded. */
  usable: boolean;
}

/** One check per library: loads each (the required ones first) without throwing. */
export function libraryChecks(): LibraryReport {
  const checks: Check[] = [];
  const libraries: LibraryProbe[] = [];
  let usable = true;
  for (const { soname, required, cost } of WANTED) {
    const probe = probeLibrary(soname);
    libraries.push(probe);
    const name = soname.replace(/\.so\..*$/, '');
    if (probe.error === null) {
      const where = probe.path ?? 'loaded; its file is not in /proc/self/maps';
      const version = probe.version ? `${probe.version} ` : '';
      checks.push(check(name, 'ok', `${version}(${where})`));
      continue;
    }
    if (required) usable = false;
    checks.push(
      check(
        name,
        required ? 'fail' : 'warn',
        `${soname} cannot be loaded (${probe.error}): ${cost}`,
        `apt-get install ${probe.debianPackage} (Debian/Ubuntu)`,
      ),
    );
  }
  return { checks, libraries, usable };
}

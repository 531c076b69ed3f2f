// The X extensions mss-ts uses: present or not, their versions, and what a missing one costs.
import { damageAvailable, damageQueryVersion } from '../../native/damage.js';
import { randrAvailable, randrQueryVersion } from '../../native/randr.js';
import { shmQueryVersion } from '../../native/shm.js';
import { queryExtension, type XConnection } from '../../native/xcb.js';
import { xfixesAvailable, xfixesQueryVersion } from '../../native/xfixes.js';
import type { Monitor } from '../monitors.js';
import type { CaptureStatus } from '../mss.js';
import { describeRegion } from '../region.js';
import { type Check, check } from './check.js';

export interface ExtensionFacts {
  present: boolean;
  /** "major.minor", when the client library to ask is loaded. */
  version: string | null;
}

export type ExtensionName = 'MIT-SHM' | 'RANDR' | 'DAMAGE' | 'XFIXES' | 'Composite';

/** Which extensions the server has, and their versions where a client library can ask. */
export function readExtensions(conn: XConnection): Record<ExtensionName, ExtensionFacts> {
  const present = (name: ExtensionName) => queryExtension(conn, name) !== null;
  const version = (asked: boolean, ask: () => [number, number]) => (asked ? ask().join('.') : null);
  const shm = present('MIT-SHM');
  const randr = present('RANDR');
  const damage = present('DAMAGE');
  const xfixes = present('XFIXES');
  return {
    'MIT-SHM': { present: shm, version: version(shm, () => shmQueryVersion(conn)) },
    RANDR: {
      present: randr,
      version: version(randr && randrAvailable(), () => randrQueryVersion(conn)),
    },
    DAMAGE: {
      present: damage,
      version: version(damage && damageAvailable(), () => damageQueryVersion(conn)),
    },
    XFIXES: {
      present: xfixes,
      version: version(xfixes && xfixesAvailable(), () => xfixesQueryVersion(conn)),
    },
    Composite: { present: present('Composite'), version: null },
  };
}

const versionOf = (facts: ExtensionFacts) => (facts.version ? ` ${facts.version}` : '');

/**
 * Reasons in `status` that are about damage tracking, not about the backend: the library words
 * them all the same way.
 */
const isDamageReason = (reason: string) => reason.startsWith('every grab copies every pixel');

/** MIT-SHM: whether grabs go through shared memory, and if not, why and what is used instead. */
export function shmCheck(facts: ExtensionFacts, status: CaptureStatus, display: string): Check {
  if (status.backend === 'shm') {
    return check(
      'MIT-SHM',
      'ok',
      `version${versionOf(facts)}: a shared memory segment was attached and a grab went through it`,
    );
  }
  const why = status.reasons.filter((r) => !isDamageReason(r)).join('; ');
  const detail = `${facts.present ? `version${versionOf(facts)}, not used` : 'not used'}: ${why}; GetImage is used instead (slower: every pixel travels through the socket)`;
  if (why.includes('getimage backend was requested')) return check('MIT-SHM', 'info', detail);
  let fix: string | undefined;
  if (why.includes('not a local Unix socket')) {
    fix = `run mss-ts on the machine that runs the X server, with a local display such as :${displayNumber(display)}`;
  } else if (!facts.present) {
    fix = 'enable the MIT-SHM extension in the X server configuration';
  } else if (why.includes('needs 1.2')) {
    fix = 'update the X server (MIT-SHM 1.2 came with X.Org server 1.15)';
  }
  return check('MIT-SHM', 'warn', detail, fix);
}

/** The number in a display name ("localhost:10.0" -> "10"), for advice. */
const displayNumber = (display: string) => /:(\d+)/.exec(display)?.[1] ?? '0';

/** RandR: the monitors it reports, or what happens without it. */
export function randrCheck(facts: ExtensionFacts, monitors: readonly Monitor[]): Check {
  const list = monitors
    .slice(1)
    .map((m) => `${m.index} ${m.name} ${describeRegion(m)}${m.primary ? ' (primary)' : ''}`)
    .join(', ');
  if (facts.present && facts.version !== null) {
    const count = monitors.length - 1;
    const monitorsText = `${count} monitor${count === 1 ? '' : 's'}`;
    return check('RANDR', 'ok', `version${versionOf(facts)}: ${monitorsText}: ${list}`);
  }
  const why = facts.present
    ? 'present, but libxcb-randr is not loaded'
    : 'the X server has no RANDR extension';
  return check(
    'RANDR',
    'warn',
    `${why}: monitors are not listed; monitor 1 is the whole screen (${list})`,
    facts.present ? 'apt-get install libxcb-randr0 (Debian/Ubuntu)' : undefined,
  );
}

/** DAMAGE and XFixes: whether grabs copy only the rows that changed. */
export function damageChecks(
  damage: ExtensionFacts,
  xfixes: ExtensionFacts,
  status: CaptureStatus,
): Check[] {
  const reason = status.reasons.find(isDamageReason);
  const line = (name: string, facts: ExtensionFacts, uses: string, cost: string): Check => {
    if (!facts.present) {
      return check(
        name,
        'warn',
        `the X server has no ${name} extension: ${cost}`,
        `enable ${name} in the X server configuration`,
      );
    }
    if (status.damageTracking) return check(name, 'ok', `version${versionOf(facts)}: ${uses}`);
    return check(name, 'warn', `version${versionOf(facts)}, not used: ${reason ?? 'unknown'}`);
  };
  const copyAll = 'every grab copies every pixel, even of a still screen';
  return [
    line('DAMAGE', damage, 'grabs after the first copy only the rows that changed', copyAll),
    line(
      'XFIXES',
      xfixes,
      'reads the changed area for DAMAGE, and the pointer for --cursor',
      `${copyAll}, and --cursor cannot draw the pointer`,
    ),
  ];
}

/** Composite: the pixels of a window that others cover. */
export function compositeCheck(facts: ExtensionFacts): Check {
  if (facts.present) {
    return check('Composite', 'ok', 'present: a window covered by others can be read on its own');
  }
  return check(
    'Composite',
    'warn',
    'the X server has no Composite extension: a window covered by others cannot be captured on its own, only what the screen shows',
    'enable Composite in the X server configuration',
  );
}

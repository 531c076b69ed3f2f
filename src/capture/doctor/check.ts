// One line of `mss-ts doctor`: what was looked at, how it went, and what to do about it.

/**
 * `ok`: as it should be; `warn`: capture works, but slower or with less than it could;
 * `fail`: capture cannot work until this is fixed; `info`: a fact, neither good nor bad.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'info';

export interface Check {
  /** What was checked: "DISPLAY", "libxcb-shm", "MIT-SHM", "speed"... */
  name: string;
  status: CheckStatus;
  /** What was found, in one sentence. */
  detail: string;
  /** What to do about it, when something can be done. */
  fix?: string;
}

export const check = (name: string, status: CheckStatus, detail: string, fix?: string): Check =>
  fix === undefined ? { name, status, detail } : { name, status, detail, fix };

/** Exit statuses, as documented in the man page (sysexits.h where one fits). */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  unavailable: 69,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in what the user typed: exit 2 with this message, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

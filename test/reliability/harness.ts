// The reliability suite's bookkeeping: each scenario runs a number of trials, counts the ones
// that failed, and records a row for docs/reliability.md. `npm test` runs the short form (what
// CI can afford); `npm run test:reliability` the full counts (MSS_TS_RELIABILITY=full).
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

export const FULL = process.env.MSS_TS_RELIABILITY === 'full';

/** The full count, or the short one for CI. */
export const scale = (full: number, short: number): number => (FULL ? full : short);

/** Where rows go: one JSON object a line, read by scripts/reliability-table.ts. */
export const RESULTS =
  process.env.MSS_TS_RELIABILITY_RESULTS ?? join(tmpdir(), 'mss-ts-reliability.jsonl');

export interface Row {
  scenario: string;
  trials: number;
  failures: number;
  guarantee: string;
  /** The first failure's message, when there was one. */
  firstFailure?: string;
  /** Figures a scenario measured (memory growth, times). */
  measured?: string;
}

export function record(row: Row): void {
  appendFileSync(RESULTS, `${JSON.stringify(row)}\n`);
}

/**
 * Run `trial` `count` times (one after another), record the row, then fail the test if any
 * trial failed, with the first failure's message. A trial may return a note of what it measured.
 */
export async function trials(
  scenario: string,
  count: number,
  guarantee: string,
  trial: (i: number) => Promise<string | undefined>,
): Promise<void> {
  let failures = 0;
  let firstFailure: string | undefined;
  const measured: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      const note = await trial(i);
      if (note) measured.push(note);
    } catch (error) {
      failures++;
      firstFailure ??= `trial ${i}: ${(error as Error).message}`;
    }
  }
  record({
    scenario,
    trials: count,
    failures,
    guarantee,
    ...(firstFailure && { firstFailure }),
    ...(measured.length > 0 && { measured: measured.join('; ') }),
  });
  expect(failures, firstFailure).toBe(0);
}

/** Throw `message` unless `condition` holds (trials report the first failed check). */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** A deterministic pseudo-random generator (mulberry32), so a failing trial can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `done` every 20 ms; throw after `limitMs`. */
export async function until(done: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > limitMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

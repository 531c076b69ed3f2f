// The reliability suite's bookkeeping: each scenario runs a number of trials, counts the ones
// that failed, and records a row for docs/reliability.md. `npm test` runs the short form (what
// CI can afford); `npm run test:reliability` the full counts (MSS_TS_RELIABILITY=full).
import { appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
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
 * trial failed, with the first failure's message. A trial may return a figure it measured
 * (`measure` names it, as 'ms from signal to exit'; the row gives the median and maximum), or
 * a sentence of figures, which the row gives as it is.
 */
export async function trials(
  scenario: string,
  count: number,
  guarantee: string,
  trial: (i: number) => Promise<number | string | undefined>,
  measure?: string,
): Promise<void> {
  let failures = 0;
  let firstFailure: string | undefined;
  const figures: number[] = [];
  const notes: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      const figure = await trial(i);
      if (typeof figure === 'number') figures.push(figure);
      else if (figure) notes.push(figure);
    } catch (error) {
      failures++;
      firstFailure ??= `trial ${i}: ${(error as Error).message}`;
    }
  }
  figures.sort((a, b) => a - b);
  const median = figures[Math.floor(figures.length / 2)];
  record({
    scenario,
    trials: count,
    failures,
    guarantee,
    ...(firstFailure && { firstFailure }),
    ...(measure &&
      median !== undefined && {
        measured: `${measure}: median ${Math.round(median)}, max ${Math.round(figures.at(-1) ?? 0)}`,
      }),
    ...(notes.length > 0 && { measured: notes.join('; ') }),
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

/** Hidden temporaries (ours or anyone's) left in `dir`. */
export const temporariesIn = (dir: string): string[] =>
  readdirSync(dir).filter((name) => name.startsWith('.') && name.endsWith('.tmp'));

/** Throw unless the image file decodes completely to `width` x `height`. */
export async function checkDecodes(path: string, width: number, height: number): Promise<void> {
  const { info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  check(
    info.width === width && info.height === height,
    `${path} decodes to ${info.width}x${info.height}, not ${width}x${height}`,
  );
}

// Small statistics and the interleaved runner shared by every suite.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const min = (values: readonly number[]): number => Math.min(...values);
export const max = (values: readonly number[]): number => Math.max(...values);

/** One contender: `run()` performs one timed round and returns a rate (operations per second). */
export interface Competitor {
  name: string;
  run(): Promise<number> | number;
}

export interface Result {
  name: string;
  /** Operations per second, one per round. */
  rates: number[];
  median: number;
}

/**
 * Rounds interleaved (A B C, A B C, ...) rather than all of A then all of B, so that a slow
 * drift of the machine (another process, thermal state) spreads over every competitor.
 */
export async function interleave(
  competitors: readonly Competitor[],
  rounds: number,
  onRound?: (round: number) => void,
): Promise<Result[]> {
  const rates = competitors.map(() => [] as number[]);
  for (let round = 1; round <= rounds; round++) {
    onRound?.(round);
    for (const [i, competitor] of competitors.entries()) {
      rates[i]?.push(await competitor.run());
    }
  }
  return competitors.map((c, i) => {
    const r = rates[i] ?? [];
    return { name: c.name, rates: r, median: median(r) };
  });
}

/** Run `op` back to back for about `seconds`; returns operations per second. */
export function rateFor(seconds: number, op: () => void): number {
  const budget = seconds * 1e3;
  const start = performance.now();
  let count = 0;
  let elapsed = 0;
  // Reading the clock costs tens of nanoseconds: negligible next to any grab.
  do {
    op();
    count++;
    elapsed = performance.now() - start;
  } while (elapsed < budget);
  return (count * 1e3) / elapsed;
}

/** "1,234" / "12.3" / "0.123": three significant figures at most, grouped thousands. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '-';
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value) || 1)));
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The standard results table: rate median/min/max and the median time per operation. */
export function resultsTable(results: readonly Result[], unit = 'ops/s'): string {
  return table(
    ['', `median ${unit}`, 'min', 'max', 'per op'],
    results.map((r) => [
      r.name,
      fmt(r.median),
      fmt(min(r.rates)),
      fmt(max(r.rates)),
      duration(1 / r.median),
    ]),
  );
}

/** Seconds as "123 us" / "1.23 ms" / "1.23 s". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  if (seconds < 1e-3) return `${fmt(seconds * 1e6)} us`;
  if (seconds < 1) return `${fmt(seconds * 1e3)} ms`;
  return `${fmt(seconds)} s`;
}

/** How a bar reads in every report. */
export const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');

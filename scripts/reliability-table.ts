// Print the reliability suite's rows (test/reliability/harness.ts) as a Markdown table.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Row {
  scenario: string;
  trials: number;
  failures: number;
  guarantee: string;
  firstFailure?: string;
  measured?: string;
}

const file = process.env.MSS_TS_RELIABILITY_RESULTS ?? join(tmpdir(), 'mss-ts-reliability.jsonl');
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Row);
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
console.log('| scenario | trials | failures | what is guaranteed | measured |');
console.log('| --- | ---: | ---: | --- | --- |');
for (const r of rows) {
  const failed = r.failures > 0 && r.firstFailure ? ` (${cell(r.firstFailure)})` : '';
  console.log(
    `| ${cell(r.scenario)} | ${r.trials} | ${r.failures}${failed} | ${cell(r.guarantee)} | ${cell(r.measured ?? '')} |`,
  );
}

// Wrong invocations the reliability suite's scenario 8 found mishandled: each gets one line on
// stderr naming the argument, and the documented exit status.
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

/** Exit 2 and exactly `line` on stderr, nothing on stdout. */
async function refused(args: string[], line: string): Promise<void> {
  const result = await run(args);
  expect(result.stderr).toBe(`${line}\n`);
  expect(result.code).toBe(2);
  expect(result.stdout.length).toBe(0);
}

describe("commander's suggestions", () => {
  it('end the line of the message instead of taking one of their own', async () => {
    await refused(
      ['grab', '--regoin', '10x10'],
      "mss-ts: unknown option '--regoin' (did you mean --region?)",
    );
    await refused(['grabb'], "mss-ts: unknown command 'grabb' (did you mean grab?)");
    await refused(['grab', '--frob'], "mss-ts: unknown option '--frob'");
  });
});

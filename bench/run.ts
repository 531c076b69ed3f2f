// `npm run bench [-- suite...]`: every suite, or only the named ones, each on a private Xvfb.
import { capture } from './capture.js';
import { changes } from './changes.js';
import { type Suite, withDesktop } from './desktop.js';
import { memory } from './memory.js';
import { resize } from './resize.js';
import { startup } from './startup.js';
import { stream } from './stream.js';
import { timelapse } from './timelapse.js';

// Add a suite here, one line each; the name is what `npm run bench -- NAME` takes.
const suites: Record<string, Suite> = {
  capture,
  startup,
  stream,
  timelapse,
  memory,
  changes,
  resize,
};

async function main(argv: string[]): Promise<number> {
  const valid = Object.keys(suites);
  const unknown = argv.filter((name) => !Object.hasOwn(suites, name));
  if (unknown.length) {
    console.error(`bench: unknown suite "${unknown.join('", "')}"; valid: ${valid.join(', ')}`);
    return 2;
  }
  for (const name of argv.length ? argv : valid) {
    const suite = suites[name] as Suite;
    console.log(`\n== ${name}: ${suite.description}`);
    await withDesktop((desktop) => suite.run(desktop));
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    process.exitCode = 1;
  },
);

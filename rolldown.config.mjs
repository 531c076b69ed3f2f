// Two CommonJS bundles of what tsc wrote to dist/src (scripts/build.mjs runs both):
// - the command line: Node 20 loads one file far faster than the thirty ES modules it is made
//   of (plus commander's), and a CommonJS entry starts sooner than an ES module one; start-up is
//   most of a single screenshot's time.
// - the library for require('mss-ts'): one file. import('mss-ts') loads dist/src, unbundled.
// Native packages stay external.
import { defineConfig } from 'rolldown';

/**
 * commander requires node:child_process at load time for executable subcommands, which mss-ts
 * has none of; loading it (and the net and stream modules behind it) is paid on every start.
 * Its one use, spawn(), now requires the module when called.
 */
const lazyChildProcess = {
  name: 'lazy-child-process-in-commander',
  transform(code, id) {
    if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    const eager = "const childProcess = require('node:child_process');";
    if (!code.includes(eager)) throw new Error(`${id}: commander changed; update ${this.name}`);
    const lazy =
      "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
    return { code: code.replace(eager, lazy), map: null };
  },
};

export default defineConfig([
  {
    // The clipboard's background process is an entry of its own, started by its path.
    input: { main: 'dist/src/cli/main.js', 'clipboard-daemon': 'dist/src/cli/clipboard-daemon.js' },
    platform: 'node',
    external: ['koffi', 'sharp', 'ora'],
    plugins: [lazyChildProcess],
    output: {
      dir: 'dist/cli',
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: '[name].cjs',
    },
  },
  {
    input: { index: 'dist/src/index.js' },
    platform: 'node',
    external: ['koffi', 'sharp'],
    // One file: what the library loads on demand (shot()) is inlined rather than a chunk.
    output: {
      dir: 'dist/cjs',
      format: 'cjs',
      entryFileNames: '[name].cjs',
      codeSplitting: false,
    },
  },
]);

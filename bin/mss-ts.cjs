#!/bin/sh
':' //; exec env -u NODE_EXTRA_CA_CERTS MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" node --max-semi-space-size=2 "$0" "$@"
// The line above is read by sh and skipped by JavaScript: sh starts node with the flags below,
// which a shebang cannot carry where env has no -S (BusyBox, older coreutils).
// - NODE_EXTRA_CA_CERTS is dropped: Node 20 parses that certificate bundle before running
//   anything, a large part of a single screenshot's start-up, and mss-ts opens no TLS connection.
// - 2 MB semi-spaces, a small young generation, keep a long loop's memory flat.
// - glibc gives each thread that allocates its own malloc arena; libvips encodes on several
//   threads, and the memory of many half-empty arenas kept creeping up in long PNG loops. Two
//   arenas (unless the user chose otherwise) keep it flat; other C libraries ignore the variable.
// The command-line entry: everything lives in src/cli; only this file sets the exit code.
// CommonJS on purpose: Node 20 starts a CommonJS entry sooner than an ES module one, and
// start-up is most of a single screenshot's time (dist/cli is a CommonJS bundle for that).
let cli;
try {
  cli = require('../dist/cli/main.cjs');
} catch (error) {
  // In a checkout that was never built (npm install does not build): say what to do.
  if (error.code !== 'MODULE_NOT_FOUND' || error.requireStack?.[0] !== __filename) throw error;
  const root = require('node:path').dirname(__dirname);
  process.stderr.write(`mss-ts: ${root} is not built: run \`npm run build\` there\n`);
  process.exitCode = 1;
}
cli?.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

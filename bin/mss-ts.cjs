#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node --max-semi-space-size=2
// The command-line entry: everything lives in src/cli; only this file sets the exit code.
// CommonJS on purpose: Node 20 starts a CommonJS entry 15-20 ms sooner than an ES module one,
// and start-up is most of a single screenshot's time (dist/cli is a CommonJS bundle for that).
// A small young generation (2 MB semi-spaces) keeps a long loop's memory flat: with V8's
// default, RSS grew by 60-75 MB over 3,000 JPEG frames; with it, by 21 MB, at the same speed.
// NODE_EXTRA_CA_CERTS is dropped because Node 20 parses that certificate bundle before running
// anything (85 ms of a 125 ms start where it was set), and mss-ts never opens a TLS connection.
require('../dist/cli/main.cjs')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

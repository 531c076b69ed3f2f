// The command line as one CommonJS bundle: Node 20 loads one file far faster than the thirty
// ES modules it is made of (plus commander's), and a CommonJS entry starts sooner than an ES
// module one; start-up is most of a single screenshot's time.
// The library (dist/src) stays unbundled; native packages stay external.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { main: 'dist/src/cli/main.js' },
  platform: 'node',
  external: ['koffi', 'sharp', 'ora'],
  output: {
    dir: 'dist/cli',
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name].cjs',
  },
});

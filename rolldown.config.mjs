// The command line as one bundle: Node 20 loads one ES module far faster than the thirty it
// is made of (plus commander's), and start-up is most of a single screenshot's time.
// The library (dist/src) stays unbundled; native packages stay external.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { main: 'dist/src/cli/main.js' },
  platform: 'node',
  external: ['koffi', 'sharp', 'ora'],
  output: { dir: 'dist/cli', format: 'esm', chunkFileNames: '[name].js' },
});

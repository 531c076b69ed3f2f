/** Run the mss-ts command line with `argv` (without node and script); returns the exit code. */
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write(
    'mss-ts: the command line is not there yet; use the library (import { MSS } from "mss-ts")\n',
  );
  return 69;
}

// A failed write, told about the path the caller asked for. Node's own message names the
// temporary file and the system call ("EACCES: permission denied, open '.x.png.mss-ts-7.tmp'"),
// which means nothing to whoever asked for x.png.
import { getSystemErrorMap } from 'node:util';

/** The system's description of an errno ("no space left on device"), else the message. */
export function reasonOf(error: NodeJS.ErrnoException): string {
  const described = error.errno === undefined ? undefined : getSystemErrorMap().get(error.errno);
  return described?.[1] ?? error.message;
}

/** `cannot write <path>: <reason>`, keeping the cause's `code` and `errno` for programs. */
export class WriteError extends Error implements NodeJS.ErrnoException {
  override name = 'WriteError';
  readonly code: string | undefined;
  readonly errno: number | undefined;

  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const error = cause as NodeJS.ErrnoException;
    super(`cannot write ${path}: ${reasonOf(error)}`, { cause });
    this.code = error.code;
    this.errno = error.errno;
  }
}

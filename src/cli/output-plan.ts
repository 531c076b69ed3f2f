// Where a grab goes and in what format, decided (and refused) before anything is captured.
import {
  extensionOf,
  extensionOfPath,
  formatOfPath,
  type ImageFormat,
  KNOWN_EXTENSIONS,
  type PixelFormat,
} from '../encode/formats.js';
import { OutputPattern } from '../output/pattern.js';
import type { DataOut } from './data-out.js';
import { UsageError } from './exit-codes.js';
import { checkExistingOutput, checkOutputName } from './output-name.js';

export interface OutputRequest {
  positional?: string | undefined;
  output?: string | undefined;
  format?: ImageFormat | undefined;
  pixelFormat?: PixelFormat | undefined;
  each: boolean;
  loop: boolean;
  json: boolean;
  force: boolean;
  /** The image goes to the clipboard too; without a name given, only there. */
  clipboard?: boolean;
}

export interface OutputPlan {
  /** null: the image goes to stdout (or, with clipboardOnly, nowhere but the clipboard). */
  pattern: OutputPattern | null;
  /** --clipboard without an output name: nothing is written to a file or stdout. */
  clipboardOnly: boolean;
  /** The user gave no name: a file of the default name is never replaced. */
  defaultName: boolean;
  format: ImageFormat;
  pixelFormat: PixelFormat;
  ext: string;
}

export const DEFAULT_PATTERN = 'screenshot-{date}.{ext}';
export const DEFAULT_EACH_PATTERN = 'screenshot-{date}-{mon}.{ext}';
export const DEFAULT_LOOP_PATTERN = 'screenshot-{date}-{n:06}.{ext}';
export const DEFAULT_EACH_LOOP_PATTERN = 'screenshot-{date}-{mon}-{n:06}.{ext}';

function defaultPattern(each: boolean, loop: boolean): string {
  if (loop) return each ? DEFAULT_EACH_LOOP_PATTERN : DEFAULT_LOOP_PATTERN;
  return each ? DEFAULT_EACH_PATTERN : DEFAULT_PATTERN;
}

/** --clipboard takes one image, of a format that other programs paste. */
function checkClipboard(request: OutputRequest, given: string | undefined): void {
  const what = request.each ? "'-m each'" : request.loop ? 'a loop' : undefined;
  if (what) {
    throw new UsageError(`option '-c, --clipboard' takes one image: not with ${what}`);
  }
  const format =
    request.format ?? (given && given !== '-' ? formatOfPath(given)?.format : undefined);
  if (format === 'raw') {
    throw new UsageError("option '-c, --clipboard' takes png, jpeg or webp images, not raw");
  }
}

export function planOutput(request: OutputRequest, out: DataOut): OutputPlan {
  if (request.positional !== undefined && request.output !== undefined) {
    throw new UsageError(
      `give the output once: as an argument ("${request.positional}") or with -o ("${request.output}"), not both`,
    );
  }
  const given = request.positional ?? request.output;
  if (request.clipboard) checkClipboard(request, given);
  const target = given ?? defaultPattern(request.each, request.loop);
  const toStdout = target === '-';
  const named = toStdout ? undefined : formatOfPath(target);
  if (request.format && named && named.format !== request.format) {
    throw new UsageError(
      `option '-f, --format' is ${request.format} but the output "${target}" has the extension of ${named.format}`,
    );
  }
  if (request.pixelFormat && named?.pixelFormat && named.pixelFormat !== request.pixelFormat) {
    throw new UsageError(
      `option '--pixel-format' is ${request.pixelFormat} but the output "${target}" has the extension of ${named.pixelFormat}`,
    );
  }
  const extension = toStdout ? undefined : extensionOfPath(target);
  if (extension !== undefined && !named && !request.format) {
    throw new UsageError(
      `the output "${target}" ends in .${extension}, which mss-ts does not write: use ${KNOWN_EXTENSIONS.map((e) => `.${e}`).join(' ')}, or say what to write with -f, --format`,
    );
  }
  const format = request.format ?? named?.format ?? 'png';
  const pixelFormat = request.pixelFormat ?? named?.pixelFormat ?? 'bgr0';
  const plan = {
    format,
    pixelFormat,
    ext: extensionOf(format, pixelFormat),
    defaultName: given === undefined,
    clipboardOnly: false,
  };
  if (request.clipboard && given === undefined) {
    return { ...plan, pattern: null, clipboardOnly: true };
  }
  if (toStdout) {
    if (request.each) {
      throw new UsageError(
        "'-m each' writes one file per monitor: give an output pattern with {mon} or {name}, not -",
      );
    }
    if (request.json) {
      throw new UsageError(
        "'--json' cannot share stdout with image data: give an output file name",
      );
    }
    if (out.isTTY && !request.force) {
      throw new UsageError('stdout is a terminal; give a file name or pipe it (or --force)');
    }
    return { ...plan, pattern: null };
  }
  // A name without placeholders is the file itself: what is on disk can be checked now.
  if (!target.includes('{')) checkExistingOutput(target);
  checkOutputName(target);
  const pattern = new OutputPattern(target);
  if (request.each && !pattern.uses.has('mon') && !pattern.uses.has('name')) {
    throw new UsageError(
      `'-m each' writes one file per monitor: the output "${target}" needs {mon} or {name}`,
    );
  }
  return { ...plan, pattern };
}

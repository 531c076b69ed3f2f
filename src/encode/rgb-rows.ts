// BGRX rows to packed RGB rows (optionally each after a zero byte: PNG's filter type None), in a
// WebAssembly SIMD kernel. A single screenshot converts with a cold JIT, where the JavaScript
// loop runs unoptimised; the kernel is compiled before it runs, and moves four pixels a step.
import type { Pixels } from './image.js';
import { forEachRgbRow } from './pixels.js';
import { assemble, op } from './wasm/assemble.js';

// packRows(src, stride, dst, width, rows, prefix): the locals after the six parameters.
const [SRC, STRIDE, DST, WIDTH, ROWS, PREFIX, S, D, X] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
// Four BGRX pixels (16 bytes) to twelve RGB bytes; the last four lanes are spare.
const BGRX_TO_RGB = [2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0, 0, 0, 0];
/** A 16-byte store writes 4 bytes past the 12 it means: room for the last one. */
const SLACK = 4;

/** local += n (n may be negative) */
const addTo = (local: number, n: number) => [
  ...op.get(local),
  ...op.i32(n),
  ...op.add,
  ...op.set(local),
];
/** d[to] = s[from] */
const copyByte = (from: number, to: number) => [
  ...op.get(D),
  ...op.get(S),
  ...op.load8(from),
  ...op.store8(to),
];

const packRows = {
  name: 'packRows',
  params: 6,
  locals: 3,
  body: [
    ...op.block,
    ...op.loop, // each row
    ...[...op.get(ROWS), ...op.eqz, ...op.brIf(1)],
    // The zero byte; without a prefix the row's first pixel overwrites it.
    ...[...op.get(DST), ...op.i32(0), ...op.store8(0)],
    ...[...op.get(DST), ...op.get(PREFIX), ...op.add, ...op.set(D)],
    ...[...op.get(SRC), ...op.set(S), ...op.get(WIDTH), ...op.set(X)],
    ...op.block,
    ...op.loop, // four pixels at a time
    ...[...op.get(X), ...op.i32(4), ...op.ltU, ...op.brIf(1)],
    ...[...op.get(D), ...op.get(S), ...op.v128Load, ...op.v128Const(BGRX_TO_RGB)],
    ...[...op.swizzle, ...op.v128Store],
    ...[...addTo(D, 12), ...addTo(S, 16), ...addTo(X, -4), ...op.br(0)],
    ...op.end,
    ...op.end,
    ...op.block,
    ...op.loop, // the last 0-3 pixels
    ...[...op.get(X), ...op.eqz, ...op.brIf(1)],
    ...[...copyByte(2, 0), ...copyByte(1, 1), ...copyByte(0, 2)],
    ...[...addTo(D, 3), ...addTo(S, 4), ...addTo(X, -1), ...op.br(0)],
    ...op.end,
    ...op.end,
    ...[...op.get(D), ...op.set(DST), ...op.get(SRC), ...op.get(STRIDE), ...op.add, ...op.set(SRC)],
    ...[...addTo(ROWS, -1), ...op.br(0)],
    ...op.end,
    ...op.end,
  ],
};

/** The kernel's WebAssembly module, as bytes. */
export const kernelBytes = (): Uint8Array => assemble([packRows]);

let compiled: WebAssembly.Module | null | undefined;

/** The kernel, compiled once; null where WebAssembly SIMD is unavailable (node --jitless). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = kernelBytes();
    compiled =
      typeof WebAssembly === 'object' && WebAssembly.validate(bytes)
        ? new WebAssembly.Module(bytes)
        : null;
  }
  return compiled;
}

type PackRows = (
  src: number,
  stride: number,
  dst: number,
  width: number,
  rows: number,
  prefix: number,
) => void;

const PAGE = 65536;

/** Which code converts the rows: the WebAssembly kernel or the JavaScript loop. */
export type RgbConverter = 'wasm' | 'js';

/**
 * A frame's rows as packed RGB, converted strip by strip into one buffer (`bytes`), so that each
 * strip can go to an encoder while the next is converted.
 */
export class RgbRows {
  /** Room for every row of the frame, `rowBytes` apart; rows not yet packed hold garbage. */
  readonly bytes: Buffer;
  readonly rowBytes: number;
  /** Which code pack() runs: 'js' when asked, or where the kernel cannot be compiled. */
  readonly converter: RgbConverter;
  readonly #frame: Pixels;
  readonly #prefix: number;
  readonly #kernel: { pack: PackRows; memory: Uint8Array; staging: number } | null = null;

  /**
   * @param filterByte start each row with a zero byte (PNG scanlines, filter None)
   * @param maxRows the most rows a single pack() call will convert
   * @param kernel false converts in JavaScript, as where WebAssembly is unavailable
   */
  constructor(frame: Pixels, { filterByte = false, maxRows = frame.height, kernel = true } = {}) {
    this.#frame = frame;
    this.#prefix = filterByte ? 1 : 0;
    this.rowBytes = this.#prefix + frame.width * 3;
    const outBytes = this.rowBytes * frame.height;
    const module = kernel ? kernelModule() : null;
    this.converter = module ? 'wasm' : 'js';
    if (!module) {
      this.bytes = Buffer.allocUnsafe(outBytes);
      return;
    }
    // Memory: the output rows, then a staging area for the BGRX rows of one pack() call.
    const staging = outBytes + SLACK + 15 - ((outBytes + SLACK + 15) % 16);
    const stagingBytes = (maxRows - 1) * frame.stride + frame.width * 4;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((staging + stagingBytes) / PAGE) });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.bytes = Buffer.from(memory.buffer, 0, outBytes);
    this.#kernel = {
      pack: instance.exports.packRows as PackRows,
      memory: new Uint8Array(memory.buffer),
      staging,
    };
  }

  /** Pack rows [top, bottom) (at most `maxRows` of them); returns their part of `bytes`. */
  pack(top: number, bottom: number): Buffer {
    const frame = this.#frame;
    const out = this.bytes.subarray(top * this.rowBytes, bottom * this.rowBytes);
    const kernel = this.#kernel;
    if (!kernel) {
      forEachRgbRow(frame, top, bottom, (row, y) => {
        const o = (y - top) * this.rowBytes;
        if (this.#prefix) out[o] = 0;
        out.set(row, o + this.#prefix);
      });
      return out;
    }
    const { stride, width } = frame;
    const rows = bottom - top;
    kernel.memory.set(
      frame.data.subarray(top * stride, (bottom - 1) * stride + width * 4),
      kernel.staging,
    );
    kernel.pack(kernel.staging, stride, out.byteOffset, width, rows, this.#prefix);
    return out;
  }
}

// Just enough of the WebAssembly binary format to build a small kernel at run time: one module,
// one imported memory, exported functions of i32 parameters. Writing the bytes here keeps the
// kernel readable next to the code that calls it, with no build step and no binary in the repo.

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const I32 = 0x7f;
const EMPTY = 0x40; // block type: no result

/** The instructions the kernels use, each as its bytes; memory accesses take (align, offset). */
export const op = {
  block: [0x02, EMPTY],
  loop: [0x03, EMPTY],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (local: number) => [0x20, ...uleb(local)],
  set: (local: number) => [0x21, ...uleb(local)],
  i32: (value: number) => [0x41, ...sleb(value)],
  eqz: [0x45],
  ltU: [0x49],
  add: [0x6a],
  load8: (offset: number) => [0x2d, 0, ...uleb(offset)],
  store8: (offset: number) => [0x3a, 0, ...uleb(offset)],
  v128Load: [0xfd, 0x00, 0, 0],
  v128Store: [0xfd, 0x0b, 0, 0],
  v128Const: (bytes: number[]) => [0xfd, 0x0c, ...bytes],
  swizzle: [0xfd, 0x0e],
} as const;

export interface KernelFunction {
  name: string;
  /** Number of i32 parameters. */
  params: number;
  /** Number of i32 locals after the parameters. */
  locals: number;
  /** Instructions, without the final `end`. */
  body: number[];
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (text: string): number[] => vec([...Buffer.from(text, 'utf8')].map((b) => [b]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** A module importing `env.memory` and exporting `functions`, each with a type of its own. */
export function assemble(functions: KernelFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(Array(f.params).fill([I32])), ...vec([])]);
  const code = functions.map((f) => {
    const locals = f.locals ? vec([[...uleb(f.locals), I32]]) : vec([]);
    const bytes = [...locals, ...f.body, ...op.end];
    return [...uleb(bytes.length), ...bytes];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(code)),
  ]);
}

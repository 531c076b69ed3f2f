// Structs laid out by the C rules, as xcb's headers lay them out, and read in JavaScript: a few
// Buffer reads at computed offsets, instead of a koffi.decode(), which builds its object in native
// code at several times the cost (a capture loop reads a reply on every frame). Each struct is
// declared to koffi too, when something asks for its koffi type: declaring every struct at
// start-up would cost a single screenshot time for types it never reads.
import { endianness } from 'node:os';
import koffi from 'koffi';

type TypeObject = ReturnType<typeof koffi.struct>;

/** The integer members X uses (CARD8, INT16, CARD32 and the XIDs that are CARD32). */
export type Scalar = 'uint8_t' | 'int8_t' | 'uint16_t' | 'int16_t' | 'uint32_t' | 'int32_t';

/** Bytes the protocol leaves unused: declared so that offsets and sizes match xcb's, never read. */
export interface Pad {
  readonly padBytes: number;
}

export const pad = (bytes: number): Pad => ({ padBytes: bytes });

type Member = Scalar | Pad | Struct<object>;

/** What reading a struct gives: its members without the pads, nested structs as objects. */
export type Fields<M> = {
  readonly [K in keyof M as M[K] extends Pad ? never : K]: M[K] extends Struct<infer U>
    ? U
    : number;
};

/** A C struct, read from bytes copied out of C memory. */
export interface Struct<T> {
  /** The xcb C name (xcb_screen_t): what to look for in xcb's headers and protocol text. */
  readonly name: string;
  /** sizeof, as in C. */
  readonly size: number;
  /** The strictest alignment of its members, as _Alignof in C. */
  readonly alignment: number;
  /** The same struct declared to koffi (on first use), for prototypes and checks of the layout. */
  readonly type: TypeObject;
  /** Byte offset of a member, as offsetof() in C. */
  offsetOf(member: keyof T & string): number;
  /** The members at `offset` in `bytes`. */
  read(bytes: Buffer, offset?: number): T;
  /** One member of the struct at `offset` in `bytes`. */
  readMember<K extends keyof T & string>(bytes: Buffer, offset: number, member: K): T[K];
}

type Read = (bytes: Buffer, offset: number) => unknown;

interface Field {
  name: string;
  offset: number;
  read: Read;
}

// libxcb asks the server for the client's own byte order, so replies arrive in it.
const LE = endianness() === 'LE';
const SCALARS: Record<Scalar, { size: number; read: Read }> = {
  uint8_t: { size: 1, read: (b, o) => b.readUInt8(o) },
  int8_t: { size: 1, read: (b, o) => b.readInt8(o) },
  uint16_t: { size: 2, read: LE ? (b, o) => b.readUInt16LE(o) : (b, o) => b.readUInt16BE(o) },
  int16_t: { size: 2, read: LE ? (b, o) => b.readInt16LE(o) : (b, o) => b.readInt16BE(o) },
  uint32_t: { size: 4, read: LE ? (b, o) => b.readUInt32LE(o) : (b, o) => b.readUInt32BE(o) },
  int32_t: { size: 4, read: LE ? (b, o) => b.readInt32LE(o) : (b, o) => b.readInt32BE(o) },
};

function readFields(fields: Field[], bytes: Buffer, offset: number): object {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as Field;
    out[field.name] = field.read(bytes, offset + field.offset);
  }
  return out;
}

const alignUp = (n: number, to: number) => Math.ceil(n / to) * to;

/**
 * A struct of `members` in order, each at the next offset its alignment allows (a member of n
 * bytes, n <= 4, aligns to n; a pad to 1; a struct to its strictest member), the size rounded up
 * to the strictest alignment: the C rules, which give xcb's layouts.
 */
export function struct<const M extends Record<string, Member>>(
  name: string,
  members: M,
): Struct<Fields<M>> {
  const fields: Field[] = [];
  const offsets = new Map<string, number>();
  let offset = 0;
  let alignment = 1;
  for (const [key, member] of Object.entries(members)) {
    let size: number;
    let align: number;
    let read: Read | undefined;
    if (typeof member === 'string') {
      const scalar = SCALARS[member];
      size = align = scalar.size;
      read = scalar.read;
    } else if ('padBytes' in member) {
      size = member.padBytes;
      align = 1;
    } else {
      size = member.size;
      align = member.alignment;
      read = (b, o) => member.read(b, o);
    }
    offset = alignUp(offset, align);
    alignment = Math.max(alignment, align);
    offsets.set(key, offset);
    if (read) fields.push({ name: key, offset, read });
    offset += size;
  }
  const byName = new Map(fields.map((field) => [field.name, field]));
  let type: TypeObject | undefined;
  return {
    name,
    size: alignUp(offset, alignment),
    alignment,
    get type() {
      type ??= declare(name, members);
      return type;
    },
    offsetOf: (member) => offsets.get(member) as number,
    read: (bytes, offset = 0) => readFields(fields, bytes, offset) as Fields<M>,
    readMember: (bytes, offset, member) => {
      const field = byName.get(member) as Field;
      return field.read(bytes, offset + field.offset) as Fields<M>[typeof member];
    },
  };
}

/**
 * Declare `name` to koffi, or reuse the declaration when it exists: koffi's type names are global
 * to the thread, and a test runner may evaluate this module twice. Registered as `mss_<name>`,
 * so that another koffi user in the same process keeps its own xcb types.
 */
function declare(name: string, members: Record<string, Member>): TypeObject {
  const registered = `mss_${name}`;
  try {
    return koffi.type(registered) as TypeObject;
  } catch {
    const spec: Record<string, string | TypeObject> = {};
    for (const [key, member] of Object.entries(members)) {
      if (typeof member === 'string') spec[key] = member;
      else if ('padBytes' in member) spec[key] = koffi.array('uint8_t', member.padBytes);
      else spec[key] = member.type;
    }
    return koffi.struct(registered, spec);
  }
}

/**
 * Reads a reply (or the connection setup) from start to end, as the protocol text lists its
 * parts: fixed structs, then the lists whose lengths they hold.
 */
export class ReplyReader {
  #offset = 0;

  constructor(readonly bytes: Buffer) {}

  /** The next struct. */
  struct<T>(s: Struct<T>): T {
    const value = s.read(this.bytes, this.#offset);
    this.#offset += s.size;
    return value;
  }

  /** One member of the next struct, which stays next. */
  peek<T, K extends keyof T & string>(s: Struct<T>, member: K): T[K] {
    return s.readMember(this.bytes, this.#offset, member);
  }

  /** The next `count` structs. */
  list<T>(s: Struct<T>, count: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(this.struct(s));
    return out;
  }

  /** The next `count` CARD32 values (XIDs: CRTC, OUTPUT, MODE...). */
  card32s(count: number): number[] {
    const { read } = SCALARS.uint32_t;
    const out: number[] = [];
    for (let i = 0; i < count; i++, this.#offset += 4)
      out.push(read(this.bytes, this.#offset) as number);
    return out;
  }

  /** The next `count` bytes as text (STRING8: Latin-1). */
  string8(count: number): string {
    const text = this.bytes.toString('latin1', this.#offset, this.#offset + count);
    this.#offset += count;
    return text;
  }

  /** Step over `count` bytes. */
  skip(count: number): void {
    this.#offset += count;
  }

  /** Step to the next multiple of `bytes` (the protocol's `<pad align="4"/>`). */
  align(bytes: number): void {
    this.#offset = Math.ceil(this.#offset / bytes) * bytes;
  }
}

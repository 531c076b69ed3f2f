// Every struct in src/native/types.ts against the protocol text it names: xcb-proto's XML, from
// which xcb's own headers are generated (apt-get install xcb-proto puts it in /usr/share/xcb).
import { existsSync, readFileSync } from 'node:fs';
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import type { Struct } from '../../src/native/struct.js';
import * as types from '../../src/native/types.js';

const XML_DIR = '/usr/share/xcb';
/** The protocol files of the requests mss-ts makes. */
const FILES = ['xproto', 'shm', 'randr', 'damage', 'xfixes', 'render', 'composite'];
/** Shapes shared by every reply, error and event: in xcb.h, not in the protocol text. */
const GENERIC = [
  'xcb_cookie_t',
  'xcb_generic_reply_t',
  'xcb_generic_error_t',
  'xcb_generic_event_t',
];

const BASE_SIZES: Record<string, number> = {
  CARD8: 1,
  INT8: 1,
  BYTE: 1,
  BOOL: 1,
  char: 1,
  void: 1,
  CARD16: 2,
  INT16: 2,
  CARD32: 4,
  INT32: 4,
  float: 4,
  CARD64: 8,
  INT64: 8,
  double: 8,
};

/** A member of a fixed part: where xcb puts it, and how big it is. */
interface Laid {
  name: string;
  offset: number;
  size: number;
}

/** xcb's C name for a protocol name (c_client.py): SCREEN -> screen, GetCrtcInfo -> get_crtc_info. */
function cName(name: string): string {
  if (name === name.toUpperCase()) return name.toLowerCase();
  return (name.match(/[A-Z0-9][a-z]+|[A-Z0-9]+(?![a-z])|[a-z]+/g) ?? []).join('_').toLowerCase();
}

/** xcb prefixes members that are C++ keywords. */
const memberName = (name: string) =>
  ['class', 'new', 'delete', 'default'].includes(name) ? `_${name}` : name;

const attr = (tag: string, name: string) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];

type Layout = { members: Laid[]; size: number };

/** C name (xcb_randr_monitor_info_t) -> the fixed part of that struct, reply or event. */
function readProtocol(): Map<string, () => Layout> {
  const texts = FILES.map((file) =>
    readFileSync(`${XML_DIR}/${file}.xml`, 'utf8')
      .replace(/<doc>[\s\S]*?<\/doc>/g, '')
      .replace(/<!--[\s\S]*?-->/g, ''),
  );
  const sizes = new Map(Object.entries(BASE_SIZES));
  for (const text of texts) {
    for (const [, name] of text.matchAll(/<xid(?:type|union) name="([^"]+)"/g)) {
      sizes.set(name as string, 4);
    }
  }
  // Typedefs may refer to one another across files: resolve until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const text of texts) {
      for (const [, old, alias] of text.matchAll(/<typedef oldname="([^"]+)" newname="([^"]+)"/g)) {
        const size = sizes.get(old as string);
        if (size !== undefined && !sizes.has(alias as string)) {
          sizes.set(alias as string, size);
          changed = true;
        }
      }
    }
  }
  const layouts = new Map<string, () => Layout>();
  /** Laid out when asked for: the protocol has unions and lists that mss-ts never reads. */
  const later = (make: () => Layout) => {
    let layout: Layout | undefined;
    return () => {
      layout ??= make();
      return layout;
    };
  };

  /** The fixed part of `body`: its fields and pads up to the first list. */
  /** `prefix`: the file's (xcb_render_), for structs that nest one of the same file. */
  function lay(body: string, start: Laid[], offset: number, prefix: string): Layout {
    const members = [...start];
    for (const [tag] of body.matchAll(/<(?:field|pad|list|switch|exprfield|fd)\b[^>]*>/g)) {
      if (!/^<(field|pad)\b/.test(tag)) break; // the variable part starts
      if (tag.startsWith('<pad')) {
        const bytes = attr(tag, 'bytes');
        if (bytes === undefined) break; // an alignment pad follows a list
        offset += Number(bytes);
        continue;
      }
      const type = attr(tag, 'type') as string;
      const size =
        sizes.get(type) ??
        (layouts.get(`${prefix}${cName(type)}_t`) ?? layouts.get(`xcb_${cName(type)}_t`))?.().size;
      if (size === undefined) throw new Error(`unknown type ${type} in ${tag}`);
      members.push({ name: memberName(attr(tag, 'name') as string), offset, size });
      offset += size;
    }
    return { members, size: offset };
  }

  /** response_type, the first field or pad (it takes byte 1), then the automatic fields. */
  function head(body: string, automatic: Laid[]): [Laid[], string] {
    const [first, rest] = splitFirst(body);
    const laid: Laid[] = [{ name: 'response_type', offset: 0, size: 1 }];
    const firstName = first && attr(first, 'name');
    if (firstName) laid.push({ name: memberName(firstName), offset: 1, size: 1 });
    return [[...laid, ...automatic], rest];
  }

  for (const text of texts) {
    const header = text.match(/<xcb\b[^>]*>/)?.[0] ?? '';
    const prefix = attr(header, 'extension-xname') ? `xcb_${attr(header, 'header')}_` : 'xcb_';
    for (const [, name, body] of text.matchAll(/<struct name="([^"]+)">([\s\S]*?)<\/struct>/g)) {
      layouts.set(
        `${prefix}${cName(name as string)}_t`,
        later(() => lay(body as string, [], 0, prefix)),
      );
    }
    for (const [, name, request] of text.matchAll(
      /<request name="([^"]+)"[^>]*>([\s\S]*?)<\/request>/g,
    )) {
      const body = (request as string).match(/<reply>([\s\S]*?)<\/reply>/)?.[1];
      if (body === undefined) continue;
      const automatic = [
        { name: 'sequence', offset: 2, size: 2 },
        { name: 'length', offset: 4, size: 4 },
      ];
      layouts.set(
        `${prefix}${cName(name as string)}_reply_t`,
        later(() => {
          const [start, rest] = head(body, automatic);
          return lay(rest, start, 8, prefix);
        }),
      );
    }
    for (const [, tag, body] of text.matchAll(/(<event [^>]*>)([\s\S]*?)<\/event>/g)) {
      const sequenced = attr(tag as string, 'no-sequence-number') !== 'true';
      const automatic = sequenced ? [{ name: 'sequence', offset: 2, size: 2 }] : [];
      layouts.set(
        `${prefix}${cName(attr(tag as string, 'name') as string)}_event_t`,
        later(() => {
          const [start, rest] = head(body as string, automatic);
          return lay(rest, start, sequenced ? 4 : 2, prefix);
        }),
      );
    }
  }
  return layouts;
}

/** The first field or pad of a reply or event (it takes byte 1), and what follows it. */
function splitFirst(body: string): [string | undefined, string] {
  const first = body.match(/<(?:field|pad)\b[^>]*>/);
  if (!first || first.index === undefined) return [undefined, body];
  return [first[0], body.slice(first.index + first[0].length)];
}

const declared = (Object.values(types) as unknown[]).filter(
  (value): value is Struct<object> =>
    typeof value === 'object' && value !== null && 'offsetOf' in value,
);

describe.runIf(existsSync(XML_DIR))('struct layouts against the protocol text', () => {
  const layouts = readProtocol();

  it('finds every declared struct in the protocol text by its xcb name', () => {
    const missing = declared
      .map((s) => s.name)
      .filter((name) => !GENERIC.includes(name) && !layouts.has(name));
    expect(missing).toEqual([]);
  });

  it.each(declared.filter((s) => !GENERIC.includes(s.name)).map((s) => [s.name, s] as const))(
    '%s: members at the protocol offsets and sizes, and the same size',
    (name, s) => {
      const layout = layouts.get(name)?.();
      if (!layout) throw new Error(`${name} is not in the protocol text`);
      // As koffi lays the struct out (the C rules, as the compiler does for xcb's headers)...
      const members = Object.values(s.type.members ?? {});
      const ours = members
        .filter((m) => !/^pad\d*$/.test(m.name))
        .map((m) => ({ name: m.name, offset: m.offset, size: koffi.sizeof(m.type) }));
      // ...every member of the fixed part, in order, none left out and none invented.
      expect(ours).toEqual(layout.members);
      expect(s.type.size).toBe(layout.size);
      // And the layout that the JavaScript reader uses is koffi's.
      for (const m of members)
        expect([m.name, s.offsetOf(m.name as never)]).toEqual([m.name, m.offset]);
      expect(s.size).toBe(s.type.size);
    },
  );
});

it('has the protocol text to check against (apt-get install xcb-proto)', () => {
  expect(existsSync(`${XML_DIR}/xproto.xml`)).toBe(true);
});

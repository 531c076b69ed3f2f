// Output name patterns: "shot-{mon}-{date:%H%M%S}.{ext}". Compiled once, rendered per file; the
// command's -o and the library's shot() name files with them.
import { ScreenShotError } from '../capture/errors.js';
import { hexId } from '../capture/window-id.js';
import { safeComponent } from './safe-name.js';

export const PLACEHOLDERS = [
  'mon',
  'name',
  'left',
  'top',
  'width',
  'height',
  'n',
  'date',
  'ext',
  'window',
  'title',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface PatternValues {
  mon: number;
  name: string;
  left: number;
  top: number;
  width: number;
  height: number;
  n: number;
  date: Date;
  ext: string;
  /** The window captured (-w), when there is one. */
  window?: number | undefined;
  /** Its name. */
  title?: string | undefined;
}

type Part = string | { key: Placeholder; spec: string | undefined };

const DEFAULT_DATE = '%Y-%m-%d_%H-%M-%S';
const STRFTIME = /%([YmdHMSjsL%])/g;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** strftime for the codes mss-ts documents: %Y %m %d %H %M %S %j %s %L %%. Local time. */
export function strftime(date: Date, format: string): string {
  return format.replace(STRFTIME, (_, code: string) => {
    switch (code) {
      case 'Y':
        return String(date.getFullYear());
      case 'm':
        return pad(date.getMonth() + 1);
      case 'd':
        return pad(date.getDate());
      case 'H':
        return pad(date.getHours());
      case 'M':
        return pad(date.getMinutes());
      case 'S':
        return pad(date.getSeconds());
      case 'j': {
        const start = new Date(date.getFullYear(), 0, 1);
        return pad(Math.floor((date.getTime() - start.getTime()) / 86_400_000) + 1, 3);
      }
      case 's':
        return String(Math.floor(date.getTime() / 1000));
      case 'L':
        return pad(date.getMilliseconds(), 3);
      default:
        return '%';
    }
  });
}

function checkSpec(key: Placeholder, spec: string | undefined, pattern: string): void {
  if (spec === undefined) return;
  if (key === 'date') {
    if (spec === '') {
      throw new ScreenShotError(
        `empty date format {date:} in output pattern "${pattern}" (write {date}, or codes as {date:%H%M%S})`,
        'argument',
      );
    }
    const unknown = spec.replace(STRFTIME, '').match(/%./);
    if (unknown) {
      throw new ScreenShotError(
        `unknown date code ${unknown[0]} in output pattern "${pattern}" (known: %Y %m %d %H %M %S %j %s %L %%)`,
        'argument',
      );
    }
    return;
  }
  if (!/^0\d+$/.test(spec) || ['name', 'ext', 'window', 'title'].includes(key)) {
    throw new ScreenShotError(
      `bad format "{${key}:${spec}}" in output pattern "${pattern}" (numbers take a zero-padded width, as {n:06})`,
      'argument',
    );
  }
}

/** A parsed pattern; `uses` tells which placeholders it contains. */
export class OutputPattern {
  readonly uses: ReadonlySet<Placeholder>;
  readonly #parts: Part[];

  /** @throws ScreenShotError (kind `argument`) naming an unknown placeholder or a stray brace. */
  constructor(readonly source: string) {
    const parts: Part[] = [];
    const uses = new Set<Placeholder>();
    let text = '';
    for (let i = 0; i < source.length; i++) {
      const c = source[i] as string;
      if ((c === '{' || c === '}') && source[i + 1] === c) {
        text += c;
        i++;
      } else if (c === '{') {
        const end = source.indexOf('}', i);
        if (end < 0)
          throw new ScreenShotError(
            `unclosed { in output pattern "${source}" (write {{ for a brace)`,
            'argument',
          );
        const body = source.slice(i + 1, end);
        const colon = body.indexOf(':');
        const key = (colon < 0 ? body : body.slice(0, colon)) as Placeholder;
        if (!PLACEHOLDERS.includes(key)) {
          throw new ScreenShotError(
            `unknown placeholder {${body}} in output pattern "${source}" (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')})`,
            'argument',
          );
        }
        const spec = colon < 0 ? undefined : body.slice(colon + 1);
        checkSpec(key, spec, source);
        if (text) parts.push(text);
        text = '';
        parts.push({ key, spec });
        uses.add(key);
        i = end;
      } else if (c === '}') {
        throw new ScreenShotError(
          `unmatched } in output pattern "${source}" (write }} for a brace)`,
          'argument',
        );
      } else {
        text += c;
      }
    }
    if (text) parts.push(text);
    this.#parts = parts;
    this.uses = uses;
  }

  /** The strftime formats of its {date} placeholders ({date} alone has seconds). */
  dateFormats(): string[] {
    return this.#parts.flatMap((part) =>
      typeof part !== 'string' && part.key === 'date' ? [part.spec ?? DEFAULT_DATE] : [],
    );
  }

  render(values: PatternValues): string {
    let out = '';
    for (const part of this.#parts) {
      if (typeof part === 'string') {
        out += part;
      } else if (part.key === 'date') {
        out += strftime(values.date, part.spec ?? DEFAULT_DATE);
      } else if (part.key === 'name') {
        out += safeComponent(values.name); // any X client can name a monitor
      } else if (part.key === 'title') {
        out += safeComponent(values.title ?? ''); // and a window
      } else if (part.key === 'window') {
        out += values.window === undefined ? '' : hexId(values.window);
      } else {
        const value = values[part.key];
        out +=
          part.spec && typeof value === 'number' ? pad(value, Number(part.spec)) : String(value);
      }
    }
    return out;
  }
}

import { describe, expect, it } from 'vitest';
import { ScreenShotError } from '../../src/capture/errors.js';
import { OutputPattern, strftime } from '../../src/output/pattern.js';

const date = new Date(2026, 0, 9, 7, 5, 3, 42); // local time
const values = {
  mon: 2,
  name: 'HDMI-1',
  left: 1920,
  top: 0,
  width: 800,
  height: 600,
  n: 7,
  date,
  ext: 'png',
};

describe('OutputPattern', () => {
  it('fills every placeholder', () => {
    const p = new OutputPattern('{mon}-{name}-{left},{top}-{width}x{height}-{n}.{ext}');
    expect(p.render(values)).toBe('2-HDMI-1-1920,0-800x600-7.png');
  });
  it('zero-pads numbers', () => {
    expect(new OutputPattern('frame-{n:06}.jpg').render(values)).toBe('frame-000007.jpg');
  });
  it('formats dates, by default as YYYY-MM-DD_HH-MM-SS', () => {
    expect(new OutputPattern('{date}').render(values)).toBe('2026-01-09_07-05-03');
    expect(new OutputPattern('{date:%Y/%m/%d/%H%M%S.%L}').render(values)).toBe(
      '2026/01/09/070503.042',
    );
  });
  it('escapes braces', () => {
    expect(new OutputPattern('{{n}}-{n}').render(values)).toBe('{n}-7');
  });
  it('tells which placeholders it uses', () => {
    expect([...new OutputPattern('a-{n:03}-{date:%S}.{ext}').uses]).toEqual(['n', 'date', 'ext']);
  });
  it.each([
    ['shot-{monitor}.png', 'unknown placeholder {monitor} in output pattern "shot-{monitor}.png"'],
    ['shot-{n.png', 'unclosed { in output pattern "shot-{n.png" (write {{ for a brace)'],
    ['shot-}.png', 'unmatched } in output pattern "shot-}.png" (write }} for a brace)'],
    ['{date:%Q}', 'unknown date code %Q in output pattern "{date:%Q}"'],
    ['{n:x}', 'bad format "{n:x}" in output pattern "{n:x}"'],
    ['{name:04}', 'bad format "{name:04}"'],
  ])('refuses %j', (source, message) => {
    expect(() => new OutputPattern(source)).toThrow(ScreenShotError);
    expect(() => new OutputPattern(source)).toThrow(message);
    expect(() => new OutputPattern(source)).toThrow(expect.objectContaining({ kind: 'argument' }));
  });
});

describe('strftime', () => {
  it('knows %j, %s and %%', () => {
    expect(strftime(date, '%j %%')).toBe('009 %');
    expect(strftime(date, '%s')).toBe(String(Math.floor(date.getTime() / 1000)));
  });
});

describe('an empty date format', () => {
  it('is a usage error (kind argument), not an empty name', () => {
    expect(() => new OutputPattern('{date:}.png')).toThrow(
      new ScreenShotError(
        'empty date format {date:} in output pattern "{date:}.png" (write {date}, or codes as {date:%H%M%S})',
        'argument',
      ),
    );
  });
});

describe('names from the X server in a pattern', () => {
  const named = (name: string) =>
    new OutputPattern('shots/{name}-shot.png').render({ ...values, name });
  it.each([
    ['../../evil', 'shots/.._.._evil-shot.png'],
    ['a/b', 'shots/a_b-shot.png'],
    ['tab\there\u0000nul\u001b[31m', 'shots/tab_here_nul_[31m-shot.png'],
    ['\u0085c1', 'shots/_c1-shot.png'],
  ])('%j stays one path component', (name, path) => {
    expect(named(name)).toBe(path);
  });
  it.each(['.', '..', '...', ''])('%j is never a directory of its own', (name) => {
    const rendered = new OutputPattern('{name}').render({ ...values, name });
    expect(rendered).toMatch(/^_+$/);
  });
  it('is cut to 100 bytes without splitting a character', () => {
    const rendered = new OutputPattern('{name}').render({ ...values, name: 'é'.repeat(300) });
    expect(Buffer.byteLength(rendered)).toBe(100);
    expect(rendered).toBe('é'.repeat(50));
    const odd = new OutputPattern('{name}').render({ ...values, name: `x${'é'.repeat(300)}` });
    expect(Buffer.byteLength(odd)).toBe(99);
  });
  it('leaves the text the user wrote alone', () => {
    expect(new OutputPattern('../up/{name}.png').render({ ...values, name: 'A' })).toBe(
      '../up/A.png',
    );
  });
});

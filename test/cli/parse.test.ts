import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  integerFrom,
  parseDuration,
  parseFormat,
  parseGeometry,
  parseLoopDuration,
  parseMonitor,
} from '../../src/cli/parse.js';

const rejects = (fn: () => unknown, message: string) => {
  expect(fn).toThrow(InvalidArgumentError);
  expect(fn).toThrow(message);
};

describe('integerFrom', () => {
  const level = integerFrom(0, 9);
  it('accepts integers in range', () => {
    expect(level('0')).toBe(0);
    expect(level('9')).toBe(9);
  });
  it.each(['10', '-1', '1.5', 'six', ''])('refuses %j', (value) => {
    rejects(() => level(value), 'expected an integer from 0 to 9.');
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['3', 3000],
    ['0', 0],
    ['.25s', 250],
  ])('reads %s as %i ms', (value, ms) => {
    expect(parseDuration(value)).toBe(ms);
  });
  it.each(['', '5x', '-1s', 'ms', '1 s s'])('refuses %j', (value) => {
    rejects(() => parseDuration(value), 'expected a duration such as 500ms, 2s, 1.5m or 1h.');
  });
  it('takes up to a million hours', () => {
    expect(parseDuration('1000000h')).toBe(3_600_000_000_000);
  });
  it.each(['1000001h', '3600000001', '9'.repeat(400)])(
    'refuses %s: too long, or Infinity',
    (value) => {
      rejects(() => parseDuration(value), 'expected a duration up to 1000000h (114 years).');
    },
  );
});

describe('parseLoopDuration', () => {
  it('takes 1 ms and more', () => {
    expect(parseLoopDuration('1ms')).toBe(1);
    expect(parseLoopDuration('2s')).toBe(2000);
  });
  it.each(['0', '0s', '0.0004'])('refuses %j: a loop of no time takes no frame', (value) => {
    rejects(() => parseLoopDuration(value), 'expected a duration of at least 1ms');
  });
});

describe('parseGeometry', () => {
  it('reads X11 geometry', () => {
    expect(parseGeometry('800x600+100+50')).toEqual({
      left: 100,
      top: 50,
      width: 800,
      height: 600,
    });
    expect(parseGeometry('41x41')).toEqual({ left: 0, top: 0, width: 41, height: 41 });
  });
  it('reads X,Y,W,H', () => {
    expect(parseGeometry('100,50,800,600')).toEqual({
      left: 100,
      top: 50,
      width: 800,
      height: 600,
    });
  });
  it.each(['800x600-10+0', '800x', '1,2,3', 'big', '800x600+1'])('refuses %j', (value) => {
    rejects(() => parseGeometry(value), 'expected WxH+X+Y (as 800x600+100+50) or X,Y,W,H.');
  });
  it('takes numbers up to 65535, the most X11 has', () => {
    expect(parseGeometry('65535x1+0+65535')).toEqual({
      left: 0,
      top: 65535,
      width: 65535,
      height: 1,
    });
  });
  it.each(['65536x1', '1x1+0+65536', '0,0,1,70000', `${'9'.repeat(400)}x1`])(
    'refuses %s: larger than any X screen (or Infinity)',
    (value) => {
      rejects(() => parseGeometry(value), 'or X,Y,W,H, each number up to 65535.');
    },
  );
});

describe('parseMonitor', () => {
  it('reads indexes, keywords and names', () => {
    expect(parseMonitor('0')).toEqual({ kind: 'index', index: 0 });
    expect(parseMonitor('2')).toEqual({ kind: 'index', index: 2 });
    expect(parseMonitor('primary')).toEqual({ kind: 'primary' });
    expect(parseMonitor('each')).toEqual({ kind: 'each' });
    expect(parseMonitor('HDMI-1')).toEqual({ kind: 'name', name: 'HDMI-1' });
  });
  it.each(['', '-1'])('refuses %j', (value) => {
    rejects(
      () => parseMonitor(value),
      'expected a monitor number, primary, each or a monitor name.',
    );
  });
});

describe('parseFormat', () => {
  it('reads formats, with jpg for jpeg', () => {
    expect(parseFormat('png')).toBe('png');
    expect(parseFormat('JPG')).toBe('jpeg');
    expect(parseFormat('webp')).toBe('webp');
    expect(parseFormat('raw')).toBe('raw');
  });
  it('refuses others, listing the choices', () => {
    rejects(() => parseFormat('gif'), 'expected one of png, jpeg, webp, raw.');
  });
});

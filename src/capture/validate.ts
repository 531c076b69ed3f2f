// Checks for the options objects of the library, after sharp's lib/is.js: each option is looked
// at once (given? the right type and range? kept, or refused with one kind of message).
import { inspect } from 'node:util';
import { ScreenShotError } from './errors.js';

/** How a received value is shown in a message: short, on one line, control characters escaped. */
function shown(value: unknown): string {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : inspect(value, { depth: 0, breakLength: Number.POSITIVE_INFINITY });
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The error for an option with the wrong type or value, worded as sharp's
 * invalidParameterError: "Expected integer between 0 and 9 for level but received 12 of type
 * number". Its kind is `argument`, a usage error for the command.
 */
export function invalidOption(name: string, expected: string, value: unknown): ScreenShotError {
  return new ScreenShotError(
    `Expected ${expected} for ${name} but received ${shown(value)} of type ${typeof value}`,
    'argument',
  );
}

/** Whether `value` was given (undefined counts as left out). */
export const isDefined = (value: unknown): boolean => value !== undefined;

/** Whether `value` is an integer from `min` to `max`. */
export const isIntegerBetween = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/**
 * `options` as a record of its own keys, each one of `known`; undefined is an empty record.
 * @throws ScreenShotError for something not an object, or a key that is not an option of `what`.
 */
export function optionsOf(
  options: unknown,
  what: string,
  known: readonly string[],
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOption(what, 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw invalidOption(`the name of an option of ${what}`, `one of ${known.join(', ')}`, key);
    }
  }
  return options as Record<string, unknown>;
}

/** An integer from `min` to `max`, or undefined when not given. */
export function integerOption(
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (!isDefined(value)) return undefined;
  if (isIntegerBetween(value, min, max)) return value;
  const range =
    max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `between ${min} and ${max}`;
  throw invalidOption(name, `integer ${range}`, value);
}

/** A finite number of at least `min`, or undefined when not given. */
export function numberOption(name: string, value: unknown, min: number): number | undefined {
  if (!isDefined(value)) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return value;
  throw invalidOption(name, `finite number of at least ${min}`, value);
}

/** One of `choices`, or undefined when not given. */
export function choiceOption<T extends string>(
  name: string,
  value: unknown,
  choices: readonly T[],
): T | undefined {
  if (!isDefined(value)) return undefined;
  if (choices.includes(value as T)) return value as T;
  throw invalidOption(name, `one of ${choices.join(', ')}`, value);
}

/** A boolean, or undefined when not given. */
export function booleanOption(name: string, value: unknown): boolean | undefined {
  if (!isDefined(value)) return undefined;
  if (typeof value === 'boolean') return value;
  throw invalidOption(name, 'boolean', value);
}

/** A string (non-empty when `nonEmpty`), or undefined when not given. */
export function stringOption(name: string, value: unknown, nonEmpty = false): string | undefined {
  if (!isDefined(value)) return undefined;
  if (typeof value === 'string' && (!nonEmpty || value !== '')) return value;
  throw invalidOption(name, nonEmpty ? 'non-empty string' : 'string', value);
}

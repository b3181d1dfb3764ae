/**
 * Value semantics of the expression language: what equal, ordered and scalar mean when the
 * values come from JSON attributes and from form parameters that are all strings.
 */

/** Strings that compare as numbers: `42`, `-7`, `3.5`, `1e3`. No blanks, hex or `Infinity`. */
const NUMERIC = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True for a string that reads as a number (every callback parameter arrives as a string). */
export function isNumericString(value: string): boolean {
  return NUMERIC.test(value);
}

/** Scalars are strings, finite numbers, booleans and null (a missing attribute is null). */
export function isScalar(value: unknown): value is string | number | boolean | null {
  const type = typeof value;
  return value === null || type === 'string' || type === 'boolean' || type === 'number';
}

/** The number a value stands for, when it is a number or a numeric string. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  return typeof value === 'string' && NUMERIC.test(value) ? Number(value) : undefined;
}

/**
 * Equality of two scalars: same type and value, or a number and a numeric string of the same
 * number (`"60" == 60`). Two strings compare exactly (`"1.0" != "1"`); null equals only null.
 */
export function scalarEquals(left: unknown, right: unknown): boolean {
  if (left === right) {
    return isScalar(left);
  }
  if (typeof left === 'number' && typeof right === 'string') {
    return NUMERIC.test(right) && Number(right) === left;
  }
  if (typeof left === 'string' && typeof right === 'number') {
    return NUMERIC.test(left) && Number(left) === right;
  }
  return false;
}

/**
 * Orders two values: numerically when both are numbers or numeric strings, by UTF-16 code units
 * when both are (other) strings; undefined when they cannot be ordered (null, booleans, arrays).
 */
export function compareOrder(left: unknown, right: unknown): number | undefined {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== undefined && b !== undefined) {
    return a - b;
  }
  if (typeof left === 'string' && typeof right === 'string') {
    return left < right ? -1 : left > right ? 1 : 0;
  }
  return undefined;
}

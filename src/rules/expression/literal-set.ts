/**
 * An array literal on the right of `IN` / `NOT IN`, precompiled into hash sets, so membership
 * costs the same for 3 items as for 1,000 and allocates nothing. Agrees with `scalarEquals`:
 * a numeric string finds a number and a number finds a numeric string.
 */
import { isNumericString } from './compare-values.js';
import type { LiteralValue } from './expression-ast.js';

/** Membership in an array literal, with the language's equality. */
export interface LiteralSet {
  has(value: unknown): boolean;
}

/** Builds the set of `values`. */
export function createLiteralSet(values: readonly LiteralValue[]): LiteralSet {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  /** Numeric strings of the literal, by the number they stand for. */
  const numericStrings = new Set<number>();
  const booleans = new Set<boolean>();
  let hasNull = false;
  for (const value of values) {
    if (typeof value === 'string') {
      strings.add(value);
      if (isNumericString(value)) {
        numericStrings.add(Number(value));
      }
    } else if (typeof value === 'number') {
      numbers.add(value);
    } else if (typeof value === 'boolean') {
      booleans.add(value);
    } else {
      hasNull = true;
    }
  }
  return {
    has(value) {
      switch (typeof value) {
        case 'string':
          return (
            strings.has(value) ||
            (numbers.size > 0 && isNumericString(value) && numbers.has(Number(value)))
          );
        case 'number':
          return numbers.has(value) || numericStrings.has(value);
        case 'boolean':
          return booleans.has(value);
        default:
          return value === null && hasNull;
      }
    },
  };
}

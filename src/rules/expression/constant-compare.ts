/**
 * Comparisons against a literal, specialised at load for the shapes most rules use
 * (`task.type == "voice"`, `x != null`, `callback.TaskAge > 60`), so evaluation skips the
 * generic operator's type dispatch. Each specialisation returns exactly what the generic
 * operator in operators.ts returns for that constant (a test checks this on many values).
 */
import { isNumericString } from './compare-values.js';
import type { LiteralValue } from './expression-ast.js';
import type { OperatorName } from './operators.js';

type Check = (left: unknown) => boolean;

const ORDER: Partial<Record<OperatorName, (difference: number) => boolean>> = {
  '>': (difference) => difference > 0,
  '>=': (difference) => difference >= 0,
  '<': (difference) => difference < 0,
  '<=': (difference) => difference <= 0,
};

/** `x > 60` and friends: a number, or a numeric string, against a number constant. */
function orderAgainst(constant: number, accept: (difference: number) => boolean): Check {
  return (left) => {
    if (typeof left === 'number') {
      return accept(left - constant);
    }
    return typeof left === 'string' && isNumericString(left) && accept(Number(left) - constant);
  };
}

/**
 * A faster check equal to `OPERATORS[op].test(left, constant)`, or undefined when the pair has
 * no specialisation (the generic operator is used then).
 */
export function specializeConstant(op: OperatorName, constant: LiteralValue): Check | undefined {
  // Strict identity is the language's equality for null, booleans and non-numeric strings:
  // only numbers and numeric strings meet across types.
  const identity =
    constant === null ||
    typeof constant === 'boolean' ||
    (typeof constant === 'string' && !isNumericString(constant));
  if (identity && op === '==') {
    return (left) => left === constant;
  }
  if (constant === null && op === '!=') {
    return (left) => left !== null;
  }
  const accept = ORDER[op];
  return typeof constant === 'number' && accept !== undefined
    ? orderAgainst(constant, accept)
    : undefined;
}

/**
 * The comparison operators as a data registry (after json-rules-engine's default operator list):
 * one entry per operator, each a plain function of the two operand values. `compile-expression.ts`
 * looks operators up here; nothing else knows their semantics.
 */
import { compareOrder, isScalar, scalarEquals } from './compare-values.js';

/** The comparison operators, as they are written (keywords in upper case). */
export const OPERATOR_NAMES = [
  '==',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'CONTAINS',
  'HAS',
  'IN',
  'NOT IN',
] as const;
/** One of `OPERATOR_NAMES`. */
export type OperatorName = (typeof OPERATOR_NAMES)[number];

/** How one operator behaves. */
export interface OperatorSpec {
  readonly name: OperatorName;
  /** Whether the operator takes an array on the right (`IN`, `NOT IN`) — literal arrays may only go there. */
  readonly arrayOnRight: boolean;
  readonly test: (left: unknown, right: unknown) => boolean;
}

/** True when `array` holds a value equal to `value` (a plain loop: no allocation per call). */
export function arrayIncludes(array: readonly unknown[], value: unknown): boolean {
  for (let i = 0; i < array.length; i += 1) {
    if (scalarEquals(array[i], value)) {
      return true;
    }
  }
  return false;
}

function ordered(accept: (order: number) => boolean): (left: unknown, right: unknown) => boolean {
  return (left, right) => {
    const order = compareOrder(left, right);
    return order !== undefined && accept(order);
  };
}

/** `==` with null as a value: `x == null` is true exactly when x is missing. */
function equals(left: unknown, right: unknown): boolean {
  return left === null || right === null ? left === right : scalarEquals(left, right);
}

/** `!=`: the negation of `==` for scalars and null; false when an array or object meets a scalar. */
function notEquals(left: unknown, right: unknown): boolean {
  if (left === null || right === null) {
    return left !== right;
  }
  return isScalar(left) && isScalar(right) && !scalarEquals(left, right);
}

function isIn(left: unknown, right: unknown): boolean {
  return isScalar(left) && Array.isArray(right) && arrayIncludes(right, left);
}

const list: readonly OperatorSpec[] = [
  { name: '==', arrayOnRight: false, test: equals },
  { name: '!=', arrayOnRight: false, test: notEquals },
  { name: '>', arrayOnRight: false, test: ordered((order) => order > 0) },
  { name: '>=', arrayOnRight: false, test: ordered((order) => order >= 0) },
  { name: '<', arrayOnRight: false, test: ordered((order) => order < 0) },
  { name: '<=', arrayOnRight: false, test: ordered((order) => order <= 0) },
  {
    name: 'CONTAINS',
    arrayOnRight: false,
    test: (left, right) =>
      typeof left === 'string' && typeof right === 'string' && left.includes(right),
  },
  {
    name: 'HAS',
    arrayOnRight: false,
    test: (left, right) => Array.isArray(left) && isScalar(right) && arrayIncludes(left, right),
  },
  { name: 'IN', arrayOnRight: true, test: isIn },
  {
    name: 'NOT IN',
    arrayOnRight: true,
    test: (left, right) => isScalar(left) && Array.isArray(right) && !arrayIncludes(right, left),
  },
];

/** Every operator by name. */
export const OPERATORS: Readonly<Record<OperatorName, OperatorSpec>> = Object.freeze(
  Object.fromEntries(list.map((spec) => [spec.name, Object.freeze(spec)])) as Record<
    OperatorName,
    OperatorSpec
  >,
);

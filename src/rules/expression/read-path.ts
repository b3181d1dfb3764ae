/**
 * Safe, allocation-free attribute lookup. Only own properties of plain objects and in-range
 * indexes of arrays are read; anything else (`__proto__`, `constructor`, inherited keys, getters
 * on class instances) reads as null, exactly like a missing attribute.
 */
import type { CallbackFacts } from '../types.js';
import type { PathRoot } from './expression-ast.js';

/** Reads one operand's value from the facts of a callback at a moment (epoch ms). */
export type ValueReader = (facts: CallbackFacts, now: number) => unknown;

/**
 * Keys never read, even when a parsed JSON object owns them (`JSON.parse('{"__proto__":1}')`
 * creates an own `__proto__` property).
 */
const FORBIDDEN: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * One step down: a name into a plain object, an index into an array; null otherwise.
 * Forbidden names are ruled out when the path compiles (see compilePath).
 */
function step(value: unknown, segment: string | number): unknown {
  if (typeof segment === 'number') {
    return Array.isArray(value) && segment < value.length
      ? ((value[segment] as unknown) ?? null)
      : null;
  }
  if (!isPlainObject(value) || !Object.hasOwn(value, segment)) {
    return null;
  }
  return value[segment] ?? null;
}

const alwaysNull: ValueReader = () => null;

/**
 * Compiles `root.segments…` into a reader that walks the precompiled segment array: no
 * allocation per evaluation. A missing attribute anywhere along the way reads as null.
 * One- and two-step paths (most of them) get a reader without the loop.
 */
export function compilePath(root: PathRoot, segments: readonly (string | number)[]): ValueReader {
  if (segments.some((segment) => typeof segment === 'string' && FORBIDDEN.has(segment))) {
    return alwaysNull;
  }
  const path = Object.freeze([...segments]);
  const [first = '', second = ''] = path;
  if (path.length === 1) {
    return (facts) => step(facts[root], first);
  }
  if (path.length === 2) {
    return (facts) => step(step(facts[root], first), second);
  }
  const length = path.length;
  return (facts) => {
    let value: unknown = facts[root];
    for (let i = 0; i < length && value !== null; i += 1) {
      value = step(value, path[i] as string | number);
    }
    return value;
  };
}

/**
 * Why a compiled condition is false: the smallest parts that made it so, with the values seen.
 * For AND, the first false part; for OR, every part (all were false).
 */
import type { CompiledCondition } from '../expression/compiled-condition.js';
import type { ConditionFailure } from './explanation.js';
import type { CallbackFacts } from '../types.js';

function show(value: unknown): string {
  if (value === null || value === undefined) {
    return 'missing (null)';
  }
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The failures of `node`, which must be false for these facts. */
export function failuresOf(
  node: CompiledCondition,
  facts: CallbackFacts,
  now: number,
): ConditionFailure[] {
  const at = { text: node.text, start: node.start, end: node.end };
  switch (node.kind) {
    case 'all': {
      const first = node.children.find((child) => !child.test(facts, now));
      return first === undefined ? [] : failuresOf(first, facts, now);
    }
    case 'any':
      return node.children.flatMap((child) => failuresOf(child, facts, now));
    case 'compare': {
      const values = [node.left(facts, now), node.right(facts, now)];
      const sides = [
        node.leftText === null ? '' : `${node.leftText} is ${show(values[0])}`,
        node.rightText === null ? '' : `${node.rightText} is ${show(values[1])}`,
      ].filter((side) => side !== '');
      return [{ ...at, values, reason: sides.length === 0 ? 'false' : sides.join(', ') }];
    }
    case 'value': {
      const value = node.read(facts, now);
      const reason = node.describe?.(now) ?? `${node.text} is ${show(value)}`;
      return [{ ...at, values: [value], reason }];
    }
  }
}

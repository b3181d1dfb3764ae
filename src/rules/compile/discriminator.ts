/**
 * Equality conditions that make a rule *keyable*: when a rule's `when` is `P == "x" AND …` (or
 * `P IN ["x", "y"] AND …`), the rule can only match when the value at path P is exactly one of
 * those literals. `rule-index.ts` uses this to skip rules that cannot match, so `decide` need not
 * try thousands of rules one by one.
 *
 * Only non-numeric strings and booleans qualify: for them `==` and `IN` mean strict identity, so
 * a hash lookup gives exactly the same answer as the comparison. (`"5" == 5` is true, so numbers
 * and numeric strings are left out.)
 */
import { isNumericString } from '../expression/compare-values.js';
import type { CompareNode, OperandNode, PathNode } from '../expression/expression-ast.js';
import type { ValueReader } from '../expression/read-path.js';

/** A literal a rule can be indexed under. */
export type KeyValue = string | boolean;

/** A path a rule pins to literal values, and how to read it. */
export interface Discriminator {
  /** The path in a canonical form, e.g. `task.routing[0].type`; equal paths are equal strings. */
  readonly path: string;
  readonly read: ValueReader;
  readonly values: readonly KeyValue[];
}

function keyValue(node: OperandNode): KeyValue | undefined {
  if (node.type !== 'literal') {
    return undefined;
  }
  const { value } = node;
  if (typeof value === 'boolean' || (typeof value === 'string' && !isNumericString(value))) {
    return value;
  }
  return undefined;
}

function pathKey(node: PathNode): string {
  return (
    node.root +
    node.segments
      .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`))
      .join('')
  );
}

/** The discriminator a comparison provides, if any. */
export function discriminatorOf(
  node: CompareNode,
  left: ValueReader,
  right: ValueReader,
): Discriminator | undefined {
  if (node.op === '==') {
    const onLeft = node.left.type === 'path' ? keyValue(node.right) : undefined;
    const onRight = node.right.type === 'path' ? keyValue(node.left) : undefined;
    if (onLeft !== undefined && node.left.type === 'path') {
      return { path: pathKey(node.left), read: left, values: [onLeft] };
    }
    if (onRight !== undefined && node.right.type === 'path') {
      return { path: pathKey(node.right), read: right, values: [onRight] };
    }
  }
  if (node.op === 'IN' && node.left.type === 'path' && node.right.type === 'array') {
    const values = node.right.items.map(keyValue);
    if (values.length > 0 && values.every((value) => value !== undefined)) {
      return { path: pathKey(node.left), read: left, values: values };
    }
  }
  return undefined;
}

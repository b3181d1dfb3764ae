/**
 * A comparison → one closure, specialised at load: `IN [...]` against a precompiled set, a
 * literal right side as a captured constant, otherwise the operator applied to both readers.
 */
import { isScalar } from './compare-values.js';
import type { ExpressionCompiler, Test } from './compiled-condition.js';
import type { CompareNode } from './expression-ast.js';
import { expressionError } from './expression-error.js';
import { createLiteralSet } from './literal-set.js';
import { OPERATORS } from './operators.js';
import { specializeConstant } from './constant-compare.js';
import type { ValueReader } from './read-path.js';

const never: Test = () => false;

/** The test of `node`; array literals anywhere but after IN / NOT IN are recorded as errors. */
export function compileCompare(
  node: CompareNode,
  left: ValueReader,
  right: ValueReader,
  compiler: ExpressionCompiler,
): Test {
  const spec = OPERATORS[node.op];
  if (node.left.type === 'array' || (node.right.type === 'array' && !spec.arrayOnRight)) {
    const at = node.left.type === 'array' ? node.left : node.right;
    const hint = spec.name === '==' ? 'to test membership write: value IN [...]' : undefined;
    compiler.errors.push(
      expressionError(
        compiler.text,
        at.start,
        `an array literal can only follow IN or NOT IN, not ${spec.name}`,
        hint,
      ),
    );
    return never;
  }
  if (node.right.type === 'array') {
    const set = createLiteralSet(node.right.items.map((item) => item.value));
    const negate = node.op === 'NOT IN';
    return (facts, now) => {
      const value = left(facts, now);
      return isScalar(value) && set.has(value) !== negate;
    };
  }
  const test = spec.test;
  if (node.right.type === 'literal') {
    const constant = node.right.value;
    const check = specializeConstant(node.op, constant);
    return check === undefined
      ? (facts, now) => test(left(facts, now), constant)
      : (facts, now) => check(left(facts, now));
  }
  return (facts, now) => test(left(facts, now), right(facts, now));
}

/**
 * Turns a parsed expression into a tree of closures, once, at load. Evaluating a compiled rule
 * walks precompiled segment arrays and sets and allocates nothing.
 */
import { compileCompare } from './compile-compare.js';
import { compileOperand, operandText } from './compile-operand.js';
import type { CompiledCondition, ExpressionCompiler, Test } from './compiled-condition.js';
import { discriminatorOf } from '../compile/discriminator.js';
import type { ConditionNode } from './expression-ast.js';
import type { ExpressionError } from './expression-error.js';
import type { FunctionContext } from './functions.js';
import { parseExpression } from './parse-expression.js';

/** A compiled condition, or every error found in the expression. */
export type CompileResult =
  | { readonly ok: true; readonly condition: CompiledCondition }
  | { readonly ok: false; readonly errors: readonly ExpressionError[] };

function combine(kind: 'all' | 'any', tests: readonly Test[]): Test {
  const want = kind === 'any';
  const [first, second] = tests as [Test, Test];
  if (tests.length === 2) {
    return want ? (f, n) => first(f, n) || second(f, n) : (f, n) => first(f, n) && second(f, n);
  }
  return (facts, now) => {
    for (let i = 0; i < tests.length; i += 1) {
      if ((tests[i] as Test)(facts, now) === want) {
        return want;
      }
    }
    return !want;
  };
}

function compileNode(node: ConditionNode, compiler: ExpressionCompiler): CompiledCondition {
  const base = {
    start: node.start,
    end: node.end,
    text: compiler.text.slice(node.start, node.end),
  };
  switch (node.type) {
    case 'and':
    case 'or': {
      const kind = node.type === 'and' ? 'all' : 'any';
      const children = node.operands.map((child) => compileNode(child, compiler));
      return {
        ...base,
        kind,
        children,
        test: combine(
          kind,
          children.map((child) => child.test),
        ),
      };
    }
    case 'compare': {
      const left = compileOperand(node.left, compiler).read;
      const right = compileOperand(node.right, compiler).read;
      const test = compileCompare(node, left, right, compiler);
      const sides = {
        leftText: operandText(node.left, compiler),
        rightText: operandText(node.right, compiler),
      };
      const compare = {
        ...base,
        kind: 'compare' as const,
        op: node.op,
        left,
        right,
        ...sides,
        test,
      };
      const discriminator = discriminatorOf(node, left, right);
      return discriminator === undefined ? compare : { ...compare, discriminator };
    }
    case 'bare': {
      const { read, describe } = compileOperand(node.operand, compiler);
      // A bare operand is a condition when it is exactly true: `task.vip` means `task.vip == true`.
      const test: Test = (facts, now) => read(facts, now) === true;
      const value = { ...base, kind: 'value' as const, read, test };
      return describe === undefined ? value : { ...value, describe };
    }
  }
}

/**
 * Parses and compiles a `when` expression. Syntax errors and load-time errors (unknown
 * functions, bad schedules, array literals in the wrong place) all come back positioned.
 */
export function compileExpression(text: string, context: FunctionContext): CompileResult {
  const parsed = parseExpression(text);
  if (!parsed.ok) {
    return { ok: false, errors: [parsed.error] };
  }
  const compiler: ExpressionCompiler = { text, context, errors: [] };
  const condition = compileNode(parsed.node, compiler);
  return compiler.errors.length > 0
    ? { ok: false, errors: compiler.errors }
    : { ok: true, condition };
}

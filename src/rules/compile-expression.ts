/**
 * Turns a parsed expression into a tree of closures, once, at load. Evaluating a compiled rule
 * walks precompiled segment arrays and sets and allocates nothing. Each node keeps its source
 * text, so `explain()` can run the very same closures and say which part was false.
 */
import { isScalar } from './compare-values.js';
import type { CompareNode, ConditionNode, OperandNode, Span } from './expression-ast.js';
import { expressionError, type ExpressionError } from './expression-error.js';
import { discriminatorOf, type Discriminator } from './discriminator.js';
import { compileCall, type FunctionContext } from './functions.js';
import { createLiteralSet } from './literal-set.js';
import { OPERATORS, type OperatorName } from './operators.js';
import { parseExpression } from './parse-expression.js';
import { compilePath, type ValueReader } from './read-path.js';
import type { CallbackFacts } from './types.js';

export type Test = (facts: CallbackFacts, now: number) => boolean;

interface NodeBase extends Span {
  /** The node's source text, as written. */
  readonly text: string;
  readonly test: Test;
}

/** A compiled condition, shaped like the syntax tree it came from. */
export type CompiledCondition =
  | (NodeBase & { readonly kind: 'all' | 'any'; readonly children: readonly CompiledCondition[] })
  | (NodeBase & {
      readonly kind: 'compare';
      readonly op: OperatorName;
      readonly left: ValueReader;
      readonly right: ValueReader;
      /** Source text of each side when it is a path or call (null for literals), for explain. */
      readonly leftText: string | null;
      readonly rightText: string | null;
      /** Present when the comparison pins a path to literal values (see discriminator.ts). */
      readonly discriminator?: Discriminator;
    })
  | (NodeBase & {
      readonly kind: 'value';
      readonly read: ValueReader;
      /** For function calls: the wall-clock reading behind the answer. */
      readonly describe?: (now: number) => string;
    });

export type CompileResult =
  | { readonly ok: true; readonly condition: CompiledCondition }
  | { readonly ok: false; readonly errors: readonly ExpressionError[] };

interface Compiler {
  readonly text: string;
  readonly context: FunctionContext;
  readonly errors: ExpressionError[];
}

interface CompiledOperand {
  readonly read: ValueReader;
  readonly describe?: (now: number) => string;
}

const never: Test = () => false;

function compileOperand(node: OperandNode, compiler: Compiler): CompiledOperand {
  switch (node.type) {
    case 'literal': {
      const { value } = node;
      return { read: () => value };
    }
    case 'array': {
      const values = Object.freeze(node.items.map((item) => item.value));
      return { read: () => values };
    }
    case 'path':
      return { read: compilePath(node.root, node.segments) };
    case 'call': {
      const call = compileCall(node.name, node.args, compiler.context);
      if ('test' in call) {
        return { read: (_facts, now) => call.test(now), describe: call.describe };
      }
      const at = call.argument === undefined ? node : (node.args[call.argument] ?? node);
      compiler.errors.push(expressionError(compiler.text, at.start, call.message, call.hint));
      return { read: () => false };
    }
  }
}

function compareTest(
  node: CompareNode,
  left: ValueReader,
  right: ValueReader,
  compiler: Compiler,
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
    return (facts, now) => test(left(facts, now), constant);
  }
  return (facts, now) => test(left(facts, now), right(facts, now));
}

function sideText(node: OperandNode, compiler: Compiler): string | null {
  return node.type === 'path' || node.type === 'call'
    ? compiler.text.slice(node.start, node.end)
    : null;
}

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

function compileNode(node: ConditionNode, compiler: Compiler): CompiledCondition {
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
      const test = compareTest(node, left, right, compiler);
      const sides = {
        leftText: sideText(node.left, compiler),
        rightText: sideText(node.right, compiler),
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
  const compiler: Compiler = { text, context, errors: [] };
  const condition = compileNode(parsed.node, compiler);
  return compiler.errors.length > 0
    ? { ok: false, errors: compiler.errors }
    : { ok: true, condition };
}

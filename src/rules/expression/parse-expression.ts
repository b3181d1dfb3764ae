/**
 * Recursive-descent parser for TaskRouter expressions (taskrouter-facts.md §7):
 *
 * ```
 * expression := and ( OR and )*
 * and        := condition ( AND condition )*
 * condition  := '(' expression ')' | operand [ operator operand ]
 * operator   := == | != | > | >= | < | <= | CONTAINS | HAS | IN | NOT IN
 * ```
 *
 * Keywords are case-insensitive; AND binds tighter than OR, as in SQL.
 */
import type { BareNode, ConditionNode, OperandNode, PathNode } from './expression-ast.js';
import {
  expressionError,
  ExpressionSyntaxError,
  type ExpressionError,
} from './expression-error.js';
import { EXPRESSION_LIMITS } from './limits.js';
import type { OperatorName } from './operators.js';
import { parseOperand, parsePathAfterRoot } from './parse-operand.js';
import { createTokenCursor, describeToken, type TokenCursor } from './token-cursor.js';
import { tokenize } from './tokenize.js';

/** A syntax tree, or the first syntax error. */
export type ParseResult<T> =
  { readonly ok: true; readonly node: T } | { readonly ok: false; readonly error: ExpressionError };

const SYMBOL_OPERATORS: ReadonlySet<string> = new Set(['==', '!=', '>', '>=', '<', '<=']);
const WORD_OPERATORS: ReadonlySet<string> = new Set(['CONTAINS', 'HAS', 'IN']);
const OPERATOR_LIST = '==, !=, >, >=, <, <=, CONTAINS, HAS, IN or NOT IN';

/** The operator at the cursor, consumed; undefined (nothing consumed) when there is none. */
function parseOperator(cursor: TokenCursor): OperatorName | undefined {
  const token = cursor.peek();
  if (token.kind === 'symbol' && SYMBOL_OPERATORS.has(token.value)) {
    cursor.next();
    return token.value as OperatorName;
  }
  if (token.kind !== 'word') {
    return undefined;
  }
  if (WORD_OPERATORS.has(token.upper)) {
    cursor.next();
    return token.upper as OperatorName;
  }
  if (cursor.acceptKeyword('NOT')) {
    if (!cursor.acceptKeyword('IN')) {
      cursor.fail(
        token,
        'NOT is only supported as NOT IN',
        'to test the opposite, compare with == false or use !=',
      );
    }
    return 'NOT IN';
  }
  return undefined;
}

function bare(cursor: TokenCursor, operand: OperandNode): BareNode {
  const booleanLiteral = operand.type === 'literal' && typeof operand.value === 'boolean';
  if (operand.type === 'path' || operand.type === 'call' || booleanLiteral) {
    return { type: 'bare', operand, start: operand.start, end: operand.end };
  }
  return cursor.fail(
    cursor.peek(),
    `expected an operator (${OPERATOR_LIST}) but found ${describeToken(cursor.peek())}`,
  );
}

function parseCondition(cursor: TokenCursor, depth: number): ConditionNode {
  const open = cursor.peek();
  if (cursor.acceptSymbol('(')) {
    if (depth >= EXPRESSION_LIMITS.maxDepth) {
      cursor.fail(open, `parentheses nested too deep (at most ${EXPRESSION_LIMITS.maxDepth})`);
    }
    const inner = parseOr(cursor, depth + 1);
    const close = cursor.peek();
    if (!cursor.acceptSymbol(')')) {
      const { line, column } = expressionError(cursor.text, open.start, '');
      const where = line === 1 ? `column ${column}` : `line ${line}, column ${column}`;
      cursor.fail(
        close,
        `expected ')' to close the '(' at ${where} but found ${describeToken(close)}`,
      );
    }
    // The group's span includes its parentheses, so a parent's text ends where it should.
    return { ...inner, start: open.start, end: close.end };
  }
  const left = parseOperand(cursor);
  const op = parseOperator(cursor);
  if (op === undefined) {
    return bare(cursor, left);
  }
  const right = parseOperand(cursor);
  return { type: 'compare', op, left, right, start: left.start, end: right.end };
}

function parseChain(
  cursor: TokenCursor,
  keyword: 'AND' | 'OR',
  parseItem: () => ConditionNode,
): ConditionNode {
  const first = parseItem();
  const operands = [first];
  while (cursor.acceptKeyword(keyword)) {
    operands.push(parseItem());
  }
  if (operands.length === 1) {
    return first;
  }
  const last = operands[operands.length - 1] as ConditionNode;
  return { type: keyword === 'AND' ? 'and' : 'or', operands, start: first.start, end: last.end };
}

function parseOr(cursor: TokenCursor, depth: number): ConditionNode {
  return parseChain(cursor, 'OR', () =>
    parseChain(cursor, 'AND', () => parseCondition(cursor, depth)),
  );
}

function expectEnd(cursor: TokenCursor): void {
  const token = cursor.peek();
  if (token.kind === 'end') {
    return;
  }
  if (parseOperator(cursor) !== undefined) {
    cursor.fail(token, 'comparisons cannot be chained', 'join two comparisons with AND');
  }
  cursor.fail(
    token,
    `expected AND, OR or the end of the expression but found ${describeToken(token)}`,
  );
}

function run<T>(text: string, parse: (cursor: TokenCursor) => T): ParseResult<T> {
  if (text.length > EXPRESSION_LIMITS.maxLength) {
    const message = `expression too long (${text.length} characters; at most ${EXPRESSION_LIMITS.maxLength})`;
    return { ok: false, error: expressionError(text, EXPRESSION_LIMITS.maxLength, message) };
  }
  try {
    const cursor = createTokenCursor(text, tokenize(text));
    return { ok: true, node: parse(cursor) };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) {
      return { ok: false, error: error.detail };
    }
    throw error;
  }
}

/**
 * Parses a `when` expression into a tree whose nodes carry source spans.
 * Never throws for bad input: a syntax error comes back as `{ ok: false, error }`, positioned at
 * the offending token, saying what was expected.
 */
export function parseExpression(text: string): ParseResult<ConditionNode> {
  if (text.trim() === '') {
    return {
      ok: false,
      error: expressionError(text, 0, 'empty expression', 'leave out `when` to match always'),
    };
  }
  return run(text, (cursor) => {
    const node = parseOr(cursor, 0);
    expectEnd(cursor);
    return node;
  });
}

/** Parses a lone path such as `task.customer.name` (the inside of a `{{…}}` template). */
export function parsePath(text: string): ParseResult<PathNode> {
  return run(text, (cursor) => {
    const token = cursor.next();
    if (token.kind !== 'word') {
      return cursor.fail(
        token,
        `expected a path such as task.name but found ${describeToken(token)}`,
      );
    }
    const path = parsePathAfterRoot(cursor, token);
    const end = cursor.peek();
    if (end.kind !== 'end') {
      cursor.fail(end, `expected the end of the path but found ${describeToken(end)}`);
    }
    return path;
  });
}

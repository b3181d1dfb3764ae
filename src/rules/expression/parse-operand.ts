/**
 * Operands: literals, array literals, paths (`task.a.b[0]`) and function calls.
 */
import { didYouMean } from '../compile/suggest-name.js';
import {
  PATH_ROOTS,
  type ArrayNode,
  type CallNode,
  type LiteralNode,
  type OperandNode,
  type PathNode,
  type PathRoot,
} from './expression-ast.js';
import { EXPRESSION_LIMITS } from './limits.js';
import { describeToken, KEYWORDS, type TokenCursor } from './token-cursor.js';
import type { Token } from './tokenize.js';

const WORD_LITERALS: Readonly<Record<string, boolean | null>> = {
  TRUE: true,
  FALSE: false,
  NULL: null,
};

const VALUE_EXPECTED =
  'a value (a path such as task.type, a string, a number, true, false, null or [...])';

/** A string, number, `true`, `false` or `null` token as a literal node; undefined otherwise. */
function literalOf(token: Token): LiteralNode | undefined {
  const at = { start: token.start, end: token.end };
  if (token.kind === 'string' || token.kind === 'number') {
    return { type: 'literal', value: token.value, ...at };
  }
  if (token.kind === 'word' && token.upper in WORD_LITERALS) {
    return { type: 'literal', value: WORD_LITERALS[token.upper] ?? null, ...at };
  }
  return undefined;
}

/** Comma-separated literals up to `close`; the opening symbol is already consumed. */
function parseLiteralList(
  cursor: TokenCursor,
  close: string,
  max: number,
  what: string,
): LiteralNode[] {
  const items: LiteralNode[] = [];
  if (cursor.acceptSymbol(close)) {
    return items;
  }
  for (;;) {
    const token = cursor.next();
    const literal = literalOf(token);
    if (literal === undefined) {
      cursor.fail(
        token,
        `expected a literal ${what} but found ${describeToken(token)}`,
        'only strings, numbers, true, false and null may appear here',
      );
    }
    items.push(literal);
    if (items.length > max) {
      cursor.fail(token, `too many ${what}s (at most ${max})`);
    }
    if (cursor.acceptSymbol(close)) {
      return items;
    }
    const separator = cursor.peek();
    if (!cursor.acceptSymbol(',')) {
      cursor.fail(separator, `expected ',' or '${close}' but found ${describeToken(separator)}`);
    }
  }
}

function parseArray(cursor: TokenCursor, open: Token): ArrayNode {
  const items = parseLiteralList(cursor, ']', EXPRESSION_LIMITS.maxArrayItems, 'array item');
  return { type: 'array', items, start: open.start, end: cursor.previousEnd() };
}

function parseCall(cursor: TokenCursor, name: Token & { kind: 'word' }): CallNode {
  cursor.next(); // '('
  const args = parseLiteralList(cursor, ')', EXPRESSION_LIMITS.maxArguments, 'function argument');
  return { type: 'call', name: name.value, args, start: name.start, end: cursor.previousEnd() };
}

function checkRoot(cursor: TokenCursor, token: Token & { kind: 'word' }): PathRoot {
  if ((PATH_ROOTS as readonly string[]).includes(token.value)) {
    return token.value as PathRoot;
  }
  const suggestion = didYouMean(token.value, PATH_ROOTS);
  return cursor.fail(
    token,
    `unknown name '${token.value}': a path starts with task., worker. or callback.`,
    suggestion ?? `for a task attribute write task.${token.value}`,
  );
}

/** `root(.name|[n])+`; the root word is already consumed. */
export function parsePathAfterRoot(
  cursor: TokenCursor,
  rootToken: Token & { kind: 'word' },
): PathNode {
  const root = checkRoot(cursor, rootToken);
  const segments: (string | number)[] = [];
  for (;;) {
    if (cursor.acceptSymbol('.')) {
      const name = cursor.next();
      if (name.kind !== 'word') {
        cursor.fail(name, `expected an attribute name after '.' but found ${describeToken(name)}`);
      }
      segments.push(name.value);
    } else if (cursor.acceptSymbol('[')) {
      const index = cursor.next();
      if (index.kind !== 'number' || !Number.isInteger(index.value) || index.value < 0) {
        cursor.fail(index, `expected an array index (0, 1, …) but found ${describeToken(index)}`);
      }
      const close = cursor.next();
      if (close.kind !== 'symbol' || close.value !== ']') {
        cursor.fail(close, `expected ']' but found ${describeToken(close)}`);
      }
      segments.push(index.value);
    } else {
      break;
    }
  }
  if (segments.length === 0) {
    cursor.fail(cursor.peek(), `expected '.' and an attribute name after '${root}'`);
  }
  return { type: 'path', root, segments, start: rootToken.start, end: cursor.previousEnd() };
}

/** Parses one operand. */
export function parseOperand(cursor: TokenCursor): OperandNode {
  const token = cursor.next();
  const literal = literalOf(token);
  if (literal !== undefined) {
    return literal;
  }
  if (token.kind === 'symbol' && token.value === '[') {
    return parseArray(cursor, token);
  }
  if (token.kind === 'word' && !KEYWORDS.has(token.upper)) {
    const next = cursor.peek();
    return next.kind === 'symbol' && next.value === '('
      ? parseCall(cursor, token)
      : parsePathAfterRoot(cursor, token);
  }
  return cursor.fail(token, `expected ${VALUE_EXPECTED} but found ${describeToken(token)}`);
}

import { expressionError, ExpressionSyntaxError } from './expression-error.js';
import type { Token } from './tokenize.js';

/** Reads tokens one at a time for the recursive-descent parser, and raises positioned errors. */
export interface TokenCursor {
  readonly text: string;
  peek(): Token;
  next(): Token;
  /** Where the last consumed token ends (0 before the first). */
  previousEnd(): number;
  /** True (and consumed) when the next token is the keyword `upper`, in any case. */
  acceptKeyword(upper: string): boolean;
  /** True (and consumed) when the next token is the symbol `symbol`. */
  acceptSymbol(symbol: string): boolean;
  fail(token: Token, message: string, hint?: string): never;
}

/** Words with a meaning of their own (compared in upper case). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'HAS',
  'CONTAINS',
  'TRUE',
  'FALSE',
  'NULL',
]);

/** How a token reads in an error message: `'foo'`, `"bar"`, `AND`, `the end of the expression`. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return JSON.stringify(token.value.length > 20 ? `${token.value.slice(0, 20)}…` : token.value);
    case 'number':
      return String(token.value);
    case 'word':
      return KEYWORDS.has(token.upper) ? token.upper : `'${token.value}'`;
    default:
      return `'${token.value}'`;
  }
}

/** A cursor over `tokens`, which must end with an `end` token. */
export function createTokenCursor(text: string, tokens: readonly Token[]): TokenCursor {
  let index = 0;
  const peek = (): Token => tokens[Math.min(index, tokens.length - 1)] as Token;
  const cursor: TokenCursor = {
    text,
    peek,
    next() {
      const token = peek();
      index += 1;
      return token;
    },
    previousEnd: () => tokens[Math.min(index, tokens.length) - 1]?.end ?? 0,
    acceptKeyword(upper) {
      const token = peek();
      const found = token.kind === 'word' && token.upper === upper;
      index += found ? 1 : 0;
      return found;
    },
    acceptSymbol(symbol) {
      const token = peek();
      const found = token.kind === 'symbol' && token.value === symbol;
      index += found ? 1 : 0;
      return found;
    },
    fail(token, message, hint) {
      throw new ExpressionSyntaxError(expressionError(text, token.start, message, hint));
    },
  };
  return cursor;
}

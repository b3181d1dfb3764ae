import { expressionError, ExpressionSyntaxError } from './expression-error.js';

/** Operators and punctuation. */
export type SymbolText = '==' | '!=' | '>=' | '<=' | '>' | '<' | '(' | ')' | '[' | ']' | ',' | '.';

interface Located {
  /** 0-based offsets into the expression text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** One lexical token of the TaskRouter expression language. */
export type Token = Located &
  (
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'number'; readonly value: number }
    /** Names and keywords alike; `upper` makes keyword tests case-insensitive. */
    | { readonly kind: 'word'; readonly value: string; readonly upper: string }
    | { readonly kind: 'symbol'; readonly value: SymbolText }
    | { readonly kind: 'end' }
  );

const WHITESPACE = /\s+/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?![\w.])/y;
const SYMBOL = /==|!=|>=|<=|[<>()[\],.]/y;

/** Characters people reach for from other languages, and what TaskRouter spells instead. */
const MISTAKES: Readonly<Record<string, string>> = {
  '=': "compare with '=='",
  '&': "join conditions with 'AND'",
  '|': "join conditions with 'OR'",
  '!': "use '!=' or 'NOT IN'",
  '-': 'TaskRouter expressions do not support hyphens in names; negative numbers need a digit after the minus',
};

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
};

function match(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** Reads a quoted string starting at `start` (on the quote); returns its value and end offset. */
function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  let at = start + 1;
  while (at < text.length) {
    const char = text[at] as string;
    if (char === quote) {
      return { value, end: at + 1 };
    }
    if (char !== '\\') {
      value += char;
      at += 1;
      continue;
    }
    const escaped = text[at + 1] ?? '';
    const unicode = escaped === 'u' ? /^[0-9a-fA-F]{4}$/.exec(text.slice(at + 2, at + 6)) : null;
    if (unicode !== null) {
      value += String.fromCharCode(parseInt(unicode[0], 16));
      at += 6;
    } else if (ESCAPES[escaped] !== undefined) {
      value += ESCAPES[escaped];
      at += 2;
    } else {
      throw new ExpressionSyntaxError(
        expressionError(
          text,
          at,
          `unknown escape '\\${escaped}' in a string`,
          'write \\\\ for a backslash',
        ),
      );
    }
  }
  throw new ExpressionSyntaxError(
    expressionError(text, start, `unterminated string: expected a closing ${quote}`),
  );
}

function unexpected(text: string, at: number): never {
  const char = text[at] as string;
  if (/\d/.test(char) || (char === '-' && /\d/.test(text[at + 1] ?? ''))) {
    throw new ExpressionSyntaxError(
      expressionError(text, at, 'malformed number', 'numbers look like 42, -7 or 3.5'),
    );
  }
  throw new ExpressionSyntaxError(
    expressionError(text, at, `unexpected character '${char}'`, MISTAKES[char]),
  );
}

/**
 * Splits an expression into tokens, ending with an `end` token.
 * @throws ExpressionSyntaxError on a character or literal the language does not have.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const space = match(WHITESPACE, text, at);
    if (space !== undefined) {
      at += space.length;
      continue;
    }
    const char = text[at];
    if (char === '"' || char === "'") {
      const { value, end } = readString(text, at);
      tokens.push({ kind: 'string', value, start: at, end });
      at = end;
      continue;
    }
    const word = match(WORD, text, at);
    const number = word === undefined ? match(NUMBER, text, at) : undefined;
    const symbol = word === undefined && number === undefined ? match(SYMBOL, text, at) : undefined;
    const end = at + (word ?? number ?? symbol ?? '').length;
    if (word !== undefined) {
      tokens.push({ kind: 'word', value: word, upper: word.toUpperCase(), start: at, end });
    } else if (number !== undefined) {
      tokens.push({ kind: 'number', value: Number(number), start: at, end });
    } else if (symbol !== undefined) {
      tokens.push({ kind: 'symbol', value: symbol as SymbolText, start: at, end });
    } else {
      unexpected(text, at);
    }
    at = end;
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return tokens;
}

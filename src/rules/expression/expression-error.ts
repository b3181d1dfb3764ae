/** A syntax or compile error inside one expression or template, positioned within its text. */
export interface ExpressionError {
  readonly message: string;
  /** 0-based character offset of the offending token in the expression text. */
  readonly offset: number;
  /** 1-based line and column inside the expression text (expressions may span lines). */
  readonly line: number;
  readonly column: number;
  readonly hint?: string;
}

/** Builds an error at `offset` of `text`, computing its line and column. */
export function expressionError(
  text: string,
  offset: number,
  message: string,
  hint?: string,
): ExpressionError {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const base = { message, offset, line, column: offset - lineStart + 1 };
  return hint === undefined ? base : { ...base, hint };
}

/**
 * Thrown inside the parser to unwind to its entry point, which returns the error as data.
 * Never escapes `parseExpression`.
 */
export class ExpressionSyntaxError extends Error {
  readonly detail: ExpressionError;

  constructor(detail: ExpressionError) {
    super(detail.message);
    this.name = new.target.name;
    this.detail = detail;
  }
}

/**
 * Maps a character offset inside a YAML string value (e.g. where an expression error is) to the
 * offset in the file text, for the scalar styles an expression is written in.
 */
import type { Scalar } from 'yaml';

/** Source characters one double-quoted escape takes (`\n` 2, `\x41` 4, `\u00e9` 6, `\U…` 10). */
function escapeLength(next: string | undefined): number {
  return next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
}

function inQuoted(text: string, start: number, end: number, offset: number): number {
  const quote = text[start];
  let at = start + 1;
  for (let seen = 0; seen < offset && at < end; seen += 1) {
    if (quote === "'" && text[at] === "'") {
      at += 2;
    } else if (quote === '"' && text[at] === '\\') {
      at += escapeLength(text[at + 1]);
    } else {
      at += 1;
    }
  }
  return at;
}

/** `|` blocks keep lines as written: line k of the value is line k after the header, indented. */
function inLiteralBlock(
  text: string,
  start: number,
  end: number,
  value: string,
  offset: number,
): number {
  const before = value.slice(0, offset);
  const lineIndex = before.split('\n').length - 1;
  const column = offset - (before.lastIndexOf('\n') + 1);
  const lines = text.slice(start, end).split('\n');
  const content = lines.slice(1);
  const indent = Math.min(
    ...content
      .filter((line) => line.trim() !== '')
      .map((line) => line.length - line.trimStart().length),
  );
  const lineStart =
    start + lines.slice(0, lineIndex + 1).reduce((sum, line) => sum + line.length + 1, 0);
  return lineStart + (Number.isFinite(indent) ? indent : 0) + column;
}

/**
 * The file offset of character `offset` of `scalar`'s value. Exact for single-line plain and
 * quoted scalars and for `|` blocks; other multi-line styles fold lines, and map to the scalar's start.
 */
export function scalarOffset(text: string, scalar: Scalar, offset: number): number {
  const [start, end] = scalar.range ?? [0, 0];
  const singleLine = !text.slice(start, end).includes('\n');
  const value = typeof scalar.value === 'string' ? scalar.value : '';
  switch (scalar.type) {
    case 'PLAIN':
      return singleLine ? start + offset : start;
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE':
      return singleLine ? inQuoted(text, start, end, offset) : start;
    case 'BLOCK_LITERAL':
      return inLiteralBlock(text, start, end, value, offset);
    default:
      return start;
  }
}

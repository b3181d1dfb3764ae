/**
 * Rules problems for a terminal: each as `file:line:column [rule] message`, then the offending
 * source line with a caret under the column, then the hint — so an error inside a `when`
 * expression points at the very token.
 */
import { readFileSync } from 'node:fs';
import { formatRulesProblem, type RulesProblem } from '../../rules/compile/rules-problem.js';

/** Reads a file's text, or undefined when it cannot (the problem is then printed without source). */
export type ReadText = (file: string) => string | undefined;

const readOrUndefined: ReadText = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** The line under the column: tabs kept (so the caret lines up), everything else a space. */
function caretLine(source: string, column: number): string {
  const before = source.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
  return `${before}^`;
}

function sourceLines(problem: RulesProblem, text: string | undefined): string[] {
  const source = text?.split(/\r?\n/)[problem.line - 1];
  if (source === undefined || source.trim() === '') {
    return [];
  }
  const number = String(problem.line);
  const gutter = ' '.repeat(number.length);
  return [`  ${number} | ${source}`, `  ${gutter} | ${caretLine(source, problem.column)}`];
}

/**
 * Formats every problem with its source line; files are read once each, through `read`.
 * @example
 * io.stdout(`${formatProblemsWithSource(error.problems).join('\n')}\n`);
 */
export function formatProblemsWithSource(
  problems: readonly RulesProblem[],
  read: ReadText = readOrUndefined,
): string[] {
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string) => {
    if (!texts.has(file)) {
      texts.set(file, read(file));
    }
    return texts.get(file);
  };
  return problems.flatMap((problem) => {
    const { hint, ...located } = problem;
    return [
      formatRulesProblem(located),
      ...sourceLines(problem, textOf(problem.file)),
      ...(hint === undefined ? [] : [`  hint: ${hint}`]),
    ];
  });
}

/** `1 problem`, `3 problems`: counts in the summaries of the rules commands. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

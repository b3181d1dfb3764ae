/**
 * Where a problem was found and what to do about it: the one shape every load-time error of the
 * rules engine takes, so a person can jump to `file:line:column` and fix it.
 */

/** A 1-based line and column in a rules file. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A position in a named file. */
export interface SourceLocation extends SourcePosition {
  readonly file: string;
}

/** Keys and list indexes from the top of a document down to one value, e.g. `['rules', 2, 'when']`. */
export type DataPath = readonly (string | number)[];

/** One thing wrong with the rules files, where it is, and how to fix it. */
export interface RulesProblem extends SourceLocation {
  /** The rule the problem belongs to, when there is one. */
  readonly rule?: string;
  /** The data path in the printed form `rules[2].params.timeout`. */
  readonly path: string;
  readonly message: string;
  /** How to fix it, e.g. "did you mean 'timeout'?". */
  readonly hint?: string;
  /** Absent for errors; a warning never refuses the rules (see `rules check --strict`). */
  readonly severity?: 'warning';
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Prints a data path as `rules[2].params.timeout`; keys that are not plain names are quoted
 * (`schedules["after hours"]`).
 */
export function formatDataPath(path: DataPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (SIMPLE_KEY.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else {
      out += `[${JSON.stringify(segment)}]`;
    }
  }
  return out;
}

/** Prints one problem as `file:line:column [rule] message (hint)`. */
export function formatRulesProblem(problem: RulesProblem): string {
  const rule = problem.rule === undefined ? '' : ` [${problem.rule}]`;
  const hint = problem.hint === undefined ? '' : ` (${problem.hint})`;
  const warning = problem.severity === 'warning' ? ' warning:' : '';
  return `${problem.file}:${problem.line}:${problem.column}${rule}${warning} ${problem.message}${hint}`;
}

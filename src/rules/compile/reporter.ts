import type { RulesDocument } from './rules-document.js';
import {
  formatDataPath,
  type DataPath,
  type RulesProblem,
  type SourceLocation,
} from './rules-problem.js';

/** Extra detail for a problem. */
export interface ReportOptions {
  readonly rule?: string | undefined;
  readonly hint?: string | undefined;
  /** Point at the key rather than the value. */
  readonly key?: boolean;
  /** A character offset inside the string value. */
  readonly offset?: number;
}

/** Turns "this path is wrong" into positioned problems for one document. */
export interface Reporter {
  readonly file: string;
  report(path: DataPath, message: string, options?: ReportOptions): void;
  /** Like report, with severity warning: shown by `rules check`, never refusing the rules. */
  warn(path: DataPath, message: string, options?: ReportOptions): void;
  /** Where the value at `path` is, falling back to its nearest located parent, then 1:1. */
  locate(path: DataPath, options?: ReportOptions): SourceLocation;
}

/** A reporter that appends to `problems` (warnings too, marked with their severity). */
export function createReporter(document: RulesDocument, problems: RulesProblem[]): Reporter {
  const locate = (path: DataPath, options: ReportOptions = {}): SourceLocation => {
    const { key, offset } = options;
    const exact = document.locate(path, {
      ...(key === undefined ? {} : { key }),
      ...(offset === undefined ? {} : { offset }),
    });
    for (let depth = path.length; exact === undefined && depth >= 0; depth -= 1) {
      const found = document.locate(path.slice(0, depth));
      if (found !== undefined) {
        return { file: document.file, line: found.line, column: found.column };
      }
    }
    return { file: document.file, line: exact?.line ?? 1, column: exact?.column ?? 1 };
  };
  const problemAt = (path: DataPath, message: string, options: ReportOptions): RulesProblem => {
    const { rule, hint } = options;
    return {
      ...locate(path, options),
      ...(rule === undefined ? {} : { rule }),
      path: formatDataPath(path),
      message,
      ...(hint === undefined ? {} : { hint }),
    };
  };
  return {
    file: document.file,
    locate,
    report(path, message, options = {}) {
      problems.push(problemAt(path, message, options));
    },
    warn(path, message, options = {}) {
      problems.push({ ...problemAt(path, message, options), severity: 'warning' });
    },
  };
}

/**
 * `RULES_PATH` → a RuleSet: read a file (or a folder's files in name order), parse them with
 * positions, compile, and run the files' own tests. Any problem throws a RulesLoadError that lists
 * them all; a bad rules file never yields a RuleSet.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileRuleSet } from '../rules/compile/compile-rule-set.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { RuleTestCase } from '../rules/tests/rule-test-case.js';
import type { RulesProblem } from '../rules/compile/rules-problem.js';
import {
  ruleTestProblems,
  runRuleTests,
  type RuleTestResult,
} from '../rules/tests/run-rule-tests.js';
import { parseRulesText } from './parse-rules-text.js';
import { RulesLoadError } from './rules-load-error.js';

/** Rules loaded from disk, ready to use. */
export interface LoadedRules {
  readonly ruleSet: RuleSet;
  /** The files read, in the order their rules apply. */
  readonly files: readonly string[];
  readonly tests: readonly RuleTestCase[];
  readonly testResults: readonly RuleTestResult[];
  /** Risky templates and the like: shown by `rules check`, never refusing the rules. */
  readonly warnings: readonly RulesProblem[];
}

/** How to load rules. */
export interface LoadRulesOptions {
  /**
   * The moment test cases without `at:` are decided at (epoch ms).
   * @defaultValue `Date.now()`
   */
  readonly now?: number;
  /**
   * Run the files' `tests:` and refuse the rules when one fails.
   * @defaultValue true
   */
  readonly runTests?: boolean;
}

const RULES_FILE = /\.(ya?ml|json)$/i;

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) {
    return [path];
  }
  const names = readdirSync(path).filter((name) => RULES_FILE.test(name) && !name.startsWith('.'));
  // Code-point order, not locale order: the same folder gives the same rule order everywhere.
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((name) => join(path, name));
}

function readFiles(path: string): Array<{ file: string; text: string }> {
  try {
    return listFiles(path).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RulesLoadError(path, [
      {
        file: path,
        line: 1,
        column: 1,
        path: '',
        message: `cannot read rules: ${reason}`,
        hint: 'check RULES_PATH',
      },
    ]);
  }
}

/** A short content hash over the files' names and texts: equal rules, equal version. */
export function rulesVersion(files: ReadonlyArray<{ file: string; text: string }>): string {
  const hash = createHash('sha256');
  for (const { file, text } of files) {
    hash.update(`${basename(file)}\0${text.length}\0${text}\0`);
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * Loads the rules at `path` (a `.yaml`/`.yml`/`.json` file, or a folder of them).
 * @throws RulesLoadError listing every problem, with file, line and column.
 */
export function loadRules(path: string, options: LoadRulesOptions = {}): LoadedRules {
  const files = readFiles(path);
  const parsed = files.map(({ file, text }) => parseRulesText(file, text));
  const syntax: RulesProblem[] = parsed.flatMap((result) => result.problems);
  if (syntax.length > 0) {
    // Half-parsed files would only add confusing follow-up problems: report the syntax first.
    throw new RulesLoadError(path, syntax);
  }
  const compiled = compileRuleSet(
    parsed.map((result) => result.document),
    { version: rulesVersion(files) },
  );
  if (!compiled.ok) {
    throw new RulesLoadError(path, compiled.problems);
  }
  const { ruleSet, tests, warnings } = compiled;
  const testResults =
    options.runTests === false ? [] : runRuleTests(ruleSet, tests, options.now ?? Date.now());
  const failed = ruleTestProblems(testResults);
  if (failed.length > 0) {
    throw new RulesLoadError(path, failed);
  }
  return Object.freeze({
    ruleSet,
    files: Object.freeze(files.map(({ file }) => file)),
    tests,
    testResults: Object.freeze(testResults),
    warnings,
  });
}

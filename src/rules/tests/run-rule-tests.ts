/**
 * Runs a rules file's own `tests:` against a rule set.
 */
import type { RuleSet } from '../rule-set.js';
import type { RuleTestCase } from './rule-test-case.js';
import type { RulesProblem } from '../compile/rules-problem.js';
import type { Decision, ParamValue } from '../types.js';

/** The outcome of one rule test case. */
export interface RuleTestResult {
  readonly test: RuleTestCase;
  readonly passed: boolean;
  readonly decision: Decision;
  /** What differed, e.g. `expected rule "a" but got "b"`; empty when passed. */
  readonly failures: readonly string[];
}

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

function sameValue(expected: ParamValue, actual: ParamValue | undefined): boolean {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length === actual.length && expected.every((item, i) => item === actual[i]);
  }
  return expected === actual;
}

function compare(test: RuleTestCase, decision: Decision): string[] {
  const { expect } = test;
  const failures: string[] = [];
  const check = (what: string, expected: unknown, actual: unknown): void => {
    if (expected !== undefined && expected !== actual) {
      failures.push(`expected ${what} ${show(expected)} but got ${show(actual)}`);
    }
  };
  check('rule', expect.rule, decision.rule);
  check('instruction', expect.instruction, decision.instruction?.kind ?? null);
  check('mode', expect.mode, decision.mode);
  check('delay', expect.delay, decision.delaySeconds);
  for (const [name, expected] of Object.entries(expect.params ?? {})) {
    const actual = decision.instruction?.params[name];
    if (!sameValue(expected, actual)) {
      failures.push(`expected params.${name} ${show(expected)} but got ${show(actual)}`);
    }
  }
  return failures;
}

/** Decides each case (at its `at`, else at `now`) and compares with its expectation. */
export function runRuleTests(
  ruleSet: RuleSet,
  tests: readonly RuleTestCase[],
  now: number,
): RuleTestResult[] {
  return tests.map((test) => {
    const decision = ruleSet.decide(test.facts, test.at ?? now);
    const failures = compare(test, decision);
    return { test, passed: failures.length === 0, decision, failures };
  });
}

/** Failed results as load problems, positioned at their test case. */
export function ruleTestProblems(results: readonly RuleTestResult[]): RulesProblem[] {
  return results
    .filter((result) => !result.passed)
    .map(({ test, failures }) => ({
      ...test.source,
      path: test.path,
      message: `test '${test.name}' failed: ${failures.join('; ')}`,
    }));
}

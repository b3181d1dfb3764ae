/**
 * Helpers for rules-engine tests: compile YAML text through the real loader's parser (so
 * problems carry real lines and columns), and evaluate single expressions.
 */
import { parseRulesText } from '../../src/config/parse-rules-text.js';
import { formatRulesProblems } from '../../src/config/rules-load-error.js';
import { compileExpression } from '../../src/rules/expression/compile-expression.js';
import type { CompiledCondition } from '../../src/rules/expression/compiled-condition.js';
import {
  compileRuleSet,
  type CompileRuleSetResult,
} from '../../src/rules/compile/compile-rule-set.js';
import type { ExpressionError } from '../../src/rules/expression/expression-error.js';
import type { FunctionContext } from '../../src/rules/expression/functions.js';
import type { RuleSet } from '../../src/rules/rule-set.js';
import type { RulesProblem } from '../../src/rules/compile/rules-problem.js';
import type { CallbackFacts } from '../../src/rules/types.js';
import { createClockCache } from '../../src/rules/schedules/zone-clock.js';

/** Monday 2024-01-15 10:00 UTC: a fixed moment for tests that do not care about time. */
export const MONDAY_10_UTC = Date.UTC(2024, 0, 15, 10, 0);

export type SourceFile = string | { readonly file: string; readonly text: string };

/** Compiles YAML texts (one per file, in order) as the loader would. */
export function compileYaml(...files: SourceFile[]): CompileRuleSetResult {
  const documents = files.map((source, index) => {
    const { file, text } =
      typeof source === 'string' ? { file: `rules-${index}.yaml`, text: source } : source;
    const parsed = parseRulesText(file, text);
    if (parsed.problems.length > 0) {
      throw new Error(`YAML errors in test input:\n${formatRulesProblems(parsed.problems)}`);
    }
    return parsed.document;
  });
  return compileRuleSet(documents, { version: 'test' });
}

/** A RuleSet from YAML that must be valid. */
export function ruleSetOf(...files: SourceFile[]): RuleSet {
  const result = compileYaml(...files);
  if (!result.ok) {
    throw new Error(`unexpected problems:\n${formatRulesProblems(result.problems)}`);
  }
  return result.ruleSet;
}

/** The problems of YAML that must be invalid. */
export function problemsOf(...files: SourceFile[]): readonly RulesProblem[] {
  const result = compileYaml(...files);
  if (result.ok) {
    throw new Error('expected problems, but the rules compiled');
  }
  return result.problems;
}

/** Facts with empty defaults. */
export function factsOf(partial: Partial<CallbackFacts> = {}): CallbackFacts {
  return { task: {}, worker: {}, callback: {}, ...partial };
}

export const functionContext = (): FunctionContext => ({
  schedules: new Map(),
  clock: createClockCache(),
});

/** Compiles one expression, failing the test on errors. */
export function conditionOf(expression: string, context = functionContext()): CompiledCondition {
  const result = compileExpression(expression, context);
  if (!result.ok) {
    throw new Error(`${expression}: ${JSON.stringify(result.errors)}`);
  }
  return result.condition;
}

/** Evaluates one expression against facts at a moment. */
export function evaluate(
  expression: string,
  facts: Partial<CallbackFacts> = {},
  now = MONDAY_10_UTC,
): boolean {
  return conditionOf(expression).test(factsOf(facts), now);
}

/** The errors of an expression that must not compile. */
export function errorsOf(
  expression: string,
  context = functionContext(),
): readonly ExpressionError[] {
  const result = compileExpression(expression, context);
  if (result.ok) {
    throw new Error(`${expression}: expected errors`);
  }
  return result.errors;
}

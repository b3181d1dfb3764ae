/**
 * What `RuleSet.explain()` returns: every rule's verdict, in order, and why.
 */
import type { SourceLocation } from '../compile/rules-problem.js';
import type { Decision } from '../types.js';

/** A part of a `when` that was false. */
export interface ConditionFailure {
  /** Its source text, e.g. `task.language == "es"`. */
  readonly text: string;
  /** 0-based offsets into the rule's `when`. */
  readonly start: number;
  readonly end: number;
  /** The operand values seen: `[left, right]` for a comparison, `[value]` otherwise. */
  readonly values: readonly unknown[];
  /** In words, e.g. `task.language is "en"`. */
  readonly reason: string;
}

/**
 * - `chosen`: the first rule that matched; it decided.
 * - `shadowed`: matched, but an earlier rule decided.
 * - `not-matched`: its `when` was false (see `failures`).
 * - `param-missing`: matched, but a required param rendered empty, so the next rule was tried.
 * - `disabled`: `when: false`.
 */
export type RuleOutcome = 'chosen' | 'shadowed' | 'not-matched' | 'param-missing' | 'disabled';

/** One rule's verdict for the facts explained. */
export interface RuleExplanation {
  readonly rule: string;
  readonly source: SourceLocation;
  readonly when: string | null;
  readonly outcome: RuleOutcome;
  readonly failures: readonly ConditionFailure[];
  readonly missingParam?: string;
}

/** Every rule's verdict, in file order, and the decision. */
export interface Explanation {
  /** The decision `decide` makes, with secret param values masked. */
  readonly decision: Decision;
  readonly rules: readonly RuleExplanation[];
}

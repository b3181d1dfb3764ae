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
 * - `param-refused`: matched, but a rendered value did not fit its param (an address form, an
 *   enum, a SID, a URL part), so the next rule was tried.
 * - `disabled`: `when: false`.
 */
export type RuleOutcome =
  'chosen' | 'shadowed' | 'not-matched' | 'param-missing' | 'param-refused' | 'disabled';

/** One rule's verdict for the facts explained. */
export interface RuleExplanation {
  readonly rule: string;
  readonly source: SourceLocation;
  readonly when: string | null;
  readonly outcome: RuleOutcome;
  readonly failures: readonly ConditionFailure[];
  /** For `param-missing`: the required param. */
  readonly missingParam?: string;
  /** For `param-missing` and `param-refused`: the param and why, without its value. */
  readonly skip?: { readonly param: string; readonly reason: string };
}

/** Every rule's verdict, in file order, and the decision. */
export interface Explanation {
  /** The decision `decide` makes, with secret param values masked. */
  readonly decision: Decision;
  readonly rules: readonly RuleExplanation[];
}

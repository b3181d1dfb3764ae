import type { SourceLocation } from '../compile/rules-problem.js';
import type { CallbackFacts, InstructionKind, InstructionParams, Mode } from '../types.js';

/** What a rule test expects; only the fields given are checked. */
export interface RuleTestExpectation {
  /** The rule that should decide; null for "no rule matches". */
  readonly rule?: string | null;
  /** The instruction kind; null for "leave" (no instruction). */
  readonly instruction?: InstructionKind | null;
  /** Params that must be present with these values; others are not checked. */
  readonly params?: InstructionParams;
  readonly mode?: Mode;
  readonly delay?: number;
}

/** One case of a rules file's `tests:` section. */
export interface RuleTestCase {
  /** The case's `name`, or its position such as `tests[2]`. */
  readonly name: string;
  readonly source: SourceLocation;
  /** The data path of the case, e.g. `tests[2]`. */
  readonly path: string;
  readonly facts: CallbackFacts;
  /** The moment to decide at (epoch ms), from `at:`; the runner's `now` when absent. */
  readonly at?: number;
  readonly expect: RuleTestExpectation;
}

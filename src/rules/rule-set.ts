/**
 * The compiled, frozen result of loading rules files: what the HTTP and worker code consult.
 */
import type { Explanation } from './explain/explanation.js';
import type { SourceLocation } from './compile/rules-problem.js';
import type {
  CallbackFacts,
  Decision,
  InstructionKind,
  Mode,
  RuleDefaults,
  WorkflowSettings,
} from './types.js';

/** What a rule is, as loaded (for logs, the admin API and the CLI). */
export interface CompiledRule {
  readonly name: string;
  readonly instruction: InstructionKind;
  /** The rule's own mode, or the default. */
  readonly mode: Mode;
  readonly delaySeconds: number;
  /** The `when` expression as written; null when the rule always matches. */
  readonly when: string | null;
  /** Where the rule starts in its file. */
  readonly source: SourceLocation;
}

/** Compiled rules, frozen: the only thing the service consults per callback. */
export interface RuleSet {
  /** A hash of the files the rules came from (names and contents). */
  readonly version: string;
  readonly defaults: RuleDefaults;
  /** Per-Workflow settings by WorkflowSid (a prototype-less object). */
  readonly workflows: Readonly<Record<string, WorkflowSettings>>;
  readonly rules: readonly CompiledRule[];
  /**
   * The path `decide` looks rules up by (e.g. `task.type`), or null when it tries them in turn.
   * Informational: the winner is the same either way.
   */
  readonly indexedBy: string | null;
  /**
   * The first rule that matches decides; none matching means `defaults.onNoMatch`.
   * Pure and synchronous; `now` (epoch ms) is the moment schedules are checked against.
   */
  decide(facts: CallbackFacts, now: number): Decision;
  /** Every rule's verdict and why, for people; slower than `decide` and never on the hot path. */
  explain(facts: CallbackFacts, now: number): Explanation;
}

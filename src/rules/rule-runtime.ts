/**
 * A compiled rule as `decide` and `explain` run it: its test and its decision, prebuilt and
 * frozen when its params hold no template, so the common case allocates nothing.
 */
import type { CompiledCondition, Test } from './expression/compiled-condition.js';
import type { RuleDraft } from './compile/compile-rule.js';
import type { CompiledRule } from './rule-set.js';
import { isRuleSkip, type RuleSkip } from './render-params.js';
import type { CallbackFacts, Decision, InstructionParams } from './types.js';

/** A rule ready to run. */
export interface RuleRuntime {
  readonly info: CompiledRule;
  /** Index in the rule set: the order first-match follows. */
  readonly position: number;
  readonly condition: CompiledCondition | null;
  /** `when: false`: the rule never matches. */
  readonly disabled: boolean;
  readonly test: Test;
  /** The decision this rule makes for these facts, or why it cannot be carried out. */
  decision(facts: CallbackFacts): Decision | RuleSkip;
}

const always: Test = () => true;
const never: Test = () => false;

function decisionOf(info: CompiledRule, params: InstructionParams): Decision {
  return Object.freeze({
    rule: info.name,
    instruction: Object.freeze({ kind: info.instruction, params }),
    mode: info.mode,
    delaySeconds: info.delaySeconds,
  });
}

/** Builds the runtime form of `draft`, at `position` in its rule set. */
export function createRuleRuntime(draft: RuleDraft, position: number): RuleRuntime {
  const { info, condition, disabled, params } = draft;
  const fixed = params.fixed === null ? null : decisionOf(info, params.fixed);
  return Object.freeze({
    info,
    position,
    condition,
    disabled,
    test: disabled ? never : (condition?.test ?? always),
    decision: (facts: CallbackFacts) => {
      if (fixed !== null) {
        return fixed;
      }
      const rendered = params.render(facts);
      return isRuleSkip(rendered) ? rendered : decisionOf(info, rendered);
    },
  });
}

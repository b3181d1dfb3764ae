/**
 * Why the rules decided what they did. Runs the same compiled closures as `decide`, in file
 * order and without the index, so the two cannot disagree.
 */
import { failuresOf } from './explain-condition.js';
import type { Explanation, RuleExplanation } from './explanation.js';
import { withSkipped } from '../decide.js';
import { maskSecrets } from '../mask-secrets.js';
import { isRuleSkip } from '../render-params.js';
import type { RuleRuntime } from '../rule-runtime.js';
import type { CallbackFacts, Decision, SkippedRule } from '../types.js';

function explainRule(
  rule: RuleRuntime,
  facts: CallbackFacts,
  now: number,
  decided: boolean,
): { explanation: RuleExplanation; decision?: Decision } {
  const base = { rule: rule.info.name, source: rule.info.source, when: rule.info.when };
  if (rule.disabled) {
    return { explanation: { ...base, outcome: 'disabled', failures: [] } };
  }
  if (rule.condition !== null && !rule.condition.test(facts, now)) {
    return {
      explanation: {
        ...base,
        outcome: 'not-matched',
        failures: failuresOf(rule.condition, facts, now),
      },
    };
  }
  if (decided) {
    return { explanation: { ...base, outcome: 'shadowed', failures: [] } };
  }
  const decision = rule.decision(facts);
  if (isRuleSkip(decision)) {
    const { outcome, param, reason } = decision;
    const missing = outcome === 'param-missing' ? { missingParam: param } : {};
    return {
      explanation: { ...base, outcome, failures: [], ...missing, skip: { param, reason } },
    };
  }
  return { explanation: { ...base, outcome: 'chosen', failures: [] }, decision };
}

/** Explains the decision `rules` (in order) make for `facts` at `now`. */
export function explain(
  rules: readonly RuleRuntime[],
  noMatch: Decision,
  facts: CallbackFacts,
  now: number,
): Explanation {
  let decision: Decision | undefined;
  let skipped: SkippedRule[] | undefined;
  const explanations = rules.map((rule) => {
    const result = explainRule(rule, facts, now, decision !== undefined);
    decision ??= result.decision;
    const { skip } = result.explanation;
    if (decision === undefined && skip !== undefined) {
      (skipped ??= []).push({ rule: rule.info.name, ...skip });
    }
    return result.explanation;
  });
  return { decision: maskSecrets(withSkipped(decision ?? noMatch, skipped)), rules: explanations };
}

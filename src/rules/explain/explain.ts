/**
 * Why the rules decided what they did. Runs the same compiled closures as `decide`, in file
 * order and without the index, so the two cannot disagree.
 */
import { failuresOf } from './explain-condition.js';
import type { Explanation, RuleExplanation } from './explanation.js';
import { maskSecrets } from '../mask-secrets.js';
import type { RuleRuntime } from '../rule-runtime.js';
import type { CallbackFacts, Decision } from '../types.js';

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
  if (typeof decision === 'string') {
    return {
      explanation: { ...base, outcome: 'param-missing', failures: [], missingParam: decision },
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
  const explanations = rules.map((rule) => {
    const result = explainRule(rule, facts, now, decision !== undefined);
    decision ??= result.decision;
    return result.explanation;
  });
  return { decision: maskSecrets(decision ?? noMatch), rules: explanations };
}

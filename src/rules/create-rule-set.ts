import type { RuleDraft } from './compile/compile-rule.js';
import type { Settings } from './compile/compile-settings.js';
import { createDecide } from './decide.js';
import { explain } from './explain/explain.js';
import { createRuleRuntime } from './rule-runtime.js';
import type { RuleSet } from './rule-set.js';
import type { Decision } from './types.js';

/** The decision when no rule matches: `leave` (no instruction) or `reject` with no params. */
function noMatchDecision(settings: Settings): Decision {
  const { mode, onNoMatch } = settings.defaults;
  const instruction =
    onNoMatch === 'reject'
      ? Object.freeze({ kind: 'reject' as const, params: Object.freeze({}) })
      : null;
  return Object.freeze({ rule: null, instruction, mode, delaySeconds: 0 });
}

/** Assembles a frozen RuleSet from checked settings and rules (in file order). */
export function createRuleSet(
  version: string,
  settings: Settings,
  drafts: readonly RuleDraft[],
): RuleSet {
  const runtimes = Object.freeze(drafts.map(createRuleRuntime));
  const noMatch = noMatchDecision(settings);
  const { decide, indexedBy } = createDecide(runtimes, noMatch);
  return Object.freeze({
    version,
    defaults: settings.defaults,
    workflows: settings.workflows,
    rules: Object.freeze(runtimes.map((rule) => rule.info)),
    indexedBy,
    decide,
    explain: (facts, now) => explain(runtimes, noMatch, facts, now),
  } satisfies RuleSet);
}

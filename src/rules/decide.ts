/**
 * First match wins, in file order. With an index (rule-index.ts), only the rules that can match
 * the key value are tried; the order and the winner are those of the linear scan.
 */
import { isRuleSkip, type RuleSkip } from './render-params.js';
import { buildRuleIndex, type RuleIndex } from './rule-index.js';
import type { RuleRuntime } from './rule-runtime.js';
import type { CallbackFacts, Decision, SkippedRule } from './types.js';

/** Picks the decision for a callback's facts at `now` (epoch ms). */
export type Decide = (facts: CallbackFacts, now: number) => Decision;

const NONE: readonly RuleRuntime[] = Object.freeze([]);

/** Notes a rule that matched but could not be carried out; allocates only then. */
function noteSkip(
  skipped: SkippedRule[] | undefined,
  rule: RuleRuntime,
  skip: RuleSkip,
): SkippedRule[] {
  const list = skipped ?? [];
  list.push(Object.freeze({ rule: rule.info.name, param: skip.param, reason: skip.reason }));
  return list;
}

/** `decision`, carrying the rules skipped before it (the common case: none, no copy). */
export function withSkipped(decision: Decision, skipped: SkippedRule[] | undefined): Decision {
  return skipped === undefined
    ? decision
    : Object.freeze({ ...decision, skipped: Object.freeze(skipped) });
}

/** Tries every rule in order. */
export function createLinearDecide(rules: readonly RuleRuntime[], noMatch: Decision): Decide {
  return (facts, now) => {
    let skipped: SkippedRule[] | undefined;
    for (let i = 0; i < rules.length; i += 1) {
      const rule = rules[i] as RuleRuntime;
      if (rule.test(facts, now)) {
        const decision = rule.decision(facts);
        // A param the rule cannot be carried out without: try the next, and say why.
        if (!isRuleSkip(decision)) {
          return withSkipped(decision, skipped);
        }
        skipped = noteSkip(skipped, rule, decision);
      }
    }
    return withSkipped(noMatch, skipped);
  };
}

function createIndexedDecide(index: RuleIndex, noMatch: Decision): Decide {
  const { read, buckets, unkeyed } = index;
  return (facts, now) => {
    const value = read(facts, now);
    const keyed =
      typeof value === 'string' || typeof value === 'boolean' ? (buckets.get(value) ?? NONE) : NONE;
    let i = 0;
    let j = 0;
    let skipped: SkippedRule[] | undefined;
    // Merge the two position-ordered lists, so rules are tried in file order.
    while (i < keyed.length || j < unkeyed.length) {
      const fromKeyed = keyed[i];
      const fromUnkeyed = unkeyed[j];
      const takeKeyed =
        fromUnkeyed === undefined ||
        (fromKeyed !== undefined && fromKeyed.position < fromUnkeyed.position);
      const rule = (takeKeyed ? fromKeyed : fromUnkeyed) as RuleRuntime;
      i += takeKeyed ? 1 : 0;
      j += takeKeyed ? 0 : 1;
      if (rule.test(facts, now)) {
        const decision = rule.decision(facts);
        if (!isRuleSkip(decision)) {
          return withSkipped(decision, skipped);
        }
        skipped = noteSkip(skipped, rule, decision);
      }
    }
    return withSkipped(noMatch, skipped);
  };
}

/**
 * The `decide` of a rule set: indexed when that helps, linear otherwise; `indexedBy` names the
 * key path, or is null.
 */
export function createDecide(
  rules: readonly RuleRuntime[],
  noMatch: Decision,
): { decide: Decide; indexedBy: string | null } {
  const index = buildRuleIndex(rules);
  return index === undefined
    ? { decide: createLinearDecide(rules, noMatch), indexedBy: null }
    : { decide: createIndexedDecide(index, noMatch), indexedBy: index.path };
}

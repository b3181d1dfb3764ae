/**
 * First match wins, in file order. With an index (rule-index.ts), only the rules that can match
 * the key value are tried; the order and the winner are those of the linear scan.
 */
import { buildRuleIndex, type RuleIndex } from './rule-index.js';
import type { RuleRuntime } from './rule-runtime.js';
import type { CallbackFacts, Decision } from './types.js';

/** Picks the decision for a callback's facts at `now` (epoch ms). */
export type Decide = (facts: CallbackFacts, now: number) => Decision;

const NONE: readonly RuleRuntime[] = Object.freeze([]);

/** Tries every rule in order. */
export function createLinearDecide(rules: readonly RuleRuntime[], noMatch: Decision): Decide {
  return (facts, now) => {
    for (let i = 0; i < rules.length; i += 1) {
      const rule = rules[i] as RuleRuntime;
      if (rule.test(facts, now)) {
        const decision = rule.decision(facts);
        // A required param that rendered empty: the rule cannot be carried out; try the next.
        if (typeof decision !== 'string') {
          return decision;
        }
      }
    }
    return noMatch;
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
        if (typeof decision !== 'string') {
          return decision;
        }
      }
    }
    return noMatch;
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

import type { CompiledRule } from './rule-set.js';
import type { CallbackFacts, Decision, RuleDefaults, WorkflowSettings } from './types.js';

/**
 * What the rest of the service needs of a compiled rules set. Decided wholly by one set: a
 * reload swaps the set between callbacks, never during one.
 */
export interface RulesInForce {
  /** Content hash of the files, recorded on every reservation. */
  readonly version: string;
  readonly defaults: RuleDefaults;
  readonly workflows: Readonly<Record<string, WorkflowSettings>>;
  /** The rules as loaded, in file order (a reservation's timeline says why its rule matched). */
  readonly rules: readonly CompiledRule[];
  decide(facts: CallbackFacts, now: number): Decision;
}

/** Holds the set in force; `replace` is atomic from a callback's point of view. */
export interface RulesSource {
  current(): RulesInForce;
}
/** A RulesSource whose set can be swapped whole; a callback reads `current()` once. */
export interface MutableRulesSource extends RulesSource {
  replace(next: RulesInForce): void;
}

export function createRulesSource(initial: RulesInForce): MutableRulesSource {
  let inForce = initial;
  return {
    current: () => inForce,
    replace(next) {
      inForce = next;
    },
  };
}

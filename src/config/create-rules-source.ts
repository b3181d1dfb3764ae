import type { RulesInForce, RulesSource } from '../rules/rules-in-force.js';

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

import type { RulesInForce } from '../rules/rules-in-force.js';
import type { WorkflowSettings } from '../rules/types.js';

/**
 * The rules as a rehearsal at `speed` runs them: decided at the simulated moment (`now`, so
 * schedules see simulated time), with every duration the service takes from them compressed as
 * the simulator compresses TaskRouter's — reservation timeouts (per workflow and the default) and
 * rule delays, in real seconds. Which rule decides, and with what params, is unchanged.
 */
export function compressRules(rules: RulesInForce, speed: number, now: () => number): RulesInForce {
  const workflows: Record<string, WorkflowSettings> = Object.create(null) as Record<
    string,
    WorkflowSettings
  >;
  for (const [sid, settings] of Object.entries(rules.workflows)) {
    workflows[sid] =
      settings.reservationTimeout === undefined
        ? settings
        : { ...settings, reservationTimeout: settings.reservationTimeout / speed };
  }
  return {
    version: rules.version,
    defaults: { ...rules.defaults, reservationTimeout: rules.defaults.reservationTimeout / speed },
    workflows,
    rules: rules.rules,
    decide(facts) {
      const decision = rules.decide(facts, now());
      return decision.delaySeconds > 0
        ? { ...decision, delaySeconds: decision.delaySeconds / speed }
        : decision;
    },
  };
}

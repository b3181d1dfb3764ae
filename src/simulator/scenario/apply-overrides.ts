import type { Scenario } from './compile-scenario.js';

/** Command-line values that replace the scenario's. */
export interface Overrides {
  readonly speed?: number;
  readonly durationSeconds?: number;
  readonly seed?: number;
  readonly assignmentUrl?: string;
  readonly fallbackUrl?: string;
  readonly eventsUrl?: string;
}

/** The scenario with the given values replacing its own (callback URLs apply to every workflow). */
export function applyOverrides(s: Scenario, o: Overrides): Scenario {
  return {
    ...s,
    speed: o.speed ?? s.speed,
    durationSeconds: o.durationSeconds ?? s.durationSeconds,
    seed: o.seed ?? s.seed,
    eventsUrl: o.eventsUrl ?? s.eventsUrl,
    workflows: s.workflows.map((w) => ({
      ...w,
      assignmentUrl: o.assignmentUrl ?? w.assignmentUrl,
      fallbackUrl: o.fallbackUrl ?? w.fallbackUrl,
    })),
  };
}

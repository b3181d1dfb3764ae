import type { Scenario } from '../simulator/scenario/compile-scenario.js';

/** The shortest real reservation timeout an automatic speed leaves the service, seconds. */
export const MIN_REAL_TIMEOUT_SECONDS = 2;
/** The fastest automatic speed. */
export const MAX_AUTO_SPEED = 60;

/**
 * How much a rehearsal compresses time when `--speed` is not given: the scenario's own `speed`
 * if it sets one, else as much as leaves every workflow's reservation timeout at least two real
 * seconds (the 5-second callback limit and the service's own latencies are not compressed), from
 * 1 to 60. A scenario whose shortest timeout is 30 s runs at 15: a minute of traffic in 4 s.
 */
export function chooseSpeed(scenario: Pick<Scenario, 'speed' | 'workflows'>): number {
  if (scenario.speed !== 1) {
    return scenario.speed;
  }
  const shortest = Math.min(...scenario.workflows.map((w) => w.taskReservationTimeout));
  if (!Number.isFinite(shortest)) {
    return 1;
  }
  return Math.min(MAX_AUTO_SPEED, Math.max(1, Math.floor(shortest / MIN_REAL_TIMEOUT_SECONDS)));
}

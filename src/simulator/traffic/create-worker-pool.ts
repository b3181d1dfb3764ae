import type { Scenario, ScenarioWorker } from '../scenario/compile-scenario.js';
import type { SimClock } from '../types.js';
import type { TimerSet } from './create-timer-set.js';

/** A scenario worker and what it is doing. */
export interface PoolWorker {
  readonly spec: ScenarioWorker;
  /** Drawn once from the worker's attribute template. */
  readonly attributes: Readonly<Record<string, unknown>>;
  state: 'available' | 'reserved' | 'busy' | 'away';
  idleSince: number;
}

export interface WorkerPool {
  readonly workers: readonly PoolWorker[];
  /** Available workers that pass `eligible` and are not excluded, longest idle first (TaskRouter's default order). */
  candidates(eligible: (w: PoolWorker) => boolean, excluded: ReadonlySet<string>): PoolWorker[];
  /** Frees a worker, after `cooldownSeconds` away if above 0. */
  release(w: PoolWorker, cooldownSeconds: number): void;
}

/**
 * @param onAvailable - called whenever a worker becomes available, so waiting tasks can be offered.
 */
export function createWorkerPool(
  scenario: Scenario,
  deps: {
    readonly clock: SimClock;
    readonly timers: TimerSet;
    readonly random: () => number;
    readonly onAvailable: () => void;
  },
): WorkerPool {
  const workers = scenario.workers.map<PoolWorker>((spec) => ({
    spec,
    attributes: spec.attributes(deps.random) as Record<string, unknown>,
    state: 'available',
    idleSince: deps.clock.now(),
  }));
  return {
    workers,
    candidates: (eligible, excluded) =>
      workers
        .filter((w) => w.state === 'available' && eligible(w) && !excluded.has(w.spec.sid))
        .sort((a, b) => a.idleSince - b.idleSince),
    release(w, cooldownSeconds) {
      w.idleSince = deps.clock.now();
      if (cooldownSeconds <= 0) {
        w.state = 'available';
        deps.onAvailable();
        return;
      }
      w.state = 'away';
      deps.timers.later(cooldownSeconds * 1000, () => {
        w.state = 'available';
        w.idleSince = deps.clock.now();
        deps.onAvailable();
      });
    },
  };
}

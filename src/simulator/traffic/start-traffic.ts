import { createSid } from '../create-sid.js';
import { createPrng } from '../faults/create-prng.js';
import type { Scenario } from '../scenario/compile-scenario.js';
import type { Simulator } from '../simulator-types.js';
import { createDispatcher } from './create-dispatcher.js';
import { createTimerSet } from './create-timer-set.js';

/** A running traffic generator. */
export interface Traffic {
  /**
   * Resolves when the arrivals are over and every task is finished, or when the drain time after
   * the last arrival has passed, whichever comes first.
   */
  readonly done: Promise<void>;
  /** Stops arrivals and timers now (reservations stay as they are). */
  stop(): void;
  /** Task counters: arrived, completed, canceled, offers, waiting, reserved, assigned. */
  stats(): Record<string, number>;
}

/**
 * Plays a scenario against a simulator started with its workflows (see
 * `simulatorOptionsFromScenario`): Poisson arrivals per task type for `durationSeconds` of the
 * simulator's clock, each task offered to workers as TaskRouter would (see `createDispatcher`).
 * Adds the task counters to `sim.summary()`.
 *
 * @example
 * const scenario = await loadScenario('config/examples/scenario.yaml');
 * const sim = await startSimulator(simulatorOptionsFromScenario(scenario, { accountSid, authToken }));
 * const traffic = startTraffic(sim, scenario);
 * await traffic.done;
 * console.log(formatSummary(sim.summary()));
 */
export function startTraffic(sim: Simulator, scenario: Scenario): Traffic {
  const { clock } = sim;
  const random = createPrng(scenario.seed);
  const timers = createTimerSet(clock);
  let arrivalsOver = false;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const later = (ms: number, fn: () => void) => timers.later(ms, fn);
  const dispatcher = createDispatcher(sim, scenario, random, () => {
    if (arrivalsOver && dispatcher.open() === 0) {
      stop();
    }
  });

  const startAt = clock.now();
  const endAt = startAt + scenario.durationSeconds * 1000;
  /**
   * Arrival times are laid on the simulated timeline (each gap added to the previous arrival's
   * planned time, not to when its timer fired), so late timers on a busy machine or a fast clock
   * never change how many tasks arrive.
   */
  const scheduleArrival = (type: Scenario['taskTypes'][number], previousAt: number) => {
    // Exponential gaps make a Poisson process with the configured mean rate.
    const gap = type.arrivalPattern === 'uniform' ? 1 : -Math.log(1 - random());
    const at = previousAt + (gap / type.arrivalsPerSecond) * 1000;
    if (at >= endAt) {
      return;
    }
    later(at - clock.now(), () => {
      dispatcher.addTask(createSid('WT'), type, type.attributes(random) as Record<string, unknown>);
      scheduleArrival(type, at);
    });
  };

  function stop(): void {
    timers.clear();
    dispatcher.stop();
    finish();
  }

  sim.extendSummary(() => dispatcher.stats());
  for (const type of scenario.taskTypes) {
    if (type.arrivalsPerSecond > 0) {
      scheduleArrival(type, startAt);
    }
  }
  later(endAt - clock.now(), () => {
    arrivalsOver = true;
    if (dispatcher.open() === 0) {
      stop();
      return;
    }
    later(scenario.drainSeconds * 1000, stop);
  });
  return { done, stop, stats: () => dispatcher.stats() };
}

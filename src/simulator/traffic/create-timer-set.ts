import type { SimClock, TimerHandle } from '../types.js';

/** Timers on the simulator's clock that can all be stopped at once. */
export interface TimerSet {
  later(ms: number, fn: () => void): TimerHandle;
  cancel(handle: TimerHandle): void;
  clear(): void;
}

export function createTimerSet(clock: SimClock): TimerSet {
  const timers = new Set<TimerHandle>();
  return {
    later(ms, fn) {
      const t = clock.setTimer(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
      return t;
    },
    cancel(handle) {
      clock.clearTimer(handle);
      timers.delete(handle);
    },
    clear() {
      for (const t of timers) {
        clock.clearTimer(t);
      }
      timers.clear();
    },
  };
}

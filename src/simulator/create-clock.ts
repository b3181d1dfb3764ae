import type { SimClock, TimerHandle } from './types.js';

/**
 * The wall clock, optionally sped up: with `speed` 10, ten simulated seconds pass in one real
 * second, and `now()` advances ten times as fast from the moment the clock was made.
 *
 * Timers are `unref`ed, so a simulator left open does not keep a test process alive.
 *
 * @example
 * const clock = createClock({ speed: 20 }); // a 60 s scenario in 3 s
 */
export function createClock(opts: { speed?: number } = {}): SimClock {
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`clock speed must be a positive number, got ${speed}`);
  }
  const origin = Date.now();
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: () => (speed === 1 ? Date.now() : origin + (Date.now() - origin) * speed),
    setTimer(fn, ms) {
      const id = nextId++;
      const timer = setTimeout(
        () => {
          timers.delete(id);
          fn();
        },
        Math.max(0, ms / speed),
      );
      timer.unref();
      timers.set(id, timer);
      return { id };
    },
    clearTimer(handle: TimerHandle) {
      clearTimeout(timers.get(handle.id));
      timers.delete(handle.id);
    },
  };
}
